// What a request that failed says: every error the transport throws is built here, from scratch, so
// no request details (headers, the token) leak, and all server text passes through safeText.
import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { apiMessage } from './api-errors';
import type { BodyCharset } from './headers';
import type { MediaStreamError } from './media-lists';
import { BodyReadError, MAX_RESPONSE_BYTES } from './response-body';
import type { RetryPolicy } from './retry-policy';
import { excerpt, safeText } from '../messages/safe-text';

/** The host of a URL for messages: never its user:password@ part, path or query (a presigned URL's query is a credential). */
export function safeHost(url: string, fallback = 'the configured base URL'): string {
	try {
		return new URL(url).host || fallback;
	} catch {
		return fallback;
	}
}

/** An HTTP answer as a NodeApiError: its status, the message and description scrubbed of `secrets`. */
export function answerError(
	node: INode,
	itemIndex: number,
	secrets: readonly string[],
	answer: { status: number; message: string; description: string; body: unknown },
): NodeApiError {
	return new NodeApiError(node, safeResponse(answer.body, secrets), {
		message: safeText(answer.message, secrets),
		description: safeText(answer.description, secrets),
		httpCode: String(answer.status),
		itemIndex,
	});
}

/** The error body as stored on a NodeApiError: only a bounded, scrubbed excerpt, never the raw answer. */
function safeResponse(body: unknown, secrets: readonly string[]): JsonObject {
	const message = apiMessage(body);
	const response: JsonObject = { body: excerpt(body ?? '', secrets) };
	if (message) response.message = safeText(message, secrets);
	return response;
}

/** The system error code of a failed request, looking through n8n's wrapping of the axios error. */
export function networkErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		if (typeof current.code === 'string' && /^[A-Z_]+$/.test(current.code)) return current.code;
		if (typeof current.message === 'string' && /socket hang up/i.test(current.message)) return 'ECONNRESET';
		current = current.cause as typeof current;
	}
	return undefined;
}

/** A request that got no HTTP answer. */
export function networkError(node: INode, code: string | undefined, url: string, policy: RetryPolicy, itemIndex: number): NodeApiError {
	const host = safeHost(url);
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return timeoutError(node, policy, itemIndex);
	const specific = code ? SPECIFIC_FAILURES[code] : undefined;
	if (specific) {
		return new NodeApiError(node, { message: 'bad answer' }, {
			message: `OctoAI at ${host} ${specific}`,
			description: `${code}. Check the base URLs in the OctoAI credential.`,
			itemIndex,
		});
	}
	// A reset connection reached the server, which then hung up; a refused one never reached it.
	const reached = code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
	return new NodeApiError(
		node,
		{ message: 'connection failed' },
		{
			// The system error code goes in the description: n8n swaps a message naming one for generic text.
			message: reached
				? `OctoAI at ${host} closed the connection without answering`
				: `Could not reach OctoAI at ${host}`,
			description: `${code ? `${code}. ` : ''}Check the base URLs in the OctoAI credential and that the server is running.`,
			itemIndex,
		},
	);
}

/** Failures where the server did answer, but not with a usable HTTP response. */
const SPECIFIC_FAILURES: Record<string, string> = {
	HPE_HEADER_OVERFLOW: 'answered with response headers larger than the HTTP client accepts',
	ERR_FR_TOO_MANY_REDIRECTS: 'redirected too many times (a redirect loop)',
	HPE_INVALID_CONSTANT: 'answered with something that is not HTTP',
	HPE_INVALID_HEADER_TOKEN: 'answered with malformed HTTP headers',
	// RFC 9110 §8.6: Content-Length is digits only, and several differing values make the answer unreadable.
	HPE_INVALID_CONTENT_LENGTH: 'answered with a Content-Length that is not a number of bytes',
	HPE_UNEXPECTED_CONTENT_LENGTH: 'answered with conflicting Content-Length headers',
	ERR_BAD_RESPONSE: 'answered with a response that could not be read',
	Z_DATA_ERROR: 'answered with a compressed body that is corrupt',
	Z_BUF_ERROR: 'answered with a compressed body that breaks off',
};

/** The deadline passed, waiting for headers or while the body still came in. */
export function timeoutError(node: INode, policy: RetryPolicy, itemIndex: number, bytesRead?: number): NodeApiError {
	// No `code` in the error object: n8n would replace our message with its generic one for it.
	return new NodeApiError(
		node,
		{ message: 'timeout' },
		{
			message:
				bytesRead === undefined
					? `OctoAI did not answer within ${formatSeconds(policy.timeoutMs)}`
					: `OctoAI did not finish its answer within ${formatSeconds(policy.timeoutMs)} (${bytesRead} bytes received)`,
			description: `The request was not retried because the generation may still be running (and billed).${
				policy.options?.timeout ? ` Raise "${policy.options.timeout}" in Options for large batches.` : ''
			}`,
			itemIndex,
		},
	);
}

function formatSeconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`.replace(/\.0 s$/, ' s');
}

/** An answer whose headers arrived but whose body did not, whole. */
export function bodyError(node: INode, error: BodyReadError, base: string, itemIndex: number): NodeApiError {
	const what =
		error.reason === 'too-large'
			? `answered with a body larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB (after decompression); reading stopped`
			: `closed the connection after ${error.bytesRead} bytes of its answer, before the body was complete`;
	return new NodeApiError(node, { message: `response ${error.reason}` }, {
		message: `OctoAI at ${safeHost(base)} ${what}`,
		description:
			error.reason === 'too-large'
				? 'No OctoAI answer is that large: the server at the base URL may not be an OctoAI-compatible API.'
				: 'The request was not retried because the generation may have run (and been billed). Run the node again.',
		itemIndex,
	});
}

/** An answer the node cannot decode: an unknown charset, or bytes that do not fit the declared one. */
export function charsetError(node: INode, status: number, charset: BodyCharset & { label: string }, base: string, itemIndex: number, why?: string): NodeApiError {
	const problem = why ?? 'no decoder knows that charset';
	return new NodeApiError(node, { message: `unreadable charset ${charset.label}` }, {
		message: `OctoAI answered ${status} in the charset "${charset.label}", and ${problem}`,
		description: `JSON answers are UTF-8 (RFC 8259). The server at ${safeHost(base)} may not be an OctoAI-compatible API.`,
		httpCode: String(status),
		itemIndex,
	});
}

/** A 2xx answer whose JSON or media data could not be read while streaming. */
export function mediaStreamError(node: INode, error: MediaStreamError, base: string, itemIndex: number, noun = 'image'): NodeApiError {
	let message = `OctoAI answered with an unreadable ${noun}: ${error.message}`;
	let description: string | undefined;
	if (error.notJson) {
		message = 'OctoAI answered 200 with a body that is not JSON';
		description = `${error.message}. The server at ${base} may not be an OctoAI-compatible API, or the response was cut off.`;
	} else if (error.tooLarge) {
		message = `OctoAI answered 200, but ${lowerFirst(error.message)}; reading stopped`;
	}
	return new NodeApiError(node, { message: 'invalid response body' }, { message, description, httpCode: '200', itemIndex });
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}
