import type { NumberLimit } from './registry/values';

/**
 * Bounds of the options that shape how the node runs (not request fields). The field builders show
 * them and the item reader enforces them, since an expression can give any value.
 */
export const RUN_OPTION_LIMITS = {
	concurrency: { min: 1, max: 32, integer: true },
	maxRetries: { min: 0, max: 10, integer: true },
	timeout: { min: 0, minExclusive: true },
	maxInputImageMB: { min: 0, minExclusive: true },
} as const satisfies Record<string, NumberLimit>;
