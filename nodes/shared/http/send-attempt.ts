// One attempt of a request: the HTTP exchange under its deadline, the answer read, and what a failure
// before an answer means (Stop, the deadline, a cut-off body, a dropped connection worth a retry).
import { NodeOperationError, sleep, type IDataObject, type IHttpRequestMethods } from 'n8n-workflow';

import type { ApiLink } from './api-credential';
import type { ApiRequest, RequestContext } from './api-request';
import type { GateTurn } from './concurrency';
import { Deadline, DeadlineError } from './deadline';
import { MediaStreamError } from './media-lists';
import { readAnswer, type FullResponse } from './read-answer';
import { BodyReadError } from './response-body';
import { attemptTimeout, backoffMs, fitsDeadline, isDropped, waitDeadlineError, type RetryPolicy } from './retry-policy';
import { bodyError, mediaStreamError, networkError, networkErrorCode, timeoutError } from './transport-errors';

/** Where the next attempt goes: a redirect changes it (redirects.ts). */
export interface Target {
	url: string;
	method: IHttpRequestMethods;
	body?: IDataObject;
	/** Redirects followed so far. */
	hops: number;
}

/** The retry state an attempt needs: its number (from 0) and whether the policy allows another. */
export interface AttemptState {
	policy: RetryPolicy;
	turn: GateTurn;
	attempt: number;
	retriesLeft: boolean;
	itemIndex: number;
}

/** What sendAttempt gives when the connection dropped and its back-off has been waited: send again. */
export const SEND_AGAIN = Symbol('send again');

/** An answer that came in whole: its status and headers, and the body parsed. */
export interface Answer {
	response: FullResponse;
	parsed: unknown;
}

export async function sendAttempt(
	ctx: RequestContext,
	link: ApiLink,
	request: ApiRequest,
	target: Target,
	state: AttemptState,
): Promise<Answer | typeof SEND_AGAIN> {
	const limit = attemptTimeout(state.policy);
	if (limit.ms <= 0) throw waitDeadlineError(link.node, state.itemIndex);
	const deadline = new Deadline(limit.ms, link.cancel);
	let answer: Answer;
	let refused: Error | undefined;
	try {
		const response = await deadline.race(send(ctx, link, request, target, limit.ms));
		state.turn.headers();
		const read = await readAnswer(ctx, link, response, deadline, request.streamBase64, state.itemIndex);
		answer = { response, parsed: read.parsed };
		refused = read.refused;
	} catch (error) {
		deadline.clear();
		return await failedAttempt(error, link, request, target, state, limit.byWait);
	}
	deadline.clear();
	if (refused) throw refused;
	return answer;
}

function send(ctx: RequestContext, link: ApiLink, request: ApiRequest, target: Target, timeoutMs: number): Promise<FullResponse> {
	const { body } = target;
	// n8n's plain request helper (proxy, SSRF policy, cancellation) with the credential's header
	// built once per run (ApiLink.authorization): httpRequestWithAuthentication would evaluate the
	// credential's `Bearer {{$credentials.apiToken}}` in n8n's expression sandbox for every request,
	// which the benchmark's profile showed as a fifth of the node's time.
	return ctx.helpers.httpRequest({
		method: target.method,
		url: target.url,
		// Serialised here: n8n's helpers copy objects in ways that drop keys like "__proto__",
		// which are legitimate LoRA or trigger-word names.
		body: body === undefined ? undefined : JSON.stringify(body),
		headers: {
			...request.headers,
			...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
			Authorization: link.authorization,
		},
		abortSignal: link.cancel,
		qs: request.qs,
		json: true,
		timeout: timeoutMs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// The body is read here, bounded in size and time (see readBody).
		encoding: 'stream',
		// Lists go as repeated keys (`?engine=a&engine=b`), as the API and its SDK expect.
		arrayFormat: 'repeat',
		// Redirects are decided here (decideRedirect); the token never goes to another host.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
	}) as Promise<FullResponse>;
}

/**
 * An attempt that got no whole answer: SEND_AGAIN after the back-off for a dropped connection with a
 * retry left; otherwise the error that says what happened. A timeout or a body that broke off is not
 * retried, because the generation may be running (and billed).
 */
async function failedAttempt(
	error: unknown,
	link: ApiLink,
	request: ApiRequest,
	target: Target,
	state: AttemptState,
	byWait: boolean,
): Promise<typeof SEND_AGAIN> {
	const { node, cancel } = link;
	const { policy, itemIndex } = state;
	if (error instanceof MediaStreamError) throw mediaStreamError(node, error, link.base, itemIndex, request.streamBase64?.noun);
	if (cancel?.aborted || (error instanceof DeadlineError && error.reason === 'cancelled') || (error instanceof BodyReadError && error.reason === 'cancelled')) {
		throw new NodeOperationError(node, 'The execution was cancelled', { itemIndex });
	}
	if (error instanceof DeadlineError || (error instanceof BodyReadError && error.reason === 'deadline')) {
		if (byWait) throw waitDeadlineError(node, itemIndex);
		throw timeoutError(node, policy, itemIndex, error instanceof BodyReadError ? error.bytesRead : undefined);
	}
	if (error instanceof BodyReadError) throw bodyError(node, error, link.base, itemIndex);
	const code = networkErrorCode(error);
	const pause = backoffMs(state.attempt, policy);
	if (isDropped(code) && state.retriesLeft && fitsDeadline(policy, pause)) {
		await sleep(pause, cancel);
		return SEND_AGAIN;
	}
	if (byWait && (code === 'ECONNABORTED' || code === 'ETIMEDOUT')) throw waitDeadlineError(node, itemIndex);
	throw networkError(node, code, target.url, policy, itemIndex);
}
