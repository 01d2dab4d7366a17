export type QueryValue = string | number | boolean | undefined | readonly string[];

/**
 * An API path with its query string, lists sent as repeated keys (`?engine=a&engine=b`) as the API
 * and its SDK expect. Built here because n8n's request helper serializes a `qs` list as `engine[0]=a`.
 * Empty strings, empty lists and undefined values are left out.
 */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined || value === '') continue;
		const values: readonly unknown[] = Array.isArray(value) ? value : [value];
		for (const single of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(single))}`);
	}
	return parts.length > 0 ? `${path}?${parts.join('&')}` : path;
}

/** One path segment: an id or an `owner:name` reference, percent-encoded as the SDK sends it. */
export function segment(value: string): string {
	return encodeURIComponent(value);
}
