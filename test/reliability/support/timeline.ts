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
