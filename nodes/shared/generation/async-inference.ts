import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { checkedAsyncBase, howToFetch, inExchange, type AsyncExchange } from './async-exchange';
import { formatDuration, lastStatus, pollUntil } from '../platform/polling';
import type { WaitMode } from '../fields/run-options';
import { octoAiRequest } from '../http/transport';
import type { ApiRequest } from '../http/api-request';
import type { RetryPolicy } from '../http/retry-policy';
import { noteExchange } from '../run/billed-work';

/** How one item waits for its result: the Wait Mode and, for "async", its poll gap and deadline. */
export interface WaitSettings {
	mode: WaitMode;
	pollIntervalMs: number;
	maxWaitMs: number;
}

/** The header that turns a generation or utility POST into an asynchronous request. */
export const ASYNC_HEADER = 'X-OctoAI-Async';

/** OctoAI documented 10 MB as the largest asynchronous request (results kept 24 h); synchronous requests have no such limit. */
export const ASYNC_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** 201 of an asynchronous POST. `poll_url` is deliberately not read: see `requestAsync`. */
interface AsyncAccepted {
	response_id?: unknown;
}

interface AsyncStatus {
	status?: unknown;
}

/** Statuses after which the response endpoint has the answer (the service's failed runs answer there too). */
const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Ids as the service issues them ("778bbfd58c-hz95k"); anything else is refused rather than put in a path. */
const RESPONSE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Sends a generation request in its Wait Mode and returns the result. In "sync" a server that answers
 * with a response id instead of the result (it ran the request asynchronously) is polled like an
 * asynchronous request, so the billed result is still output; a hint says so.
 */
export async function requestGeneration<T>(
	ctx: IExecuteFunctions,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy,
	wait: WaitSettings,
): Promise<T> {
	if (wait.mode === 'async') return await requestAsync<T>(ctx, request, itemIndex, policy, wait);
	const shape = request.shape;
	const pending = (body: unknown) => !hasMediaList(body, request) && usableId((body as AsyncAccepted | null)?.response_id);
	const answer = await octoAiRequest<AsyncAccepted & T>(
		ctx,
		{ ...request, shape: shape && ((body) => (pending(body) ? undefined : shape(body))) },
		itemIndex,
		policy,
	);
	if (!pending(answer)) return answer;
	const id = answer.response_id as string;
	ctx.addExecutionHints({
		message: `Item ${itemIndex}: Wait Mode is "Synchronous", but OctoAI answered with response ${id} to poll instead of the result; the result was read from the Async API Base URL.`,
		type: 'info',
		location: 'outputPane',
	});
	noteExchange(ctx, itemIndex, id);
	const exchange: AsyncExchange = { id, base: await checkedAsyncBase(ctx, itemIndex, id) };
	try {
		return await awaitResult<T>(ctx, request, itemIndex, policy, wait, exchange);
	} catch (error) {
		throw inExchange(error, exchange);
	}
}

/**
 * Sends `request` in OctoAI's asynchronous mode and returns the answer the synchronous call would
 * have given (a non-2xx answer becomes the same NodeApiError). The status and result are read from
 * URLs built from the response id on the credential's async base, never from the `poll_url` or
 * `response_url` of an answer, so the token only goes to origins the user configured. The wait is
 * bounded by `maxWaitMs`, each status read included (at most maxWait / pollInterval + 2 polls), and
 * ends when the execution is stopped. A body over the asynchronous size limit, or an Async API Base
 * URL the reads could not use, is refused before anything is sent. Generated media is never dropped:
 * an answer that carries it (a server that ignored the async header, a status read with the result
 * inline) is returned as the result, whatever else it holds.
 */
export async function requestAsync<T>(
	ctx: IExecuteFunctions,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy,
	wait: WaitSettings,
): Promise<T> {
	checkAsyncBodySize(ctx, request, itemIndex);
	const base = await checkedAsyncBase(ctx, itemIndex);
	const accepted = await octoAiRequest<AsyncAccepted & T>(
		ctx,
		// The 201 is {response_id, poll_url}; the result's shape applies to the response read below, but
		// media is decoded here too, in case the server answers with the result at once.
		{ ...request, shape: undefined, headers: { ...request.headers, [ASYNC_HEADER]: '1' } },
		itemIndex,
		policy,
	);
	if (carriesMedia(accepted, request) || (!usableId(accepted.response_id) && hasMediaList(accepted, request))) {
		ctx.addExecutionHints({
			message: `Item ${itemIndex}: Wait Mode is "Asynchronous", but the server at the Image API Base URL answered at once with the result (as if it ignored the ${ASYNC_HEADER} header); it is output as a synchronous answer would be.`,
			type: 'info',
			location: 'outputPane',
		});
		return checkedResult<T>(ctx, request, accepted, itemIndex);
	}
	const exchange: AsyncExchange = { id: responseId(ctx, accepted, itemIndex), base };
	// Billed from here on: a run stopped by another item's failure names it (run/billed-work.ts).
	noteExchange(ctx, itemIndex, exchange.id);
	try {
		return await awaitResult<T>(ctx, request, itemIndex, policy, wait, exchange);
	} catch (error) {
		throw inExchange(error, exchange);
	}
}

/** Polls the status of an accepted exchange until it finished, then reads its result. */
async function awaitResult<T>(
	ctx: IExecuteFunctions,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy,
	wait: WaitSettings,
	exchange: AsyncExchange,
): Promise<T> {
	const encoded = encodeURIComponent(exchange.id);
	// The reads of an accepted (billed) exchange stay out of the run's gate: a run stopped by another
	// item's failure does not drop them, no limiter slot delays them past the wait's deadline, and their
	// short answers do not pass for generation times. A 429 on a read waits out its own Retry-After.
	const reads: RetryPolicy = { ...policy, backoff: undefined };
	const status = await pollUntil(
		ctx,
		itemIndex,
		{ intervalMs: wait.pollIntervalMs, timeoutMs: wait.maxWaitMs },
		// The wait's deadline bounds each status read: its timeout, its retries and their back-off.
		async (deadline) =>
			await octoAiRequest<AsyncStatus & T>(
				ctx,
				{ api: 'async', method: 'GET', path: `/v1/requests/${encoded}`, streamBase64: request.streamBase64 },
				itemIndex,
				{ ...reads, deadline },
			),
		(current) => (typeof current.status === 'string' && FINISHED.has(current.status)) || carriesMedia(current, request),
		(last) =>
			new NodeOperationError(
				ctx.getNode(),
				`Max Wait (Seconds) (${formatDuration(wait.maxWaitMs)}) passed before OctoAI finished response ${exchange.id} (status: ${lastStatus(last)})`,
				{ itemIndex, description: `Raise "Max Wait (Seconds)" in Options. The request keeps running at OctoAI. ${howToFetch(exchange)}` },
			),
	);
	// A status answer that already holds the result is used as it is, not read a second time.
	if (carriesMedia(status, request)) return checkedResult<T>(ctx, request, status, itemIndex);
	const result: ApiRequest = {
		api: 'async',
		method: 'GET',
		path: `/v1/responses/${encoded}`,
		shape: request.shape,
		streamBase64: request.streamBase64,
	};
	return await octoAiRequest<T>(ctx, result, itemIndex, reads);
}

/** Whether an answer holds at least one generated image or video (decoded, as text, or removed for safety). */
function carriesMedia(answer: unknown, request: ApiRequest): boolean {
	const list = mediaList(answer, request);
	return list !== undefined && list.length > 0;
}

function hasMediaList(answer: unknown, request: ApiRequest): boolean {
	return mediaList(answer, request) !== undefined;
}

function mediaList(answer: unknown, request: ApiRequest): unknown[] | undefined {
	if (!request.streamBase64 || answer === null || typeof answer !== 'object') return undefined;
	const list = (answer as Record<string, unknown>)[request.streamBase64.list];
	return Array.isArray(list) ? list : undefined;
}

/** An answer used as the result: checked against the shape the synchronous answer must have. */
function checkedResult<T>(ctx: IExecuteFunctions, request: ApiRequest, answer: unknown, itemIndex: number): T {
	const problem = request.shape?.(answer);
	if (problem) {
		throw new NodeApiError(ctx.getNode(), { message: 'unexpected answer' }, {
			message: `OctoAI answered 200 with an unexpected shape: ${problem}`,
			description: 'The server may not be an OctoAI-compatible API.',
			httpCode: '200',
			itemIndex,
		});
	}
	return answer as T;
}

/** Input images make up nearly all of a body: a large one would pass every other check and meet a 413. */
function checkAsyncBodySize(ctx: IExecuteFunctions, request: ApiRequest, itemIndex: number): void {
	if (request.body === undefined) return;
	const bytes = Buffer.byteLength(JSON.stringify(request.body), 'utf8');
	if (bytes <= ASYNC_MAX_BODY_BYTES) return;
	const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
	throw new NodeOperationError(
		ctx.getNode(),
		`The request is ${mb(bytes)}, over the ${mb(ASYNC_MAX_BODY_BYTES)} OctoAI takes in Wait Mode "Asynchronous"; nothing was sent`,
		{
			itemIndex,
			description:
				'Input images travel as base64 in the request, a third larger than the files. Use smaller input images, or set Wait Mode to "Synchronous" in Options.',
		},
	);
}

function usableId(id: unknown): id is string {
	return typeof id === 'string' && RESPONSE_ID.test(id);
}

function responseId(ctx: IExecuteFunctions, accepted: AsyncAccepted, itemIndex: number): string {
	const id = accepted.response_id;
	if (usableId(id)) return id;
	const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 40)) : typeof id;
	throw new NodeApiError(
		ctx.getNode(),
		{ message: 'asynchronous answer without a usable response_id' },
		{
			message: `OctoAI accepted the asynchronous request but its answer has no usable response_id (${shown})`,
			description:
				'The server at the Image API Base URL may not support asynchronous mode: set Wait Mode to "Synchronous".',
			itemIndex,
		},
	);
}
