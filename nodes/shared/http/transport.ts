import { sleep } from 'n8n-workflow';

import { openLink, type ApiLink } from './api-credential';
import { describeApiError } from './api-errors';
import { joinUrl, type ApiRequest, type RequestContext } from './api-request';
import { GateTurn } from './concurrency';
import { retryAfterMs } from './headers';
import { decideRedirect, isRedirect } from './redirects';
import { askAgainLater, backoffMs, DEFAULT_POLICY, fitsDeadline, isTransientStatus, type RetryPolicy } from './retry-policy';
import { SEND_AGAIN, sendAttempt, type Answer, type Target } from './send-attempt';
import { answerError, safeHost } from './transport-errors';
import { excerpt } from '../messages/safe-text';

/**
 * The one place that talks HTTP to OctoAI: auth through the credential (api-credential.ts), a
 * deadline over the whole answer (headers and body, read with a size bound: send-attempt.ts,
 * read-answer.ts), redirects by the policy in redirects.ts, bounded retries with exponential back-off
 * and jitter, honouring Retry-After (retry-policy.ts), every answer checked against the shape the
 * caller relies on, and every text taken from the server passed through safeText, so no token, URL
 * password or image data reaches an error (transport-errors.ts). Only transient failures are retried,
 * because every generation request that reaches the service is billed.
 */
export async function octoAiRequest<T>(
	ctx: RequestContext,
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

/** Attempts until an answer is final: a 2xx, an error that is not transient, or no retry left. */
async function sendWithRetries<T>(ctx: RequestContext, request: ApiRequest, itemIndex: number, policy: RetryPolicy, turn: GateTurn): Promise<T> {
	const link = await openLink(ctx, request, itemIndex);
	const target: Target = { url: joinUrl(link.base, request.path), method: request.method, body: request.body, hops: 0 };
	for (let attempt = 0; ; ) {
		const retriesLeft = attempt < policy.maxRetries;
		await turn.next(link.cancel);
		const answer = await sendAttempt(ctx, link, request, target, { policy, turn, attempt, retriesLeft, itemIndex });
		if (answer === SEND_AGAIN) {
			attempt++;
			continue;
		}
		const { statusCode, headers } = answer.response;
		if (isRedirect(statusCode)) {
			followRedirect(link, target, answer, itemIndex);
			continue;
		}
		if (statusCode >= 200 && statusCode < 300) {
			checkSuccess(link, request, answer, itemIndex);
			turn.answered();
			return answer.parsed as T;
		}
		const told = retryAfterMs(headers);
		const delay = told ?? backoffMs(attempt, policy);
		if (isTransientStatus(statusCode) && fitsDeadline(policy, delay)) {
			// 429 and 503: the gate may hold one wait for every request; from version 1.1 (and under Auto)
			// a rate limit is retried without using up Max Retries, for at most the request's Timeout in
			// waits (concurrency.ts).
			const held = statusCode === 429 || statusCode === 503 ? turn.overloaded(statusCode, delay, told !== undefined) : undefined;
			if (held === 'free') continue;
			if (retriesLeft) {
				attempt++;
				if (!held) await sleep(delay, link.cancel);
				continue;
			}
		}
		const described = describeApiError(statusCode, answer.parsed, { retriesOption: policy.options?.retries, notFound: request.notFound });
		const error = answerError(link.node, itemIndex, link.secrets, { status: statusCode, ...described, body: answer.parsed });
		// A wait's read told when to come back (Retry-After), or due a retry past the wait's deadline: the wait decides.
		const waitDecides = policy.deadline !== undefined && isTransientStatus(statusCode) && (told !== undefined || (retriesLeft && !fitsDeadline(policy, delay)));
		throw waitDecides ? askAgainLater(error, delay) : error;
	}
}

/** Moves `target` where a 3xx answer points, or refuses it (another host, a loop, too many hops). */
function followRedirect(link: ApiLink, target: Target, answer: Answer, itemIndex: number): void {
	const { statusCode, headers } = answer.response;
	const location = [headers?.location].flat()[0];
	const decision = decideRedirect(target.url, statusCode, location, target.method, target.hops);
	if (!decision.follow) {
		throw answerError(link.node, itemIndex, link.secrets, {
			status: statusCode,
			message: `OctoAI at ${safeHost(target.url)} ${decision.problem}`,
			description: `Check "${link.baseLabel}" in the OctoAI credential.`,
			body: answer.parsed,
		});
	}
	target.hops++;
	target.url = decision.url;
	target.method = decision.method;
	if (!decision.keepBody) target.body = undefined;
}

/** A 2xx answer must be JSON of the shape the caller relies on. */
function checkSuccess(link: ApiLink, request: ApiRequest, answer: Answer, itemIndex: number): void {
	const { statusCode } = answer.response;
	const { parsed } = answer;
	const fail = (message: string, description: string) =>
		answerError(link.node, itemIndex, link.secrets, { status: statusCode, message, description, body: parsed });
	if (parsed === null || typeof parsed !== 'object') {
		throw fail(
			`OctoAI answered ${statusCode} with a body that is not JSON`,
			`The server at ${link.base} may not be an OctoAI-compatible API, or the response was cut off. It began: ${excerpt(parsed ?? '', link.secrets)}`,
		);
	}
	const problem = request.shape?.(parsed);
	if (problem) {
		throw fail(
			`OctoAI answered ${statusCode} with an unexpected shape: ${problem}`,
			`The server at ${link.base} may not be an OctoAI-compatible API. The answer began: ${excerpt(parsed, link.secrets)}`,
		);
	}
}
