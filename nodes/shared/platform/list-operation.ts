import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readBoolean } from '../fields/boolean-parameter';
import { readNumber } from '../fields/number-parameter';
import { PLATFORM_LIMITS } from './limits';

// A list operation of the platform nodes (assets, tunes): its editor fields and their readers.

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
