import type { IDataObject } from 'n8n-workflow';

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

/** One path segment: an id or an `owner:name` reference, percent-encoded as the SDK sends it. */
export function segment(value: string): string {
	return encodeURIComponent(value);
}
