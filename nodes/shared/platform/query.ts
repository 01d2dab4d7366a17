import { NodeOperationError, type IDataObject, type IExecuteFunctions, type ILoadOptionsFunctions } from 'n8n-workflow';

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
 * One path segment: an id or an `owner:name` reference, percent-encoded as the SDK sends it. `.` and
 * `..` (which URL normalisation turns into other paths), empty text and control characters are
 * refused, so whatever a user or an earlier answer gives, the request stays on the resource named.
 */
export function segment(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	value: unknown,
	label: string,
	itemIndex: number,
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const problem =
		typeof value !== 'string'
			? `is ${value === null ? 'null' : typeof value}, not text`
			: text === ''
				? 'is empty'
				: /^\.{1,2}$/.test(text)
					? `"${text}" is not an id or a name`
					: [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
						? 'contains control characters'
						: text.length > 200
							? `is ${text.length} characters long; ids and names are far shorter`
							: undefined;
	if (problem) throw new NodeOperationError(ctx.getNode(), `${label} ${problem}`, { itemIndex });
	return encodeURIComponent(text);
}
