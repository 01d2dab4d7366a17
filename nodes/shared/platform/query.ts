import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import type { RequestContext } from '../http/api-request';
import { referenceError, referenceProblem } from '../fields/asset-references';

export type QueryValue = string | number | boolean | undefined | readonly string[];

/**
 * Query parameters without the unset ones (undefined, empty strings, empty lists), so filters the user
 * left empty are not sent. The transport sends lists as repeated keys.
 */
export function compactQuery(params: Record<string, QueryValue>): IDataObject {
	const query: IDataObject = {};
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
		query[key] = Array.isArray(value) ? [...value] : (value as string | number | boolean);
	}
	return query;
}

/**
 * One path segment: an id or an `owner:name` reference, percent-encoded as the SDK sends it, refused
 * by referenceProblem's rule (e.g. `.` and `..`, which URL normalisation turns into other paths), so
 * whatever a user or an earlier answer gives, the request stays on the resource named.
 */
export function segment(
	ctx: RequestContext,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	if (typeof value !== 'string') {
		throw new NodeOperationError(ctx.getNode(), `${label} is ${value === null ? 'null' : typeof value}, not text`, { itemIndex });
	}
	const text = value.trim();
	const problem = referenceProblem(text);
	if (problem) throw new NodeOperationError(ctx.getNode(), referenceError(label, text, problem), { itemIndex });
	return encodeURIComponent(text);
}
