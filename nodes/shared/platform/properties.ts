import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { NumberLimit } from '../registry/values';
import { readNumber } from '../number-parameter';

/** Bounds of the platform nodes' number parameters, enforced per item since expressions can give anything. */
export const PLATFORM_LIMITS = {
	limit: { min: 1, max: 100_000, integer: true },
	pollIntervalSeconds: { min: 0.1, max: 3_600 },
	timeoutSeconds: { min: 1, max: 7 * 24 * 3_600 },
	timeoutMinutes: { min: 0.01, max: 7 * 24 * 60 },
	tuneSteps: { min: 1, max: 100_000, integer: true },
	tuneSeed: { min: 0, max: 2 ** 32, maxExclusive: true, integer: true },
} as const satisfies Record<string, NumberLimit>;

/** "Return All" and "Limit", as n8n's list operations show them. */
export function returnAllProperties(): INodeProperties[] {
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
	];
}

/** How many results a list operation asks for: everything, or the Limit. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	return readNumber(ctx, itemIndex, 'limit', 'Limit', PLATFORM_LIMITS.limit, 50);
}

/** A comma-separated list parameter ("a, b") as a list of trimmed, non-empty strings. */
export function splitList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((entry) => String(entry).trim()).filter(Boolean);
	if (value === undefined || value === null) return [];
	return String(value)
		.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
}
