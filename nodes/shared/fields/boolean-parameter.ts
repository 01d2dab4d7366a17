import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { expressionGaveNothing, noValueError } from './expression-result';
import { quote } from '../messages/quote';

/**
 * One true/false parameter of one item (a top-level name or `options.name`): the fallback when unset,
 * and an error naming the field, the value and the item for an expression that gives nothing or
 * anything else than true or false ("yes", 1, an object), instead of a default or a guess.
 */
export function readBoolean(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback: boolean): boolean {
	const value = ctx.getNodeParameter(path, itemIndex, fallback);
	if (expressionGaveNothing(ctx, path, value)) throw noValueError(ctx, itemIndex, label);
	return booleanValue(ctx, itemIndex, value, label) ?? fallback;
}

/** The same rule for a value already read (an Options entry, a collection row): undefined when unset. */
export function booleanValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	throw new NodeOperationError(ctx.getNode(), `${label} (${quote(value)}) must be true or false`, {
		itemIndex,
		description: `Item ${itemIndex}: check the value or the expression that gives it.`,
	});
}
