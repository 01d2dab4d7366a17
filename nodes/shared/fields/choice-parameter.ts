import { NodeOperationError, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';

import { expressionGaveNothing, noValueError } from './expression-result';
import { quote } from '../messages/quote';

/** The values an options field offers: its options, or the bare values. */
export type Choices = ReadonlyArray<string | INodePropertyOptions>;

/** Longest list of allowed values an error message spells out (the samplers fit); a longer one is only counted. */
export const LISTED_MAX = 300;

function allowedValues(choices: Choices): unknown[] {
	return choices.map((choice) => (typeof choice === 'object' ? choice.value : choice));
}

/**
 * One value of an options field (a single choice, or one entry of a multi-choice list), checked to be
 * one of the field's values: an expression can give anything, and a value that is none of them would
 * otherwise go to the API (a 422 after the request) or silently switch a filter off. Undefined when unset.
 */
export function choiceValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string, choices: Choices): string | undefined {
	if (value === undefined || value === null) return undefined;
	const allowed = allowedValues(choices);
	if (typeof value === 'string' && allowed.includes(value)) return value;
	const list = allowed.join(', ');
	throw new NodeOperationError(
		ctx.getNode(),
		`${label} (${quote(value)}) must be ${list.length <= LISTED_MAX ? `one of: ${list}` : `one of the ${allowed.length} values the field offers`}`,
		{ itemIndex, description: `Item ${itemIndex}: check the value or the expression that gives it.` },
	);
}

/** An options parameter of one item by path, the same way; `fallback` when unset. */
export function readChoice(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, choices: Choices, fallback?: string): string | undefined {
	// null when unset without a fallback: n8n throws "Could not get parameter" for undefined.
	const value = ctx.getNodeParameter(path, itemIndex, fallback ?? null);
	if (expressionGaveNothing(ctx, path, value)) throw noValueError(ctx, itemIndex, label);
	return choiceValue(ctx, itemIndex, value, label, choices) ?? fallback;
}

/** A multi-choice value (a list, or one value from an expression), each entry checked; [] when unset. */
export function choiceList(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string, choices: Choices): string[] {
	if (value === undefined || value === null) return [];
	const entries = Array.isArray(value) ? value : [value];
	return entries.map((entry) => choiceValue(ctx, itemIndex, entry, label, choices) as string);
}
