import type { IBinaryData } from 'n8n-workflow';

import type { RequestContext } from './api-request';
import { freeMemory } from './free-memory';
import { perRun } from './per-run';

/** Free buffers kept per run: one per request in flight at the highest Concurrency is enough. */
const MAX_FREE = 64;
/** Free bytes kept per run at most, so a run of very large images does not hold on to them. */
const MAX_FREE_BYTES = 128 * 1024 * 1024;

/**
 * The buffers streamed images are decoded into, reused within one node run: once an image is in
 * n8n's binary store on disk, its buffer takes the next image of the run. Without this every image
 * allocates a new 1.5 MB buffer outside the JavaScript heap, and the engine collects those only after
 * tens of megabytes have piled up, which is what made the node's memory grow with the item count.
 */
export class MediaBufferPool {
	private readonly free: Buffer[] = [];
	private freeBytes = 0;
	/** The memory this pool handed out: only that is ever taken back. */
	private readonly own = new WeakSet<ArrayBufferLike>();

	/** A buffer of at least `bytes` (a free one when there is one large enough, else a new one). */
	alloc(bytes: number): Buffer {
		let best = -1;
		for (let n = 0; n < this.free.length; n++) {
			const length = this.free[n].length;
			if (length >= bytes && (best === -1 || length < this.free[best].length)) best = n;
		}
		if (best !== -1) {
			const [buffer] = this.free.splice(best, 1);
			this.freeBytes -= buffer.length;
			return buffer;
		}
		const buffer = Buffer.allocUnsafeSlow(bytes);
		this.own.add(buffer.buffer);
		return buffer;
	}

	/** Whether `view` lies in memory from this pool (the decoder then hands out views, not copies). */
	owns(view: Buffer): boolean {
		return this.own.has(view.buffer);
	}

	/** Takes back the memory under `view`, which nothing may read afterwards. */
	release(view: Buffer): void {
		if (!this.owns(view)) return;
		const whole = Buffer.from(view.buffer, 0, view.buffer.byteLength);
		if (this.free.length >= MAX_FREE || this.freeBytes + whole.length > MAX_FREE_BYTES) return;
		if (this.free.some((buffer) => buffer.buffer === whole.buffer)) return;
		this.free.push(whole);
		this.freeBytes += whole.length;
	}

	/** Frees the memory of the free buffers now, the run being over (see free-memory.ts for why). */
	drain(): void {
		for (const buffer of this.free) freeMemory(buffer);
		this.free.length = 0;
		this.freeBytes = 0;
	}
}

/** The image buffer pool of a node run; drained when the run ends (endRun). */
export const mediaBufferPool = perRun(
	() => new MediaBufferPool(),
	(pool) => pool.drain(),
);

/**
 * Gives an image's buffer back to the run's pool once n8n stored it in a file. Only then: the
 * filesystem store has written the bytes before prepareBinaryData returns, while other modes
 * (database, S3, in memory) are not relied on to have let go of them.
 */
export function releaseStoredMedia(ctx: RequestContext, bytes: Buffer, stored: IBinaryData): void {
	if (stored.id && typeof stored.data === 'string' && /^filesystem/.test(stored.data)) mediaBufferPool(ctx).release(bytes);
}
