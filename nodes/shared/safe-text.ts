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
		// Cut before scrubbing, but never inside a secret or a URL: the cut drops the longest secret's
		// length more, and a URL left unfinished at the end.
		const longest = Math.max(0, ...secrets.map((secret) => secret.length));
		clean = clean.slice(0, MAX_SCANNED - longest).replace(/[a-z][a-z0-9+.-]*:\/\/\S*$/i, '');
	}
	for (const secret of secrets) {
		if (secret.length >= MIN_SECRET_LENGTH) clean = clean.split(secret).join('[redacted]');
	}
	clean = clean
		.replace(URL_USERINFO, '$1[redacted]@')
		.replace(AUTH_HEADER, '$1[redacted]')
		.replace(BEARER, '$1 [redacted]')
		.replace(BASE64_RUN, '[data removed]');
	return clean.length > max ? `${clean.slice(0, max)}… (${clean.length - max} more characters cut)` : clean;
}

/** A short, readable excerpt of any response body, for "the answer was not what the node expects". */
export function excerpt(body: unknown, secrets: readonly string[] = [], max = 300): string {
	let text: string;
	if (typeof body === 'string') text = body;
	else if (Buffer.isBuffer(body)) text = body.subarray(0, 4 * max).toString('utf8');
	else {
		try {
			text = JSON.stringify(body, (_key, value: unknown) =>
				typeof value === 'string' && value.length > 200 ? `${value.slice(0, 20)}…(${value.length} chars)` : value,
			);
		} catch {
			text = String(body);
		}
		text ??= String(body);
	}
	return safeText(text.replace(/\s+/g, ' ').trim(), secrets, max) || '(empty)';
}
