import { fieldLabel } from '../fields/registry';

/** Friendly wording for the statuses OctoAI answers with; the API's own message is appended. */
const STATUS_TEXT: Record<number, { message: string; description: string }> = {
	400: { message: 'OctoAI rejected the request', description: 'The request was malformed.' },
	401: {
		message: 'OctoAI rejected the API token (401)',
		description: 'Check the API token in the OctoAI credential.',
	},
	403: {
		message: 'The API token may not do this (403)',
		description: 'The account behind the token lacks access to this engine or asset.',
	},
	404: {
		message: 'Not found at OctoAI (404)',
		description: 'Check the base URLs in the OctoAI credential.',
	},
	422: {
		message: 'OctoAI rejected a parameter (422)',
		description: 'Fix the named field and run again.',
	},
	429: {
		message: 'OctoAI rate limit reached (429)',
		description: 'Retries were used up. Lower the number of items per run.',
	},
};

/** Entries of a 422 list named in the message; the rest are counted, so the message stays short. */
const MAX_DETAIL_ENTRIES = 10;

/** Longest text taken from one part of an error answer; the transport bounds and scrubs the whole message again. */
const MAX_PART = 300;
/** Keys that hold a server's own words, in the order they are tried. */
const TEXT_KEYS = ['msg', 'message', 'detail', 'error', 'errors', 'error_description', 'description', 'reason', 'title', 'text'];

/**
 * A server's own words from any JSON value: text as it is, numbers and flags as text, a list as its
 * entries' texts, an object by its first text key (TEXT_KEYS), else as compact JSON. Depth is bounded,
 * so a nested or cyclic answer cannot recurse far; the result is cut to MAX_PART characters.
 */
export function serverText(value: unknown, depth = 0): string | undefined {
	if (value === undefined || value === null || depth > 4) return undefined;
	if (typeof value === 'string') return value.trim().slice(0, MAX_PART) || undefined;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) {
		const parts = value.slice(0, MAX_DETAIL_ENTRIES).map((entry) => serverText(entry, depth + 1)).filter((part) => part);
		return parts.length > 0 ? parts.join('; ').slice(0, MAX_PART) : undefined;
	}
	if (typeof value !== 'object') return undefined;
	const record = value as Record<string, unknown>;
	for (const key of TEXT_KEYS) {
		const text = serverText(record[key], depth + 1);
		if (text) return text;
	}
	// No known key: the object itself, without its empty members (`{"detail": []}` says nothing).
	const said = Object.entries(record).filter(([, v]) => v !== null && v !== '' && !(typeof v === 'object' && Object.keys(v).length === 0));
	if (said.length === 0) return undefined;
	try {
		return JSON.stringify(Object.fromEntries(said)).slice(0, MAX_PART);
	} catch {
		return undefined;
	}
}

/** One 422 entry: `{loc, msg}` as FastAPI sends it, but any shape is read without throwing or losing its text. */
function formatDetailEntry(entry: unknown): string {
	if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return serverText(entry) ?? 'request: invalid';
	const { loc, msg, ...rest } = entry as { loc?: unknown; msg?: unknown };
	const raw = Array.isArray(loc) ? loc : typeof loc === 'string' || typeof loc === 'number' ? [loc] : [];
	const path = raw.filter((part) => (typeof part === 'string' || typeof part === 'number') && part !== 'body');
	const field = path.length > 0 ? String(path[0]) : '';
	const where = field ? `${fieldLabel(field)} (${path.join('.')})` : 'request';
	return `${where}: ${serverText(msg) ?? serverText(rest) ?? 'invalid'}`;
}

/** Turns a 422 `detail` list into "Steps (steps): Input should be ≤ 200; …", naming fields as the UI does. */
export function formatValidationDetail(detail: unknown): string | undefined {
	if (detail === undefined || detail === null) return undefined;
	if (typeof detail !== 'object') return serverText(detail);
	if (!Array.isArray(detail)) return formatValidationDetail([detail]);
	if (detail.length === 0) return undefined;
	const parts = detail.slice(0, MAX_DETAIL_ENTRIES).map(formatDetailEntry);
	const more = detail.length - MAX_DETAIL_ENTRIES;
	return parts.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** The API's own message from an error body of any JSON shape: a 422 detail list, `detail`, `message`, `error`, or the JSON itself. */
export function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		return text && !text.startsWith('<') ? text.slice(0, MAX_PART) : undefined;
	}
	if (body === undefined || body === null) return undefined;
	if (typeof body !== 'object' || Array.isArray(body)) return serverText(body);
	const record = body as Record<string, unknown>;
	const detail = formatValidationDetail(record.detail);
	if (detail) return detail;
	return serverText(record);
}

/** Message and description for a failed API call: friendly status text plus the API's own words. */
/** Advice that depends on the node and the call: the node's retries option, what a 404 of this call most likely means. */
export interface ErrorAdvice {
	retriesOption?: string;
	notFound?: string;
}

export function describeApiError(status: number, body: unknown, advice: ErrorAdvice = {}): { message: string; description: string } {
	const known = STATUS_TEXT[status] ?? {
		message: status >= 500 ? `OctoAI server error (${status})` : `OctoAI answered ${status}`,
		description: status >= 500 ? 'Retries were used up; the service may be down. Try again later.' : '',
	};
	const fromApi = apiMessage(body);
	// Only a node with a retries option is told to raise it (its label, passed by the caller's policy).
	let extra = '';
	if (status === 429 && advice.retriesOption) extra = ` Or raise "${advice.retriesOption}" in Options.`;
	if (status === 404 && advice.notFound) extra = ` ${advice.notFound}`;
	return {
		message: fromApi ? `${known.message}: ${fromApi}` : known.message,
		description: known.description + extra,
	};
}
