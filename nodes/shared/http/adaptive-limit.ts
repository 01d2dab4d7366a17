import { sleep } from 'n8n-workflow';

import type { Permit, RequestGate } from './concurrency';

/**
 * Concurrency "Auto": how many generation requests are in flight at once, found while the node runs.
 *
 * The well-known adaptive limiters, and what this one takes from each:
 * - AIMD (TCP Reno): grow by one per round, halve on a loss. Here the loss is a 429 or 503, and the
 *   cut is multiplicative, once per round (answers to requests sent before a cut do not cut again).
 * - TCP Vegas: compare each answer's latency with the lowest seen (the server's unloaded time). A
 *   server that queues (one GPU) answers ever later as requests are added while its throughput stays
 *   flat; by Little's law it runs about `inFlight × minLatency / latency` generations at once (with
 *   inFlight as the request found it when it went out, what it queued behind). The
 *   limit moves to that estimate plus one (one request kept waiting, so no GPU idles between answers).
 * - Gradient (Netflix concurrency-limits, Gradient2): the move is smoothed, so one slow answer does not
 *   throw the limit around.
 * - Slow start: from START the limit grows by GROWTH per answer whose latency is still near the minimum
 *   (about ×3 per round), so a server that takes everything at once is filled in a few rounds; two
 *   answers in a row that show a queue end slow start (one may be a busy machine).
 * The limit stays within 1..MAX (64). 429 and 503 also set one shared pause (Retry-After, or the
 * transport's back-off) that every request waits out before its next attempt.
 *
 * One limiter serves every run of the same credential and base URL in this n8n process (parallel
 * executions share the server's capacity and the account's rate limit); an idle one is forgotten after
 * IDLE_MS. The registry key is a hash of the credential id and base URL; no token is held.
 */
/**
 * Requests sent before the first answer: 8 fills a server that takes 32 at once in two rounds (8, then
 * 24 as the fast answers come back), while a run that fails on its first answer has at most 8 billed
 * requests in flight whose results n8n then drops.
 */
export const AUTO_START = 8;
export const AUTO_MAX = 64;
const GROWTH = 2;
/** Latency up to this much above the minimum counts as "no queue" (answers vary by size and timing). */
const TOLERANCE = 0.5;
/** Share of the way the limit moves toward the queue estimate per answer. */
const SMOOTHING = 0.5;
const CUT = 0.5;
const IDLE_MS = 10 * 60_000;

export class AdaptiveLimit implements RequestGate {
	readonly freeRateLimitRetries = true;
	private limit = AUTO_START;
	private inFlight = 0;
	private minLatency = Infinity;
	private slowStart = true;
	private slowAnswers = 0;
	/** Counts cuts, so a request sent before the last cut does not cut again. */
	private epoch = 0;
	private resumeAt = 0;
	private readonly waiting: Array<() => void> = [];
	lastUsed = Date.now();

	/** The current limit, rounded down (at least 1). */
	get current(): number {
		return Math.max(1, Math.floor(this.limit));
	}

	get busy(): boolean {
		return this.inFlight > 0 || this.waiting.length > 0;
	}

	async enter(signal?: AbortSignal): Promise<Permit> {
		for (;;) {
			this.lastUsed = Date.now();
			for (let left = this.resumeAt - Date.now(); left > 0; left = this.resumeAt - Date.now()) await sleep(left, signal);
			if (this.inFlight < this.current) break;
			await this.nextFreeSlot(signal);
		}
		this.inFlight++;
		return this.permit(this.epoch, this.inFlight);
	}

	/** `sentWith`: requests in flight when this one went out (itself included), which it queued behind. */
	private permit(epoch: number, sentWith: number): Permit {
		let released = false;
		return {
			answered: (latencyMs) => this.answered(latencyMs, sentWith),
			overloaded: (_status, delayMs) => {
				this.overloaded(epoch, delayMs);
				return true;
			},
			release: () => {
				if (released) return;
				released = true;
				this.inFlight--;
				this.wake();
			},
		};
	}

	private answered(latencyMs: number, sentWith: number): void {
		const latency = Math.max(1, latencyMs);
		// A request sent alone queued behind none of ours: its time is the server's unloaded time now,
		// so a server (or a run's settings) that became slower resets the base line instead of looking
		// like a queue for ever (one limiter serves every run of the credential).
		this.minLatency = sentWith === 1 ? latency : Math.min(this.minLatency, latency);
		if (latency <= this.minLatency * (1 + TOLERANCE)) {
			this.slowAnswers = 0;
			this.limit += this.slowStart ? GROWTH : 1 / this.limit;
		} else if (this.slowStart && ++this.slowAnswers < 2) {
			// One slow answer in slow start may be the machine, not the server: the next one decides.
		} else {
			this.slowStart = false;
			// A request that queued behind `sentWith` others at a server running C at once waits about
			// sentWith / C generations: C ≈ sentWith × minLatency / latency.
			const serving = (sentWith * this.minLatency) / latency;
			const target = serving + 1;
			if (target < this.limit) this.limit -= SMOOTHING * (this.limit - target);
		}
		this.settle();
	}

	private overloaded(epoch: number, delayMs: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + delayMs);
		if (epoch !== this.epoch) return;
		this.epoch++;
		this.slowStart = false;
		this.limit *= CUT;
		this.settle();
	}

	private settle(): void {
		this.limit = Math.min(AUTO_MAX, Math.max(1, this.limit));
		this.wake();
	}

	/** Resolves when a slot may have come free (or the limit grew); a cancelled wait leaves the queue. */
	private nextFreeSlot(signal?: AbortSignal): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			const waiter = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			const onAbort = () => {
				const at = this.waiting.indexOf(waiter);
				if (at !== -1) this.waiting.splice(at, 1);
				reject(new Error('The execution was cancelled'));
			};
			if (signal?.aborted) return onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.push(waiter);
		});
	}

	private wake(): void {
		for (let free = this.current - this.inFlight; free > 0 && this.waiting.length > 0; free--) this.waiting.shift()?.();
	}
}

const limiters = new Map<string, AdaptiveLimit>();

/** The limiter of a credential and base URL, made on first use; idle ones past IDLE_MS are dropped. */
export function sharedLimit(credentialId: string, baseUrl: string): AdaptiveLimit {
	const now = Date.now();
	for (const [key, limiter] of limiters) {
		if (!limiter.busy && now - limiter.lastUsed > IDLE_MS) limiters.delete(key);
	}
	const key = fnv1a(`${credentialId}\n${baseUrl}`);
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new AdaptiveLimit();
		limiters.set(key, limiter);
	}
	return limiter;
}

/** A short hash, so the registry keeps no URL (which may name a private host) in clear. */
function fnv1a(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return `${hash.toString(16)}:${text.length}`;
}
