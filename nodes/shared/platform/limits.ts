import type { NumberLimit } from '../fields/registry/values';

/** Bounds of the platform nodes' number parameters, enforced per item since expressions can give anything. */
export const PLATFORM_LIMITS = {
	limit: { min: 1, max: 100_000, integer: true },
	pollIntervalSeconds: { min: 0.1, max: 3_600 },
	timeoutSeconds: { min: 1, max: 7 * 24 * 3_600 },
	timeoutMinutes: { min: 0.01, max: 7 * 24 * 60 },
	tuneSteps: { min: 1, max: 100_000, integer: true },
	tuneSeed: { min: 0, max: 2 ** 32, maxExclusive: true, integer: true },
} as const satisfies Record<string, NumberLimit>;

/**
 * Longest text a list filter takes: longer than any name the API stores, short enough that the query
 * stays far below what servers accept in a URL (a 100,000-character filter would be refused with 431).
 */
export const FILTER_TEXT_MAX = 1_000;
