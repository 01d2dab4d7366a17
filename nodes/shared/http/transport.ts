import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type ILoadOptionsFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { apiMessage, describeApiError } from './api-errors';
import { GateTurn, type RequestGate } from './concurrency';
import { baseUrlProblem } from './base-url';
import { bodyCharset, contentLength, decodeBody, retryAfterMs, type BodyCharset } from './headers';
import { mediaBufferPool, type MediaBufferPool } from './media-buffers';
import { WORK_DONE } from './work-done';
import { readSlots, type ReadSlot } from './read-slots';
import { decideRedirect, isRedirect } from './redirects';
import { BodyReadError, MAX_RESPONSE_BYTES, parseBody, readBody, readBodyWith, type ByteStream } from './response-body';
import type { ShapeCheck } from './response-shapes';
import { excerpt, redactAnswer, safeText } from '../messages/safe-text';
import {
	DEFAULT_MEDIA_STREAM_LIMITS,
	MediaJsonScanner,
	MediaStreamError,
	streamedMedia,
	type Base64List,
	type StreamedJson,
} from './json-media-stream';

export const CREDENTIAL_TYPE = 'octoAiApi';

export interface ApiRequest {
	/** Which base URL of the credential the path belongs to. */
	api: keyof typeof BASE_URL_FIELDS;
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Extra request headers (e.g. X-OctoAI-Async); the credential's Authorization header is added here. */
	headers?: Record<string, string>;
	/** The shape a 2xx answer must have; a mismatch is a NodeApiError naming what is wrong. */
	shape?: ShapeCheck;
	/**
	 * Read a 2xx generation answer as it arrives: each `images[].image_b64` (IMAGE_LIST) or
	 * `videos[].video` (VIDEO_LIST) is decoded on the way and comes back as `bytes` (a Buffer) in its
	 * entry, so no image or video is ever held as base64 text.
	 */
	streamBase64?: Base64List;
	/** What a 404 of this call most likely means, added to the advice (e.g. "Check the tune ID."). */
	notFound?: string;
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
	/**
	 * Shared by the concurrent requests of one node run, so a 429 slows them all down together: the
	 * run's shared pause (fixed Concurrency) or the adaptive limit (Auto), entered before each attempt.
	 */
	backoff?: RequestGate;
	/**
	 * Epoch ms at which the wait that sends this request (a poll) ends: each attempt's timeout is the
	 * time left if that is shorter than `timeoutMs`, no retry or back-off starts past it, and reaching
	 * it ends the request with an error isWaitDeadline recognises, for the wait to report in its own terms.
	 */
	deadline?: number;
	/**
	 * Labels of the node's options that set this policy, so advice names them; absent where the node
	 * has no such option (Image Tools, the Asset Library and Fine-Tuning use fixed policies).
	 */
	options?: { timeout?: string; retries?: string };
}

/** Errors that mean "the deadline of the wait this request was sent in passed"; the wait says what that means. */
const passedWaits = new WeakSet<object>();

function waitDeadlineError(ctx: Context, itemIndex: number): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), "The wait's deadline passed before OctoAI answered", { itemIndex });
	passedWaits.add(error);
	return error;
}

/** Whether a request ended because its wait's deadline (RetryPolicy.deadline) passed. */
export function isWaitDeadline(error: unknown): boolean {
	return typeof error === 'object' && error !== null && passedWaits.has(error);
}

/** One attempt's timeout: the policy's, or the time its wait has left when that is shorter. */
function attemptTimeout(policy: RetryPolicy): { ms: number; byWait: boolean } {
	const own = Math.min(policy.timeoutMs, MAX_TIMER_MS);
	if (policy.deadline === undefined) return { ms: own, byWait: false };
	const left = policy.deadline - Date.now();
	return left < own ? { ms: left, byWait: true } : { ms: own, byWait: false };
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_SECONDS = 300;
export const DEFAULT_POLICY: RetryPolicy = {
	timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
	maxRetries: DEFAULT_MAX_RETRIES,
	baseDelayMs: 1_000,
};

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

/** Node's timers hold at most 2³¹−1 ms; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const BASE_URL_LABELS = {
	image: 'Image API Base URL',
	platform: 'Platform API Base URL',
	async: 'Async API Base URL',
} as const satisfies Record<keyof typeof BASE_URL_FIELDS, string>;

/**
 * The one place that talks HTTP to OctoAI: auth through the credential, a deadline over the whole
 * answer (headers and body, read with a size bound), redirects by the policy in http/redirects.ts,
 * bounded retries with exponential back-off and jitter (honouring Retry-After), every answer checked
 * against the shape the caller relies on, and every text taken from the server passed through
 * safeText, so no token, URL password or image data reaches an error. Only transient failures are
 * retried, because every generation request that reaches the service is billed.
 */
export async function octoAiRequest<T>(
	ctx: Context,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy = DEFAULT_POLICY,
): Promise<T> {
	const turn = new GateTurn(policy.backoff, policy.timeoutMs);
	try {
		return await sendWithRetries<T>(ctx, request, itemIndex, policy, turn);
	} finally {
		turn.release();
	}
}

async function sendWithRetries<T>(
	ctx: Context,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy,
	turn: GateTurn,
): Promise<T> {
	const credentials = await credentialsOf(ctx);
	const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
	const secrets = [token];
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), safeText(message, secrets), { itemIndex, description: description && safeText(description, secrets) });
	if (!token) throw fail('The OctoAI credential has no API token', 'Copy your OctoAI API token into the credential.');
	// What the credential's `authenticate` sends (OctoAiApi.credentials.ts); only to the base URL's origin (redirects.ts).
	const authorization = `Bearer ${token}`;
	const baseLabel = BASE_URL_LABELS[request.api];
	const rawBase = credentials[BASE_URL_FIELDS[request.api]];
	const baseProblem = baseUrlProblem(rawBase);
	if (baseProblem) throw fail(`${baseLabel} in the OctoAI credential ${baseProblem}`);
	const base = String(rawBase).trim();
	const cancel = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	const apiError = (status: number, message: string, description: string, response: unknown) =>
		new NodeApiError(ctx.getNode(), safeResponse(response, secrets), {
			message: safeText(message, secrets),
			description: safeText(description, secrets),
			httpCode: String(status),
			itemIndex,
		});

	let url = joinUrl(base, request.path);
	let method = request.method;
	let body = request.body;
	let hops = 0;
	for (let attempt = 0; ; ) {
		const retriesLeft = attempt < policy.maxRetries;
		await turn.next(cancel);
		let response: FullResponse;
		let parsed: unknown;
		/** An answer that was read but cannot be decoded: not retried, reported after the read. */
		let refused: NodeApiError | undefined;
		const limit = attemptTimeout(policy);
		if (limit.ms <= 0) throw waitDeadlineError(ctx, itemIndex);
		const deadline = new Deadline(limit.ms, cancel);
		try {
			response = await deadline.race(
				// n8n's plain request helper (proxy, SSRF policy, cancellation) with the credential's header
				// built once per run (authorization above): httpRequestWithAuthentication would evaluate the
				// credential's `Bearer {{$credentials.apiToken}}` in n8n's expression sandbox for every request,
				// which the benchmark's profile showed as a fifth of the node's time.
				ctx.helpers.httpRequest({
					method,
					url,
					// Serialised here: n8n's helpers copy objects in ways that drop keys like "__proto__",
					// which are legitimate LoRA or trigger-word names.
					body: body === undefined ? undefined : JSON.stringify(body),
					headers: {
						...request.headers,
						...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
						Authorization: authorization,
					},
					abortSignal: cancel,
					qs: request.qs,
					json: true,
					timeout: limit.ms,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					// The body is read here, bounded in size and time (see readBody).
					encoding: 'stream',
					// Lists go as repeated keys (`?engine=a&engine=b`), as the API and its SDK expect.
					arrayFormat: 'repeat',
					// Redirects are decided here (decideRedirect); the token never goes to another host.
					disableFollowRedirect: true,
					sendCredentialsOnCrossOriginRedirect: false,
				}) as Promise<FullResponse>,
			);
			turn.headers();
			const stream = response.body as ByteStream;
			const reason = () => deadline.reason();
			const ok = response.statusCode >= 200 && response.statusCode < 300;
			const charset = bodyCharset(response.headers);
			if (charset.kind === 'unsupported' && ok) {
				stream.destroy();
				refused = charsetError(ctx, response.statusCode, charset, base, itemIndex);
			} else if (request.streamBase64 && ok && charset.kind === 'utf8') {
				// The streaming decoder reads UTF-8 only; an answer declared in another charset is read whole below.
				// A few answers of the run are read at a time (read-slots.ts); this one waits its turn paused.
				const slot = await readSlots(ctx).acquire(deadline.signal);
				try {
					const sink = scannerSink(response.headers, request.streamBase64, mediaBufferPool(ctx), slot);
					parsed = withBytes(await readBodyWith(stream, deadline.signal, reason, sink), request.streamBase64);
				} finally {
					slot.release();
				}
			} else {
				const bytes = await readBody(stream, deadline.signal, reason);
				parsed = decodeDeclared(bytes, charset, ok);
				if (parsed === UNDECODABLE && charset.kind !== 'utf8') {
					refused = charsetError(ctx, response.statusCode, charset, base, itemIndex, 'its bytes are not valid in that charset');
				}
			}
			// What the server echoes of the token goes here, before any output, message or excerpt.
			parsed = redactAnswer(parsed, secrets);
		} catch (error) {
			deadline.clear();
			if (error instanceof MediaStreamError) throw imageStreamError(ctx, error, base, itemIndex, request.streamBase64?.noun);
			if (cancel?.aborted || (error instanceof DeadlineError && error.reason === 'cancelled') || (error instanceof BodyReadError && error.reason === 'cancelled')) {
				throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
			}
			if (error instanceof DeadlineError || (error instanceof BodyReadError && error.reason === 'deadline')) {
				if (limit.byWait) throw waitDeadlineError(ctx, itemIndex);
				throw timeoutError(ctx, policy, itemIndex, error instanceof BodyReadError ? error.bytesRead : undefined);
			}
			if (error instanceof BodyReadError) {
				throw bodyError(ctx, error, base, itemIndex);
			}
			const code = networkErrorCode(error);
			const pause = backoffMs(attempt, policy);
			if (code && DROPPED.has(code) && retriesLeft && fitsDeadline(policy, pause)) {
				attempt++;
				await sleep(pause, cancel);
				continue;
			}
			if (limit.byWait && (code === 'ECONNABORTED' || code === 'ETIMEDOUT')) throw waitDeadlineError(ctx, itemIndex);
			throw networkError(ctx, code, url, policy, itemIndex);
		}
		deadline.clear();
		if (refused) throw refused;

		const { statusCode } = response;
		if (isRedirect(statusCode)) {
			const location = [response.headers?.location].flat()[0];
			const decision = decideRedirect(url, statusCode, location, method, hops);
			if (!decision.follow) {
				throw apiError(statusCode, `OctoAI at ${safeHost(url)} ${decision.problem}`, `Check "${baseLabel}" in the OctoAI credential.`, parsed);
			}
			hops++;
			url = decision.url;
			method = decision.method;
			if (!decision.keepBody) body = undefined;
			continue;
		}
		if (statusCode >= 200 && statusCode < 300) {
			if (parsed === null || typeof parsed !== 'object') {
				throw apiError(
					statusCode,
					`OctoAI answered ${statusCode} with a body that is not JSON`,
					`The server at ${base} may not be an OctoAI-compatible API, or the response was cut off. It began: ${excerpt(parsed ?? '', secrets)}`,
					parsed,
				);
			}
			const problem = request.shape?.(parsed);
			if (problem) {
				throw apiError(
					statusCode,
					`OctoAI answered ${statusCode} with an unexpected shape: ${problem}`,
					`The server at ${base} may not be an OctoAI-compatible API. The answer began: ${excerpt(parsed, secrets)}`,
					parsed,
				);
			}
			turn.answered();
			return parsed as T;
		}
		const told = retryAfterMs(response.headers);
		const delay = told ?? backoffMs(attempt, policy);
		if (isTransientStatus(statusCode) && fitsDeadline(policy, delay)) {
			// 429 and 503: the gate may hold one wait for every request; from version 1.1 (and under Auto)
			// a rate limit is retried without using up Max Retries, for at most the request's Timeout in
			// waits (concurrency.ts).
			const held = statusCode === 429 || statusCode === 503 ? turn.overloaded(statusCode, delay, told !== undefined) : undefined;
			if (held === 'free') continue;
			if (retriesLeft) {
				attempt++;
				if (!held) await sleep(delay, cancel);
				continue;
			}
		}
		const described = describeApiError(statusCode, parsed, { retriesOption: policy.options?.retries, notFound: request.notFound });
		throw apiError(statusCode, described.message, described.description, parsed);
	}
}

/** What decodeDeclared gives for a success answer whose bytes are not valid in its declared charset. */
const UNDECODABLE = Symbol('undecodable');

/**
 * A body in its declared charset (see bodyCharset), parsed as parseBody does. Bytes invalid in that
 * charset: an error answer still shows what it says (read as UTF-8); a success answer is UNDECODABLE.
 */
function decodeDeclared(bytes: Buffer, charset: BodyCharset, ok: boolean): unknown {
	if (charset.kind !== 'other') return parseBody(bytes);
	try {
		return parseBody(Buffer.from(decodeBody(bytes, charset.label), 'utf8'));
	} catch {
		return ok ? UNDECODABLE : parseBody(bytes);
	}
}

/** An answer the node cannot decode: an unknown charset, or bytes that do not fit the declared one. */
function charsetError(ctx: Context, status: number, charset: BodyCharset & { label: string }, base: string, itemIndex: number, why?: string): NodeApiError {
	const problem = why ?? 'no decoder knows that charset';
	return new NodeApiError(ctx.getNode(), { message: `unreadable charset ${charset.label}` }, {
		message: `OctoAI answered ${status} in the charset "${charset.label}", and ${problem}`,
		description: `JSON answers are UTF-8 (RFC 8259). The server at ${safeHost(base)} may not be an OctoAI-compatible API.`,
		httpCode: String(status),
		itemIndex,
	});
}

/** A sink for readBodyWith that decodes the images (or videos) of a generation answer as its chunks arrive. */
function scannerSink(headers: FullResponse['headers'], field: Base64List, pool: MediaBufferPool, slot: ReadSlot) {
	// Content-Length lets each image be decoded into one buffer of the right size (a hint only: a
	// wrong one costs a copy, the size limits still hold).
	const length = contentLength(headers);
	const scanner = new MediaJsonScanner(DEFAULT_MEDIA_STREAM_LIMITS, length ? length : undefined, field, pool);
	return {
		push: (chunk: Buffer) => {
			slot.touch();
			scanner.push(chunk);
		},
		end: () => scanner.end(),
		// The scanner decodes or copies every byte it keeps, so each chunk can be freed once pushed.
		copiesWhatItKeeps: true,
	};
}

/** The streamed answer's JSON with each entry's decoded bytes as `bytes` in place of its base64 key. */
function withBytes(streamed: StreamedJson, field: Base64List): unknown {
	const json = streamed.json as Record<string, unknown>;
	const list = json && typeof json === 'object' ? json[field.list] : undefined;
	if (Array.isArray(list)) {
		json[field.list] = list.map((entry: unknown) => {
			if (!entry || typeof entry !== 'object') return entry;
			const { [field.key]: text, ...rest } = entry as Record<string, unknown>;
			const bytes = streamedMedia(streamed, text);
			return bytes ? { ...rest, bytes } : entry;
		});
	}
	return json;
}

/** A 2xx answer whose JSON or image data could not be read while streaming. */
function imageStreamError(ctx: Context, error: MediaStreamError, base: string, itemIndex: number, noun = 'image'): NodeApiError {
	let message = `OctoAI answered with an unreadable ${noun}: ${error.message}`;
	let description: string | undefined;
	if (error.notJson) {
		message = 'OctoAI answered 200 with a body that is not JSON';
		description = `${error.message}. The server at ${base} may not be an OctoAI-compatible API, or the response was cut off.`;
	} else if (error.tooLarge) {
		message = `OctoAI answered 200, but ${lowerFirst(error.message)}; reading stopped`;
	}
	return new NodeApiError(ctx.getNode(), { message: 'invalid response body' }, { message, description, httpCode: '200', itemIndex });
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Credentials once per node run (they are decrypted on each read), keyed by the run's context. */
const credentialCache = new WeakMap<Context, Promise<ICredentialDataDecryptedObject>>();
export function credentialsOf(ctx: Context): Promise<ICredentialDataDecryptedObject> {
	let cached = credentialCache.get(ctx);
	if (!cached) {
		cached = ctx.getCredentials(CREDENTIAL_TYPE);
		credentialCache.set(ctx, cached);
		cached.catch(() => credentialCache.delete(ctx));
	}
	return cached;
}

/** Why the deadline (or the execution's cancellation) ended a request before its answer was in. */
export class DeadlineError extends Error {
	constructor(readonly reason: 'deadline' | 'cancelled') {
		super(reason);
	}
}

/**
 * One request's deadline over headers and body together. n8n's request helper takes only the
 * execution's cancel signal, so the wait for headers is raced here and the body reader gets the signal.
 * Also used by the storage upload (platform/storage-put.ts).
 */
export class Deadline {
	private readonly controller = new AbortController();
	private readonly done = new AbortController();
	private why: 'deadline' | 'cancelled' = 'deadline';

	constructor(ms: number, cancel: AbortSignal | undefined) {
		sleep(ms, this.done.signal).then(
			() => this.controller.abort(),
			() => undefined,
		);
		const onCancel = () => {
			this.why = 'cancelled';
			this.controller.abort();
		};
		if (cancel?.aborted) onCancel();
		cancel?.addEventListener('abort', onCancel, { once: true });
		this.done.signal.addEventListener('abort', () => cancel?.removeEventListener('abort', onCancel), { once: true });
	}

	get signal(): AbortSignal {
		return this.controller.signal;
	}

	reason(): 'deadline' | 'cancelled' {
		return this.why;
	}

	/** The request, or a DeadlineError when the deadline comes first (a late answer's body is then discarded). */
	async race<R extends { body?: unknown }>(request: Promise<R>): Promise<R> {
		if (this.signal.aborted) throw new DeadlineError(this.why);
		return await new Promise<R>((resolve, reject) => {
			const onAbort = () => {
				reject(new DeadlineError(this.why));
				request.then((late) => (late.body as ByteStream | undefined)?.destroy?.(), () => undefined);
			};
			this.signal.addEventListener('abort', onAbort, { once: true });
			request.then(
				(value) => {
					this.signal.removeEventListener('abort', onAbort);
					resolve(value);
				},
				(error: unknown) => {
					this.signal.removeEventListener('abort', onAbort);
					reject(error);
				},
			);
		});
	}

	clear(): void {
		this.done.abort(WORK_DONE);
	}
}

/** The error body as stored on a NodeApiError: only a bounded, scrubbed excerpt, never the raw answer. */
function safeResponse(body: unknown, secrets: readonly string[]): JsonObject {
	const message = apiMessage(body);
	const response: JsonObject = { body: excerpt(body ?? '', secrets) };
	if (message) response.message = safeText(message, secrets);
	return response;
}

/** Whether a retry after `delay` ms still starts before the policy's deadline. */
function fitsDeadline(policy: RetryPolicy, delay: number): boolean {
	return policy.deadline === undefined || Date.now() + delay < policy.deadline;
}

function isTransientStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

function backoffMs(attempt: number, policy: RetryPolicy): number {
	const base = (policy.baseDelayMs ?? 1_000) * 2 ** attempt;
	// Full jitter between half and the whole delay keeps parallel clients from retrying in lockstep.
	return Math.min(MAX_BACKOFF_MS, base / 2 + Math.random() * (base / 2));
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

/** A request that got no HTTP answer. Built from scratch so no request details (headers) leak. */
function networkError(
	ctx: Context,
	code: string | undefined,
	url: string,
	policy: RetryPolicy,
	itemIndex: number,
): NodeApiError {
	const host = safeHost(url);
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return timeoutError(ctx, policy, itemIndex);
	const specific = code ? SPECIFIC_FAILURES[code] : undefined;
	if (specific) {
		return new NodeApiError(ctx.getNode(), { message: 'bad answer' }, {
			message: `OctoAI at ${host} ${specific}`,
			description: `${code}. Check the base URLs in the OctoAI credential.`,
			itemIndex,
		});
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
function timeoutError(ctx: Context, policy: RetryPolicy, itemIndex: number, bytesRead?: number): NodeApiError {
	// No `code` in the error object: n8n would replace our message with its generic one for it.
	return new NodeApiError(
		ctx.getNode(),
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
function bodyError(ctx: Context, error: BodyReadError, base: string, itemIndex: number): NodeApiError {
	const what =
		error.reason === 'too-large'
			? `answered with a body larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB (after decompression); reading stopped`
			: `closed the connection after ${error.bytesRead} bytes of its answer, before the body was complete`;
	return new NodeApiError(ctx.getNode(), { message: `response ${error.reason}` }, {
		message: `OctoAI at ${safeHost(base)} ${what}`,
		description:
			error.reason === 'too-large'
				? 'No OctoAI answer is that large: the server at the base URL may not be an OctoAI-compatible API.'
				: 'The request was not retried because the generation may have run (and been billed). Run the node again.',
		itemIndex,
	});
}

/** The host of a URL for messages: never its user:password@ part, path or query (a presigned URL's query is a credential). */
export function safeHost(url: string, fallback = 'the configured base URL'): string {
	try {
		return new URL(url).host || fallback;
	} catch {
		return fallback;
	}
}

