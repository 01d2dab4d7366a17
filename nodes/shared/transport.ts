import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { describeApiError } from './api-errors';
import type { SharedBackoff } from './concurrency';

export const CREDENTIAL_TYPE = 'octoAiApi';

export interface ApiRequest {
	/** Which base URL of the credential the path belongs to. */
	api: keyof typeof BASE_URL_FIELDS;
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Extra request headers (e.g. X-OctoAI-Async); authentication is added by the credential. */
	headers?: Record<string, string>;
}

/** The credential field holding each API's base URL: the only origins the token is sent to. */
const BASE_URL_FIELDS = {
	image: 'imageBaseUrl',
	platform: 'platformBaseUrl',
	async: 'asyncBaseUrl',
} as const;

export interface RetryPolicy {
	timeoutMs: number;
	/** Attempts after the first one, for 429, 5xx and dropped connections only. */
	maxRetries: number;
	/** First back-off delay; doubles per attempt, with jitter. Retry-After overrides it. */
	baseDelayMs?: number;
	/** Shared by the concurrent requests of one node run, so a 429 slows them all down together. */
	backoff?: SharedBackoff;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_SECONDS = 300;
export const DEFAULT_POLICY: RetryPolicy = {
	timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
	maxRetries: DEFAULT_MAX_RETRIES,
	baseDelayMs: 1_000,
};

/** Longest wait we accept from a Retry-After header, so a bad header cannot stall a workflow. */
const MAX_RETRY_AFTER_MS = 120_000;
const MAX_BACKOFF_MS = 30_000;
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED_BY_PEER', 'UND_ERR_SOCKET']);

/** Joins a base URL (which may carry a path prefix and a trailing slash) and an API path. */
export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

type Context = IExecuteFunctions | ILoadOptionsFunctions;

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * The one place that talks HTTP to OctoAI: auth through the credential, timeout, bounded retries
 * with exponential back-off and jitter (honouring Retry-After), and API errors turned into
 * NodeApiError with the status and the API's own message. Only transient failures are retried,
 * because every generation request that reaches the service is billed.
 */
export async function octoAiRequest<T>(
	ctx: Context,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_POLICY,
): Promise<T> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const base = String(credentials[BASE_URL_FIELDS[request.api]] ?? '');
	const url = joinUrl(base, request.path);
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;

	for (let attempt = 0; ; attempt++) {
		const retriesLeft = attempt < policy.maxRetries;
		let response: FullResponse;
		await policy.backoff?.wait(signal);
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				method: request.method,
				url,
				body: request.body,
				qs: request.qs,
				headers: request.headers,
				json: true,
				timeout: policy.timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// Lists go as repeated keys (`?engine=a&engine=b`), as the API and its SDK expect.
				arrayFormat: 'repeat',
				// The token goes to the configured API bases only, never to a host a redirect points at.
				sendCredentialsOnCrossOriginRedirect: false,
			})) as FullResponse;
		} catch (error) {
			if (signal?.aborted) {
				throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
			}
			const code = networkErrorCode(error);
			if (code && DROPPED.has(code) && retriesLeft) {
				await sleep(backoffMs(attempt, policy), signal);
				continue;
			}
			throw networkError(ctx, code, url, policy, itemIndex);
		}

		const { statusCode, body } = response;
		if (statusCode >= 200 && statusCode < 300) {
			if (body === null || typeof body !== 'object') {
				throw new NodeApiError(
					ctx.getNode(),
					{ message: 'invalid response body' },
					{
						message: `OctoAI answered ${statusCode} with a body that is not JSON`,
						description: `The server at ${base} may not be an OctoAI-compatible API, or the response was cut off.`,
						httpCode: String(statusCode),
						itemIndex,
					},
				);
			}
			return body as T;
		}
		if (isTransientStatus(statusCode) && retriesLeft) {
			const delay = retryAfterMs(response.headers) ?? backoffMs(attempt, policy);
			if (statusCode === 429 && policy.backoff) {
				policy.backoff.pause(delay);
			} else {
				await sleep(delay, signal);
			}
			continue;
		}
		const described = describeApiError(statusCode, body);
		throw new NodeApiError(ctx.getNode(), toJsonObject(body), {
			message: described.message,
			description: described.description,
			httpCode: String(statusCode),
			itemIndex,
		});
	}
}

function isTransientStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
	const base = (policy.baseDelayMs ?? 1_000) * 2 ** attempt;
	// Full jitter between half and the whole delay keeps parallel clients from retrying in lockstep.
	return Math.min(MAX_BACKOFF_MS, base / 2 + Math.random() * (base / 2));
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: FullResponse['headers']): number | undefined {
	const raw = headers?.['retry-after'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === '') return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
	if (!Number.isFinite(ms)) return undefined;
	return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** The system error code of a failed request, looking through n8n's wrapping of the axios error. */
function networkErrorCode(error: unknown): string | undefined {
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

/** A request that got no HTTP answer. Built from scratch so no request details (headers) leak. */
function networkError(
	ctx: Context,
	code: string | undefined,
	url: string,
	policy: RetryPolicy,
	itemIndex: number,
): NodeApiError {
	const host = safeHost(url);
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
		// No `code` in the error object: n8n would replace our message with its generic one for it.
		return new NodeApiError(
			ctx.getNode(),
			{ message: 'timeout' },
			{
				message: `OctoAI did not answer within ${Math.round(policy.timeoutMs / 1000)} s`,
				description:
					'The request was not retried because the generation may still be running (and billed). Raise "Timeout (Seconds)" in Options for large batches.',
				itemIndex,
			},
		);
	}
	// A reset connection reached the server, which then hung up; a refused one never reached it.
	const reached = code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
	return new NodeApiError(
		ctx.getNode(),
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

/** The host of a URL for messages: never its user:password@ part, path or query (a presigned URL's query is a credential). */
export function safeHost(url: string, fallback = 'the configured base URL'): string {
	try {
		return new URL(url).host || fallback;
	} catch {
		return fallback;
	}
}

function toJsonObject(body: unknown): JsonObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as JsonObject;
	return { body: typeof body === 'string' ? body.slice(0, 500) : String(body) };
}
