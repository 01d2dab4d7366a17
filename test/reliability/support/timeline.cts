/** A span of time in epoch milliseconds. */
export interface Interval {
	start: number;
	end: number;
}

/**
 * The largest number of intervals open at one moment. At equal times an end counts before a start:
 * a worker that sends its next request in the same millisecond its last one ended is not two at once.
 */
export function maxOverlap(intervals: readonly Interval[]): number {
	const events = intervals.flatMap(({ start, end }) => [
		{ at: start, delta: 1 },
		{ at: end, delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let open = 0;
	let most = 0;
	for (const { delta } of events) {
		open += delta;
		most = Math.max(most, open);
	}
	return most;
}

/**
 * The concurrency a run settled on, as the server saw it: at each arrival in the last half of the
 * requests, how many were open (that one included); the median of those counts.
 */
export function settledConcurrency(intervals: readonly Interval[]): number {
	const sorted = [...intervals].sort((a, b) => a.start - b.start);
	const counts = sorted
		.slice(Math.floor(sorted.length / 2))
		.map(({ start }) => sorted.filter((other) => other.start <= start && start < other.end).length)
		.sort((a, b) => a - b);
	return counts[Math.floor(counts.length / 2)] ?? 0;
}
