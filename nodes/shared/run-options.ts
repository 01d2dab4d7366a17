import type { NumberLimit } from './engines';

/**
 * Bounds of the options that shape how the node runs (not request fields). The field builders show
 * them and the item reader enforces them, since an expression can give any value.
 */
export const RUN_OPTION_LIMITS = {
	concurrency: { min: 1, max: 32, integer: true },
	maxRetries: { min: 0, max: 10, integer: true },
	// At most a day: longer does not help a generation, and timers above 2³¹ ms fire at once.
	timeout: { min: 0, minExclusive: true, max: 86_400 },
	maxInputImageMB: { min: 0, minExclusive: true },
} as const satisfies Record<string, NumberLimit>;

/** Whether a value is a number within a limit (finite, whole where the limit says so). */
export function withinLimit(value: unknown, limit: NumberLimit): value is number {
	if (typeof value !== 'number' || !Number.isFinite(value)) return false;
	if (limit.integer && !Number.isInteger(value)) return false;
	if (limit.minExclusive ? value <= limit.min : value < limit.min) return false;
	if (limit.max !== undefined && (limit.maxExclusive ? value >= limit.max : value > limit.max)) return false;
	return true;
}
