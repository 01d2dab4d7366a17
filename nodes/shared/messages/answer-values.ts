/**
 * Fields of an answer read as the node needs them, whatever type a server sent: a broken or hostile
 * server's number where text belongs must not become a TypeError or a wrong value.
 */

/** Longest JSON of a non-text answer field that a message repeats. */
const ANSWER_JSON_MAX = 300;

/**
 * A field of an answer meant as text (a reason, a description) as text: trimmed when it is text, its
 * JSON (cut to ANSWER_JSON_MAX characters) when the server sent a number, a list or an object, and
 * undefined when absent or blank.
 */
export function answerText(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string') return value.trim() || undefined;
	const json = JSON.stringify(value) ?? String(value);
	return json.length <= ANSWER_JSON_MAX ? json : `${json.slice(0, ANSWER_JSON_MAX)}… (${json.length} characters)`;
}

/** A field meant as a list of texts (trigger words): its texts; a lone text as a list of one. */
export function textList(value: unknown): string[] {
	if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && entry.trim() !== '') : [];
}
