import { NodeOperationError, type INode } from 'n8n-workflow';

import type { RequestGate } from './concurrency';

/** How the transport retries one request and how long each attempt may take. */
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

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_TIMEOUT_SECONDS = 300;
export const DEFAULT_POLICY: RetryPolicy = {
	timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000,
	maxRetries: DEFAULT_MAX_RETRIES,
	baseDelayMs: 1_000,
};

const MAX_BACKOFF_MS = 30_000;
/** Node's timers hold at most 2³¹−1 ms; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Connections that broke before an answer: retried, like 429 and 5xx. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ECONNABORTED_BY_PEER', 'UND_ERR_SOCKET']);

/** Whether a system error code (networkErrorCode) means the connection dropped, so a retry may help. */
export function isDropped(code: string | undefined): boolean {
	return code !== undefined && DROPPED.has(code);
}

export function isTransientStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

/** One attempt's timeout: the policy's, or the time its wait has left when that is shorter. */
export function attemptTimeout(policy: RetryPolicy): { ms: number; byWait: boolean } {
	const own = Math.min(policy.timeoutMs, MAX_TIMER_MS);
	if (policy.deadline === undefined) return { ms: own, byWait: false };
	const left = policy.deadline - Date.now();
	return left < own ? { ms: left, byWait: true } : { ms: own, byWait: false };
}

/** Whether a retry after `delay` ms still starts before the policy's deadline. */
export function fitsDeadline(policy: RetryPolicy, delay: number): boolean {
	return policy.deadline === undefined || Date.now() + delay < policy.deadline;
}

export function backoffMs(attempt: number, policy: RetryPolicy): number {
	const base = (policy.baseDelayMs ?? 1_000) * 2 ** attempt;
	// Full jitter between half and the whole delay keeps parallel clients from retrying in lockstep.
	return Math.min(MAX_BACKOFF_MS, base / 2 + Math.random() * (base / 2));
}

/** Errors that mean "the deadline of the wait this request was sent in passed"; the wait says what that means. */
const passedWaits = new WeakSet<object>();

export function waitDeadlineError(node: INode, itemIndex: number): NodeOperationError {
	const error = new NodeOperationError(node, "The wait's deadline passed before OctoAI answered", { itemIndex });
	passedWaits.add(error);
	return error;
}

/** Whether a request ended because its wait's deadline (RetryPolicy.deadline) passed. */
export function isWaitDeadline(error: unknown): boolean {
	return typeof error === 'object' && error !== null && passedWaits.has(error);
}

/** Transient answers (429, 5xx) of a wait's read, by the delay after which the server may be asked again. */
const askAgainAfter = new WeakMap<object, number>();

/** Marks `error`, a transient answer to a read sent in a wait, as one to ask again after `delayMs`. */
export function askAgainLater<E extends object>(error: E, delayMs: number): E {
	askAgainAfter.set(error, delayMs);
	return error;
}

/**
 * The delay after which a wait may read again, when its read ended on a transient answer that said
 * when (Retry-After) or whose due retry fell past the wait's deadline; undefined for any other error.
 * A status read is not billed: the wait sleeps that long (at most to its deadline) and goes on, rather
 * than ending early on the throttle.
 */
export function askAgainDelay(error: unknown): number | undefined {
	return typeof error === 'object' && error !== null ? askAgainAfter.get(error) : undefined;
}
