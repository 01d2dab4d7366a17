import { sleep } from 'n8n-workflow';

/** Requests a node sends at once unless the user sets "Concurrency". */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Runs `work` for indexes 0..count-1 with at most `limit` in flight, and returns the results in
 * index order. Each worker finishes one item (request, decode, store) before taking the next, so at
 * most `limit` responses are held in memory at once.
 */
export async function mapWithConcurrency<T>(
	count: number,
	limit: number,
	work: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await work(index);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker));
	return results;
}

/**
 * One back-off shared by every request of a node run: when the API says "slow down" (429), all
 * workers wait until the same moment instead of each retrying on its own schedule.
 */
export class SharedBackoff {
	private resumeAt = 0;

	/** Holds every later request until `delayMs` from now (never shortens a pause already set). */
	pause(delayMs: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + delayMs);
	}

	/** Waits out the current pause, if any. */
	async wait(signal?: AbortSignal): Promise<void> {
		for (let left = this.resumeAt - Date.now(); left > 0; left = this.resumeAt - Date.now()) {
			await sleep(left, signal);
		}
	}
}
