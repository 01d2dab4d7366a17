// The service's pace: per-account rate limits (requests per window, answered 429 with Retry-After) and a
// capacity model (N generations at once, the rest queued in arrival order, each taking a set time).
// Both apply to generation requests only (the rows that take X-OctoAI-Async), as the service's Media Gen
// limits did, and both are per server, so parallel tests do not share them.
import { json, type Reply } from '../core/http.cts';

export interface RateLimit {
	/** Generation requests one account may send per window. */
	requests: number;
	/** The window, in milliseconds (the service's tiers: 10 or 60 per 60 000). */
	perMs: number;
}

export interface Capacity {
	/** Generations that run at once (GPUs); the rest wait in a queue. */
	slots: number;
	/** How long each generation takes once it has a slot, in milliseconds. */
	generationMs: number;
}

export interface PaceSettings {
	rateLimit?: RateLimit | null;
	capacity?: Capacity | null;
}

/** Checks settings from options, the CLI or the admin route; a message when they are unusable. */
export function paceProblem(settings: unknown): string | undefined {
	if (!settings || typeof settings !== 'object') return 'must be an object {rateLimit?, capacity?}';
	const { rateLimit, capacity } = settings as PaceSettings;
	if (rateLimit != null && !(positiveInt(rateLimit.requests) && positiveInt(rateLimit.perMs))) {
		return 'rateLimit needs requests and perMs, positive integers';
	}
	if (capacity != null && !(positiveInt(capacity.slots) && Number.isInteger(capacity.generationMs) && capacity.generationMs >= 0)) {
		return 'capacity needs slots (a positive integer) and generationMs (an integer >= 0)';
	}
	return undefined;
}

function positiveInt(value: unknown): boolean {
	return Number.isInteger(value) && (value as number) > 0;
}

/** One server's pace: a sliding-window log of each account's accepted requests, and the GPU queue. */
export class Pace {
	private rateLimit: RateLimit | undefined;
	private capacity: Capacity | undefined;
	private readonly accepted = new Map<string, number[]>();
	private busy = 0;
	private readonly queue: Array<() => void> = [];

	constructor(settings: PaceSettings = {}) {
		this.set(settings);
	}

	/** Replaces the settings (null or absent turns a model off); the counts start afresh. */
	set(settings: PaceSettings): void {
		this.rateLimit = settings.rateLimit ?? undefined;
		this.capacity = settings.capacity ?? undefined;
		this.accepted.clear();
	}

	settings(): { rateLimit: RateLimit | null; capacity: Capacity | null; running: number; queued: number } {
		return { rateLimit: this.rateLimit ?? null, capacity: this.capacity ?? null, running: this.busy, queued: this.queue.length };
	}

	/**
	 * The 429 for an account over its limit, or undefined (the request is then counted). Retry-After is
	 * the whole seconds until the oldest counted request leaves the window, so a client that waits it
	 * out is let through.
	 */
	admit(account: string, now = Date.now()): Reply | undefined {
		const limit = this.rateLimit;
		if (!limit) return undefined;
		const log = (this.accepted.get(account) ?? []).filter((time) => time > now - limit.perMs);
		this.accepted.set(account, log);
		if (log.length < limit.requests) {
			log.push(now);
			return undefined;
		}
		const seconds = Math.max(1, Math.ceil((log[0] + limit.perMs - now) / 1000));
		return json(
			429,
			{ detail: `Rate limit reached: ${limit.requests} requests per ${limit.perMs / 1000} s for this account. Retry after ${seconds} s.` },
			{ 'retry-after': String(seconds) },
		);
	}

	/** Runs a generation when a slot is free and holds the slot `generationMs` (no capacity model: at once). */
	async generate<T>(work: () => Promise<T>): Promise<T> {
		const capacity = this.capacity;
		if (!capacity) return await work();
		if (this.busy >= capacity.slots) await new Promise<void>((resolve) => this.queue.push(resolve));
		this.busy++;
		try {
			await new Promise((resolve) => setTimeout(resolve, capacity.generationMs));
			return await work();
		} finally {
			this.busy--;
			this.queue.shift()?.();
		}
	}
}
