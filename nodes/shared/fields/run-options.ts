import type { NumberLimit } from './registry/values';

/**
 * Bounds of the options that shape how the node runs (not request fields). The field builders show
 * them and the item reader enforces them, since an expression can give any value.
 */
export const RUN_OPTION_LIMITS = {
	// 0 is Auto (adaptive-limit.ts, which goes up to 64); a fixed number is 1 to 32.
	concurrency: { min: 0, max: 32, integer: true },
	maxRetries: { min: 0, max: 10, integer: true },
	// At most a day: longer does not help a generation, and timers above 2³¹ ms fire at once.
	timeout: { min: 0, minExclusive: true, max: 86_400 },
	maxInputImageMB: { min: 0, minExclusive: true },
	// Asynchronous mode: a floor on the poll gap so an expression cannot flood the API, and a
	// ceiling on the deadline so a wait always ends (the service keeps results for 24 h anyway).
	pollInterval: { min: 0.5, max: 300 },
	maxWait: { min: 1, max: 6 * 3600 },
} as const satisfies Record<string, NumberLimit>;

/**
 * How an engine node waits for its images: one request held open until they are ready
 * ("sync"), or the API's asynchronous mode, which answers at once with an id to poll ("async").
 */
export type WaitMode = 'sync' | 'async';

export const WAIT_MODES: readonly WaitMode[] = ['sync', 'async'];

/** The Wait Mode of an engine row that says none. */
export const DEFAULT_WAIT_MODE: WaitMode = 'sync';
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;
export const DEFAULT_MAX_WAIT_SECONDS = 600;
