/**
 * The one filter for text that leaves the node (error messages, descriptions, the error item, the
 * error's stored response): the API token and any URL credentials are removed wherever they came
 * from (a server echoing the Authorization header, a proxy's error page), image data is cut out and
 * the length is bounded, so a hostile or broken server cannot put secrets or megabytes into run data.
 */

/** Longest error text kept; the API's own message is rarely more than a few hundred characters. */
export const MAX_ERROR_TEXT = 2_000;

/** Base64 runs this long are image data (or worse), never words a user needs to read. */
const BASE64_RUN = /[A-Za-z0-9+/_-]{200,}={0,2}/g;
/** `scheme://user:password@host`: the userinfo part of any URL. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
/** An Authorization header's value as servers echo it, in JSON or plain text. */
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi;
/** A bearer credential anywhere ("Bearer abc…"); the word alone is left. */
const BEARER = /\b([Bb]earer)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** Secrets shorter than this are not searched for: a one-letter "token" would blank every message. */
const MIN_SECRET_LENGTH = 4;

/** Text looked at, at most: a 5 MB error body is cut to this before the (linear) scrubbing passes. */
const MAX_SCANNED = 64 * 1024;

/** `text` with the secrets, URL userinfo, auth values and image data removed, cut to `max` characters. */
export function safeText(text: string, secrets: readonly string[] = [], max = MAX_ERROR_TEXT): string {
	let clean = text;
	if (clean.length > MAX_SCANNED) {
		// Cut before scrubbing, but never inside a secret or a URL (one left unfinished is dropped).
		clean = cutOutsideSecrets(clean, MAX_SCANNED, secrets).replace(/[a-z][a-z0-9+.-]*:\/\/\S*$/i, '');
	}
	clean = withoutUrlUserinfo(removeSecrets(clean, secrets))
		.replace(AUTH_HEADER, '$1[redacted]')
		.replace(BEARER, '$1 [redacted]')
		.replace(BASE64_RUN, '[data removed]');
	return clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters cut)` : clean;
}

/** `text` with the user:password@ part of every URL in it replaced by "[redacted]@". */
export function withoutUrlUserinfo(text: string): string {
	return text.replace(URL_USERINFO, '$1[redacted]@');
}

/** `text` cut to `limit` characters, or earlier where a secret spanning the cut starts, so no part of one is kept. */
export function cutOutsideSecrets(text: string, limit: number, secrets: readonly string[]): string {
	let cut = limit;
	for (const secret of secrets) {
		const at = secret.length >= MIN_SECRET_LENGTH ? text.lastIndexOf(secret, limit - 1) : -1;
		if (at !== -1 && at + secret.length > limit) cut = Math.min(cut, at);
	}
	return text.slice(0, cut);
}

/** `text` with every secret (of at least MIN_SECRET_LENGTH characters) replaced by "[redacted]". */
export function removeSecrets(text: string, secrets: readonly string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret.length >= MIN_SECRET_LENGTH && clean.includes(secret)) clean = clean.split(secret).join('[redacted]');
	}
	return clean;
}

/**
 * A parsed answer (JSON, or the text of a body that is not JSON) with the secrets removed from every
 * string and key, in place: what a server echoes (a token in a description, a debug field) is gone
 * before any output, excerpt or message is made of it, and before any cut could leave a secret's
 * first characters behind. Buffers (decoded images) and other non-plain values are left alone.
 */
export function redactAnswer<T>(answer: T, secrets: readonly string[]): T {
	if (!secrets.some((secret) => secret.length >= MIN_SECRET_LENGTH)) return answer;
	if (typeof answer === 'string') return removeSecrets(answer, secrets) as T;
	// An explicit stack, not recursion: a hostile answer may nest deeper than the call stack allows.
	const pending: unknown[] = [answer];
	while (pending.length > 0) {
		const node = pending.pop();
		if (Array.isArray(node)) {
			node.forEach((value: unknown, index) => {
				if (typeof value === 'string') node[index] = scrubbed(value, secrets);
				else if (isPlain(value) || Array.isArray(value)) pending.push(value);
			});
		} else if (isPlain(node)) {
			for (const [key, value] of Object.entries(node)) {
				const cleanKey = removeSecrets(key, secrets);
				const cleanValue = typeof value === 'string' ? scrubbed(value, secrets) : value;
				if (cleanKey !== key) delete node[key];
				if (cleanKey !== key || cleanValue !== value) node[cleanKey] = cleanValue;
				if (isPlain(cleanValue) || Array.isArray(cleanValue)) pending.push(cleanValue);
			}
		}
	}
	return answer;
}

/** Base64 this long is an image or a video (never printed as text): a short token may occur in it by chance. */
const ANSWER_DATA = /^[A-Za-z0-9+/=\r\n]{1000,}$/;

/** A string of an answer with the secrets removed; image data is left whole (changing it would break the image). */
function scrubbed(value: string, secrets: readonly string[]): string {
	return ANSWER_DATA.test(value) ? value : removeSecrets(value, secrets);
}

function isPlain(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/** A short, readable excerpt of any response body, for "the answer was not what the node expects". */
export function excerpt(body: unknown, secrets: readonly string[] = [], max = 300): string {
	// Secrets go before anything is cut, so a cut can never leave a secret's first characters.
	const longest = Math.max(0, ...secrets.map((secret) => secret.length));
	let text: string;
	if (typeof body === 'string') text = body;
	// A window one secret longer than what is kept, so a secret spanning the cut is seen and left out.
	else if (Buffer.isBuffer(body)) text = cutOutsideSecrets(body.subarray(0, MAX_SCANNED + longest).toString('utf8'), MAX_SCANNED, secrets);
	else {
		try {
			text = JSON.stringify(body, (_key, value: unknown) => {
				if (typeof value !== 'string' || value.length <= 200) return value;
				return `${removeSecrets(value, secrets).slice(0, 20)}…(${value.length} chars)`;
			});
		} catch {
			text = String(body);
		}
		text ??= String(body);
	}
	return safeText(text.replace(/\s+/g, ' ').trim(), secrets, max) || '(empty)';
}
