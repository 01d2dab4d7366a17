import { sleep } from 'n8n-workflow';

/** Requests a version-1 node sends at once unless the user sets "Concurrency" (later versions: Auto). */
export const DEFAULT_CONCURRENCY = 4;

/** The Concurrency value that means "Auto" (adaptive-limit.ts). */
export const AUTO_CONCURRENCY = 0;

/**
 * The node version from which Concurrency left out means Auto and a rate limit (429) never uses up
 * Max Retries at any Concurrency; version 1 keeps 4 and counts 429s, as saved workflows expect.
 */
export const AUTO_CONCURRENCY_VERSION = 1.1;

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
 * What the transport asks before each attempt of a request and tells after it: the run's shared
 * pause (SharedBackoff) or, with Concurrency "Auto", the adaptive limit (adaptive-limit.ts).
 */
export interface RequestGate {
	/** Waits out a shared pause (and, for a limit, a free slot); the permit is released exactly once. */
	enter(signal?: AbortSignal): Promise<Permit>;
	/** Whether a rate-limit (429) retry waits without using up Max Retries (Auto: bounded by the request's Timeout instead). */
	readonly freeRateLimitRetries: boolean;
}

export interface Permit {
	/** The attempt was answered (2xx) after `latencyMs`. */
	answered(latencyMs: number): void;
	/** The server said "slow down" (429 or 503) and asks for `delayMs`; true when the gate holds the wait for all requests. */
	overloaded(status: number, delayMs: number): boolean;
	release(): void;
}

/**
 * One back-off shared by every request of a node run with a fixed Concurrency: when the API says
 * "slow down" (429), all workers wait until the same moment instead of each retrying on its own schedule.
 */
export class SharedBackoff implements RequestGate {
	private resumeAt = 0;

	/**
	 * `freeRateLimitRetries`: a 429 is retried after the shared pause without using up Max Retries,
	 * bounded by the request's Timeout, as under Auto (node version 1.1 on); version 1 counts it.
	 */
	constructor(readonly freeRateLimitRetries = false) {}

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

	async enter(signal?: AbortSignal): Promise<Permit> {
		await this.wait(signal);
		return {
			answered: () => undefined,
			overloaded: (status, delayMs) => {
				if (status !== 429) return false;
				this.pause(delayMs);
				return true;
			},
			release: () => undefined,
		};
	}
}

/** Shortest wait before a rate-limit retry that does not use up Max Retries. */
const MIN_FREE_RETRY_WAIT_MS = 1000;
/** Longest back-off of such a retry when the server names no wait (Retry-After). */
const MAX_FREE_RETRY_WAIT_MS = 30_000;

/**
 * One request's passes through its gate, attempt by attempt: the permit of the attempt under way
 * (released when the next starts and when the request ends), its latency, and the time it has
 * waited on rate limits, which bounds Auto's retries of them by the request's Timeout.
 */
export class GateTurn {
	private permit: Permit | undefined;
	private startedAt = 0;
	private headersAt: number | undefined;
	private rateLimitWaitMs = 0;
	private freeRetries = 0;

	constructor(
		private readonly gate: RequestGate | undefined,
		private readonly waitBudgetMs: number,
	) {}

	/** Ends the previous attempt's pass and starts the next one's. */
	async next(signal?: AbortSignal): Promise<void> {
		this.release();
		if (this.gate) this.permit = await this.gate.enter(signal);
		this.startedAt = Date.now();
		this.headersAt = undefined;
	}

	/** The answer's headers are in: the server's time, before the body waits for a read slot. */
	headers(): void {
		this.headersAt = Date.now();
	}

	answered(): void {
		this.permit?.answered((this.headersAt ?? Date.now()) - this.startedAt);
	}

	/**
	 * A 429 or 503 of this attempt: 'free' when the gate holds the wait and the retry does not count
	 * against Max Retries (a rate limit under Auto, or any Concurrency from version 1.1), 'shared' when
	 * the gate holds the wait, undefined when the caller waits itself. A 503 always counts: a server
	 * that stays down fails as before. `told`: the server named the wait (Retry-After).
	 */
	overloaded(status: number, delayMs: number, told = false): 'free' | 'shared' | undefined {
		const free = status === 429 && this.gate?.freeRateLimitRetries === true;
		// A retry that does not count waits at least a second; without a Retry-After its wait doubles per
		// retry (with jitter, up to 30 s), so a server that refuses without naming a wait is not hammered.
		const waitMs = free ? Math.max(delayMs, told ? MIN_FREE_RETRY_WAIT_MS : freeBackoffMs(this.freeRetries)) : delayMs;
		if (!this.permit?.overloaded(status, waitMs)) return undefined;
		if (!free) return 'shared';
		this.freeRetries++;
		this.rateLimitWaitMs += waitMs;
		return this.rateLimitWaitMs <= this.waitBudgetMs ? 'free' : 'shared';
	}

	release(): void {
		this.permit?.release();
		this.permit = undefined;
	}
}

/** The wait before the n-th (from 0) uncounted rate-limit retry that no Retry-After named: 1 s doubling, jittered, capped. */
function freeBackoffMs(retry: number): number {
	const base = Math.min(MAX_FREE_RETRY_WAIT_MS, MIN_FREE_RETRY_WAIT_MS * 2 ** retry);
	return Math.max(MIN_FREE_RETRY_WAIT_MS, base / 2 + Math.random() * (base / 2));
}
