import type { NumberLimit } from './registry/values';

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
