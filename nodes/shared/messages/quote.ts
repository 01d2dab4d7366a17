/** Longest part of a user's value an error message repeats. */
export const QUOTE_MAX = 60;

/**
 * A value for an error message: text quoted, and cut to its first QUOTE_MAX characters with the full
 * length noted, so a pasted data URI or a long expression result never becomes the message.
 */
export function quote(value: unknown, max = QUOTE_MAX): string {
	// Text is quoted so spaces and emptiness show; a number or boolean stands as it is.
	const marks = typeof value === 'string' ? '"' : '';
	// A list or an object is named, never spelled "1,2" or "[object Object]".
	const text =
		typeof value === 'string' ? value : Array.isArray(value) ? 'a list' : value !== null && typeof value === 'object' ? 'an object' : String(value);
	return text.length <= max ? `${marks}${text}${marks}` : `${marks}${text.slice(0, max)}…${marks} (${text.length} characters)`;
}
