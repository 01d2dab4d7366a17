import { DEFAULT_POLICY, type RetryPolicy } from '../transport';

/** Reads and idempotent calls (get, list, delete, cancel, complete-upload): transient failures are retried. */
export const RETRY_POLICY: RetryPolicy = { ...DEFAULT_POLICY, timeoutMs: 60_000 };

/** The least time a wait's last status read gets, even when it starts at the wait's deadline. */
const LAST_READ_MS = 10_000;

/**
 * RETRY_POLICY for a status read of a wait that ends at `deadline` (epoch ms, from pollUntil): no
 * retry or back-off starts past it, so a server that throttles with a long Retry-After cannot stretch
 * the wait, and no attempt is given more time than the wait has left (but at least LAST_READ_MS).
 */
export function readPolicyUntil(deadline: number | undefined): RetryPolicy {
	if (deadline === undefined) return RETRY_POLICY;
	const left = deadline - Date.now();
	return { ...RETRY_POLICY, deadline, timeoutMs: Math.min(RETRY_POLICY.timeoutMs, Math.max(LAST_READ_MS, left)) };
}

/**
 * Calls that create something (an asset, a tune) are sent once: after a dropped connection or a 5xx
 * the first attempt may have gone through, and a second tune would be trained and billed twice.
 */
export const SEND_ONCE_POLICY: RetryPolicy = { timeoutMs: 60_000, maxRetries: 0 };
