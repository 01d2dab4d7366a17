/**
 * Response headers read as their RFCs define them, never loosely: `Number()` would take `0x10`,
 * `1e1`, `5.5` or `-1`, which no RFC allows. Node's HTTP parser already strips the optional white
 * space around a field value and refuses a malformed or conflicting Content-Length itself.
 */

type Headers = Record<string, string | string[] | undefined> | undefined;

/** Longest wait taken from a Retry-After header; a larger one is capped here (docs/reliability.md, "Headers are read by their RFCs"). */
export const MAX_RETRY_AFTER_MS = 120_000;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** RFC 9110 §5.6.7 HTTP-date: IMF-fixdate, and the obsolete RFC 850 and asctime forms it still accepts. */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} (?: \\d|\\d{2}) ${TIME} \\d{4}$`);

/** The first value of a header (Node gives a list for repeated ones). */
function headerValue(headers: Headers, name: string): string | undefined {
	const raw = headers?.[name];
	return Array.isArray(raw) ? raw[0] : raw;
}

/** An HTTP-date in epoch milliseconds, or undefined when `value` is not one. */
export function parseHttpDate(value: string): number | undefined {
	let text: string;
	if (IMF_FIXDATE.test(value) || RFC850_DATE.test(value)) text = value;
	else if (ASCTIME_DATE.test(value)) text = `${value} GMT`; // asctime has no zone; HTTP dates are GMT
	else return undefined;
	const ms = Date.parse(text);
	return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Retry-After (RFC 9110 §10.2.3): `1*DIGIT` seconds or an HTTP-date, in milliseconds from `now`,
 * capped at MAX_RETRY_AFTER_MS; a date in the past is 0. Anything else (`0x10`, `1e1`, `-1`, `5.5`,
 * text) is ignored (undefined), so the caller's own back-off applies.
 */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
	if (value === undefined) return undefined;
	let ms: number | undefined;
	if (/^\d+$/.test(value)) ms = Number(value) * 1000;
	else {
		const date = parseHttpDate(value);
		ms = date === undefined ? undefined : date - now;
	}
	if (ms === undefined || Number.isNaN(ms)) return undefined;
	return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** Retry-After of a response (see parseRetryAfter). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
	return parseRetryAfter(headerValue(headers, 'retry-after'), now);
}

/** Content-Length (RFC 9110 §8.6: `1*DIGIT`) as a safe integer, or undefined when absent or not digits only. */
export function contentLength(headers: Headers): number | undefined {
	const raw = headers?.['content-length'];
	if (Array.isArray(raw) && new Set(raw).size > 1) return undefined; // conflicting values: no length
	const value = headerValue(headers, 'content-length');
	if (value === undefined || !/^\d+$/.test(value)) return undefined;
	const length = Number(value);
	return Number.isSafeInteger(length) ? length : undefined;
}

/**
 * How to decode a body by its Content-Type charset (RFC 9110 §8.3.2): `utf8` when none is declared
 * or it is UTF-8 (or ASCII, its subset); else the WHATWG label to decode with, or `unsupported` with
 * the charset as given when no decoder knows it.
 */
export type BodyCharset = { kind: 'utf8' } | { kind: 'other'; label: string } | { kind: 'unsupported'; label: string };

const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'us-ascii', 'ascii']);

export function bodyCharset(headers: Headers): BodyCharset {
	const type = headerValue(headers, 'content-type') ?? '';
	const match = /;\s*charset\s*=\s*("?)([^";,\s]*)\1/i.exec(type);
	if (!match || match[2] === '') return { kind: 'utf8' };
	const label = match[2].toLowerCase();
	if (UTF8_LABELS.has(label)) return { kind: 'utf8' };
	try {
		const { encoding } = new TextDecoder(label);
		return encoding === 'utf-8' ? { kind: 'utf8' } : { kind: 'other', label };
	} catch {
		return { kind: 'unsupported', label: match[2].slice(0, 40) };
	}
}

/** Decodes a body in a declared charset other than UTF-8; throws a TypeError when the bytes are not valid in it. */
export function decodeBody(bytes: Buffer, label: string): string {
	return new TextDecoder(label, { fatal: true }).decode(bytes);
}
