import { DEFAULT_POLICY, type RetryPolicy } from '../http/retry-policy';

/** Reads and idempotent calls (get, list, delete, cancel, complete-upload): transient failures are retried. */
export const RETRY_POLICY: RetryPolicy = { ...DEFAULT_POLICY, timeoutMs: 60_000 };

/**
 * RETRY_POLICY for a status read of a wait that ends at `deadline` (epoch ms, from pollUntil): the
 * transport gives no attempt more time than the wait has left and starts no retry or back-off past
 * it, so neither a hung status endpoint nor a long Retry-After can stretch the wait.
 */
export function readPolicyUntil(deadline: number | undefined): RetryPolicy {
	return deadline === undefined ? RETRY_POLICY : { ...RETRY_POLICY, deadline };
}

/**
 * Calls that create something (an asset, a tune) are sent once: after a dropped connection or a 5xx
 * the first attempt may have gone through, and a second tune would be trained and billed twice.
 */
export const SEND_ONCE_POLICY: RetryPolicy = { timeoutMs: 60_000, maxRetries: 0 };
