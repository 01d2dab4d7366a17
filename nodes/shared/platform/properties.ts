import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NumberLimit } from '../fields/registry/values';
import { readBoolean } from '../fields/boolean-parameter';
import { expressionGaveNothing, noValueError } from '../fields/expression-result';
import { readNumber } from '../fields/number-parameter';
import { textValue } from '../fields/text-parameter';

/** Bounds of the platform nodes' number parameters, enforced per item since expressions can give anything. */
export const PLATFORM_LIMITS = {
	limit: { min: 1, max: 100_000, integer: true },
	pollIntervalSeconds: { min: 0.1, max: 3_600 },
	timeoutSeconds: { min: 1, max: 7 * 24 * 3_600 },
	timeoutMinutes: { min: 0.01, max: 7 * 24 * 60 },
	tuneSteps: { min: 1, max: 100_000, integer: true },
	tuneSeed: { min: 0, max: 2 ** 32, maxExclusive: true, integer: true },
} as const satisfies Record<string, NumberLimit>;

/**
 * Longest text a list filter takes: longer than any name the API stores, short enough that the query
 * stays far below what servers accept in a URL (a 100,000-character filter would be refused with 431).
 */
export const FILTER_TEXT_MAX = 1_000;

/** A list operation's fields as n8n's list operations show them: "Return All", "Limit" and a "Filters" collection. */
export function listProperties(filters: INodeProperties[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: filters,
		},
	];
}

/** The filters the user added to a list operation (none: an empty object). */
export function readFilters(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
}

/** How many results a list operation asks for: everything, or the Limit. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (readBoolean(ctx, itemIndex, 'returnAll', 'Return All', false)) return undefined;
	return readNumber(ctx, itemIndex, 'limit', 'Limit', PLATFORM_LIMITS.limit, 50);
}

/**
 * A comma-separated list parameter ("a, b"), or a list from an expression, as trimmed, non-empty
 * strings; an entry that is not text (an object, a list) is refused with the field's label.
 */
export function readList(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string): string[] {
	const value: unknown = ctx.getNodeParameter(path, itemIndex, '');
	if (expressionGaveNothing(ctx, path, value)) throw noValueError(ctx, itemIndex, label);
	const entries = Array.isArray(value) ? value : [textValue(ctx, itemIndex, value, label)].flatMap((text) => text.split(','));
	return entries.map((entry) => textValue(ctx, itemIndex, entry, label)).filter(Boolean);
}
