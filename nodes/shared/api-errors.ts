import { fieldLabel } from './registry';

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
		description: 'Check the base URLs in the OctoAI credential and the asset names.',
	},
	422: {
		message: 'OctoAI rejected a parameter (422)',
		description: 'Fix the named field and run again.',
	},
	429: {
		message: 'OctoAI rate limit reached (429)',
		description: 'Retries were used up. Lower the number of items per run, or raise "Max Retries".',
	},
};

/** Entries of a 422 list named in the message; the rest are counted, so the message stays short. */
const MAX_DETAIL_ENTRIES = 10;

/** One 422 entry: `{loc, msg}` as FastAPI sends it, but any shape is read without throwing. */
function formatDetailEntry(entry: unknown): string {
	if (typeof entry === 'string') return entry;
	if (!entry || typeof entry !== 'object') return 'request: invalid';
	const { loc, msg } = entry as { loc?: unknown; msg?: unknown };
	const raw = Array.isArray(loc) ? loc : typeof loc === 'string' || typeof loc === 'number' ? [loc] : [];
	const path = raw.filter((part) => (typeof part === 'string' || typeof part === 'number') && part !== 'body');
	const field = path.length > 0 ? String(path[0]) : '';
	const where = field ? `${fieldLabel(field)} (${path.join('.')})` : 'request';
	return `${where}: ${typeof msg === 'string' && msg ? msg : 'invalid'}`;
}

/** Turns a 422 `detail` list into "Steps (steps): Input should be ≤ 200; …", naming fields as the UI does. */
export function formatValidationDetail(detail: unknown): string | undefined {
	if (typeof detail === 'string') return detail;
	if (detail && typeof detail === 'object' && !Array.isArray(detail)) return formatValidationDetail([detail]);
	if (!Array.isArray(detail) || detail.length === 0) return undefined;
	const parts = detail.slice(0, MAX_DETAIL_ENTRIES).map(formatDetailEntry);
	const more = detail.length - MAX_DETAIL_ENTRIES;
	return parts.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

/** A message field as text: a string, or the `message` of a nested `{ error: { message } }` object. */
function messageText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const nested = (value as Record<string, unknown>).message ?? (value as Record<string, unknown>).detail;
		return typeof nested === 'string' ? nested.trim() || undefined : undefined;
	}
	return undefined;
}

/** The API's own message from an error body: a 422 detail list, `detail`, `message` or `error`. */
export function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		const text = body.trim();
		return text && !text.startsWith('<') ? text.slice(0, 300) : undefined;
	}
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	const detail = formatValidationDetail(record.detail);
	if (detail) return detail;
	for (const key of ['message', 'error']) {
		const text = messageText(record[key]);
		if (text) return text;
	}
	return undefined;
}

/** Message and description for a failed API call: friendly status text plus the API's own words. */
export function describeApiError(status: number, body: unknown): { message: string; description: string } {
	const known = STATUS_TEXT[status] ?? {
		message: status >= 500 ? `OctoAI server error (${status})` : `OctoAI answered ${status}`,
		description: status >= 500 ? 'Retries were used up; the service may be down. Try again later.' : '',
	};
	const fromApi = apiMessage(body);
	return {
		message: fromApi ? `${known.message}: ${fromApi}` : known.message,
		description: known.description,
	};
}
