import { sleep } from 'n8n-workflow';

import { perRun } from './per-run';
import { WORK_DONE } from './work-done';

/** Answers of one node run whose bodies are read at once; the rest wait with their connection paused. */
export const READ_SLOTS = 4;
/** A body that has sent nothing for this long stops counting against READ_SLOTS until it sends again. */
export const STALL_MS = 100;

/** A granted slot: `touch()` on every chunk read, `release()` once the body is read or given up. */
export interface ReadSlot {
	touch(): void;
	release(): void;
}

/**
 * Which generation answers of a node run are read now. With Concurrency 16, sixteen answers arrive
 * together; read all at once, they interleave on the socket and all finish at the end, so no worker
 * sends its next request before then. Read a few at a time, in the order their headers came, each
 * finishes early and its worker's next request is on its way while the others are read; a waiting
 * answer holds at most its stream's buffer in the process, the rest stays in the connection (TCP
 * holds the server back).
 *
 * A slot whose body stalls (a slow or trickling server) counts as free after STALL_MS, so one slow
 * answer never holds up the others; when its bytes come again it counts again at once, above the
 * limit if need be, rather than being stopped in the middle of its answer.
 */
export class ReadSlots {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly limit = READ_SLOTS,
		private readonly stallMs = STALL_MS,
	) {}

	/**
	 * A slot once one is free. When `signal` aborts first (the request's deadline or Stop), the wait
	 * ends with a slot that holds nothing, so the caller's read sees the aborted signal and reports it.
	 */
	async acquire(signal?: AbortSignal): Promise<ReadSlot> {
		if (signal?.aborted) return INERT;
		if (this.active < this.limit) {
			this.active++;
			return this.slot();
		}
		const handedOver = await new Promise<boolean>((resolve) => {
			const go = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve(true);
			};
			const onAbort = () => {
				const at = this.waiting.indexOf(go);
				if (at !== -1) this.waiting.splice(at, 1);
				resolve(false);
			};
			this.waiting.push(go);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
		return handedOver ? this.slot() : INERT;
	}

	/** Answers waiting for a slot (for tests). */
	get queued(): number {
		return this.waiting.length;
	}

	/** Answers being read and not stalled (for tests). */
	get reading(): number {
		return this.active;
	}

	/** A slot already counted in `active`, watched for a stall while its body is quiet. */
	private slot(): ReadSlot {
		let stalled = false;
		let released = false;
		let lastByte = performance.now();
		const done = new AbortController();
		const quietFor = () => performance.now() - lastByte;
		const watch = async () => {
			try {
				for (;;) {
					await sleep(Math.max(0, this.stallMs - quietFor()), done.signal);
					if (released) return;
					if (quietFor() < this.stallMs) continue;
					// After a long pause of the whole process (garbage collection, another execution), timers
					// run before the socket data that waited: one more turn of the event loop lets it arrive.
					await sleep(0, done.signal);
					if (released) return;
					if (quietFor() >= this.stallMs) break;
				}
			} catch {
				return; // released
			}
			stalled = true;
			this.free();
		};
		void watch();
		return {
			touch: () => {
				if (released) return;
				lastByte = performance.now();
				if (!stalled) return;
				// Back at once (over the limit if need be) rather than stopped in the middle of its answer.
				stalled = false;
				this.active++;
				void watch();
			},
			release: () => {
				if (released) return;
				released = true;
				done.abort(WORK_DONE);
				if (!stalled) this.free();
			},
		};
	}

	/** One slot less in use; while fewer than the limit are, the longest-waiting answer gets it at once. */
	private free(): void {
		this.active--;
		if (this.active >= this.limit) return;
		const next = this.waiting.shift();
		if (!next) return;
		this.active++;
		next();
	}
}

/** What a wait ended by its signal gets: nothing to count or give back. */
const INERT: ReadSlot = { touch: () => undefined, release: () => undefined };

/** The read slots of a node run. */
export const readSlots = perRun(() => new ReadSlots());
