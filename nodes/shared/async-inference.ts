import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { formatDuration, pollUntil } from './platform/polling';
import { quote } from './quote';
import type { WaitMode } from './run-options';
import { octoAiRequest, type ApiRequest, type RetryPolicy } from './transport';

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
 * Sends `request` in OctoAI's asynchronous mode and returns the answer the synchronous call would
 * have given (a non-2xx answer becomes the same NodeApiError). The status and result are read from
 * URLs built from the response id on the credential's async base, never from the `poll_url` or
 * `response_url` of an answer, so the token only goes to origins the user configured. The wait is
 * bounded by `maxWaitMs` (at most maxWait / pollInterval + 2 polls) and ends when the execution is
 * stopped. A body over the asynchronous size limit is refused before anything is sent.
 */
export async function requestAsync<T>(
	ctx: IExecuteFunctions,
	request: ApiRequest,
	itemIndex: number,
	policy: RetryPolicy,
	wait: WaitSettings,
): Promise<T> {
	checkAsyncBodySize(ctx, request, itemIndex);
	const accepted = await octoAiRequest<AsyncAccepted & T>(
		ctx,
		// The 201 is {response_id, poll_url}: the result's shape and image streaming apply to the response read below.
		{ ...request, shape: undefined, streamBase64: undefined, headers: { ...request.headers, [ASYNC_HEADER]: '1' } },
		itemIndex,
		policy,
	);
	const id = responseId(ctx, accepted, itemIndex);
	const encoded = encodeURIComponent(id);
	await pollUntil(
		ctx,
		itemIndex,
		{ intervalMs: wait.pollIntervalMs, timeoutMs: wait.maxWaitMs },
		// A throttled status read retries only while the wait's deadline allows (Retry-After may be minutes).
		async (deadline) =>
			await octoAiRequest<AsyncStatus>(ctx, { api: 'async', method: 'GET', path: `/v1/requests/${encoded}` }, itemIndex, { ...policy, deadline }),
		(current) => typeof current.status === 'string' && FINISHED.has(current.status),
		(last) =>
			new NodeOperationError(
				ctx.getNode(),
				`Max Wait (Seconds) (${formatDuration(wait.maxWaitMs)}) passed before OctoAI finished response ${id} (status: ${typeof last.status === 'string' ? last.status.slice(0, 40) : last.status == null ? 'unknown' : quote(last.status)})`,
				{
					itemIndex,
					description:
						'Raise "Max Wait (Seconds)" in Options. The request keeps running at OctoAI and may be billed; its result stays readable for a while under this response ID.',
				},
			),
	);
	const result: ApiRequest = {
		api: 'async',
		method: 'GET',
		path: `/v1/responses/${encoded}`,
		shape: request.shape,
		streamBase64: request.streamBase64,
	};
	return await octoAiRequest<T>(ctx, result, itemIndex, policy);
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

function responseId(ctx: IExecuteFunctions, accepted: AsyncAccepted, itemIndex: number): string {
	const id = accepted.response_id;
	if (typeof id === 'string' && RESPONSE_ID.test(id)) return id;
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
