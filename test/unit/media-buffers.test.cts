import { randomBytes } from 'node:crypto';

import { MediaBufferPool, releaseStoredMedia, mediaBufferPool } from '../../nodes/shared/http/media-buffers';
import { runItems } from '../../nodes/shared/run/item-loop';
import { endRun } from '../../nodes/shared/http/per-run';
import { MediaJsonScanner, streamedMedia } from '../../nodes/shared/http/json-media-stream';

// Freeing memory at once needs ArrayBuffer.prototype.transfer (Node 21 on; the project runs on Node 24).
const itFrees = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function' ? it : it.skip;

function response(image: Buffer): Buffer {
	return Buffer.from(JSON.stringify({ images: [{ image_b64: image.toString('base64'), seed: 1 }] }));
}

/** Streams one answer through a scanner that uses `pool`, in 4 KB chunks, with its Content-Length. */
function decode(image: Buffer, pool: MediaBufferPool): Buffer {
	const body = response(image);
	const scanner = new MediaJsonScanner(undefined, body.length, undefined, pool);
	for (let at = 0; at < body.length; at += 4096) scanner.push(body.subarray(at, at + 4096));
	const result = scanner.end();
	return streamedMedia(result, (result.json as { images: Array<{ image_b64: string }> }).images[0].image_b64)!;
}

describe('MediaBufferPool', () => {
	it('gives a released buffer to the next image, which decodes whole and exact', () => {
		const pool = new MediaBufferPool();
		const first = randomBytes(300_000);
		const decodedFirst = decode(first, pool);
		expect(decodedFirst.equals(first)).toBe(true);
		pool.release(decodedFirst);
		// A smaller image: the same memory, a view of exactly its bytes (no stale tail of the first).
		const second = randomBytes(200_000);
		const decodedSecond = decode(second, pool);
		expect(decodedSecond.buffer).toBe(decodedFirst.buffer);
		expect(decodedSecond.length).toBe(second.length);
		expect(decodedSecond.equals(second)).toBe(true);
	});

	it('does not reuse memory that is still out, nor memory it did not hand out', () => {
		const pool = new MediaBufferPool();
		const a = decode(randomBytes(100_000), pool);
		const b = decode(randomBytes(100_000), pool);
		expect(b.buffer).not.toBe(a.buffer);
		const foreign = Buffer.allocUnsafeSlow(200_000);
		pool.release(foreign);
		expect(pool.owns(foreign)).toBe(false);
		expect(pool.alloc(100_000).buffer).not.toBe(foreign.buffer);
	});

	it('takes a buffer back only when n8n stored the image in a file', () => {
		const ctx = {} as never;
		const pool = mediaBufferPool(ctx);
		const image = decode(randomBytes(50_000), pool);
		releaseStoredMedia(ctx, image, { id: 'database:1', data: 'database', mimeType: 'image/png' });
		releaseStoredMedia(ctx, image, { data: 'iVBORw0KGgo', mimeType: 'image/png' });
		expect(pool.alloc(50_000).buffer).not.toBe(image.buffer);
		releaseStoredMedia(ctx, image, { id: 'filesystem-v2:workflows/1/x', data: 'filesystem-v2', mimeType: 'image/png' });
		expect(pool.alloc(50_000).buffer).toBe(image.buffer);
	});

	itFrees('frees its free buffers when the run ends, and leaves those still out alone', () => {
		const ctx = {} as never;
		const pool = mediaBufferPool(ctx);
		const stored = decode(randomBytes(60_000), pool);
		const out = decode(randomBytes(70_000), pool);
		const outBytes = Buffer.from(out);
		const memory = stored.buffer;
		releaseStoredMedia(ctx, stored, { id: 'filesystem-v2:workflows/1/y', data: 'filesystem-v2', mimeType: 'image/png' });
		expect(memory.byteLength).toBeGreaterThan(0);
		endRun(ctx);
		expect(memory.byteLength).toBe(0); // freed at once, not at the next collection
		expect(out.equals(outBytes)).toBe(true);
		// A later use of the context starts a new pool.
		expect(mediaBufferPool(ctx)).not.toBe(pool);
	});

	itFrees('is drained when runItems has every item done, not before', async () => {
		const none = () => undefined;
		// What runItems checks n8n offers (run/n8n-version.ts), then what it calls.
		const ctx = {
			getInputData: () => [{ json: {} }, { json: {} }, { json: {} }],
			continueOnFail: () => false,
			getCredentials: async () => ({}),
			getExecutionCancelSignal: none,
			addExecutionHints: none,
			getNodeParameter: none,
			getExecutionId: () => 'media-buffers',
			helpers: { httpRequest: none, prepareBinaryData: none, getBinaryDataBuffer: none, assertBinaryData: none },
		} as unknown as Parameters<typeof runItems>[0];
		let memory: ArrayBufferLike | undefined;
		const items = await runItems(
			ctx,
			async (index) => {
				const pool = mediaBufferPool(ctx);
				const image = pool.alloc(100_000); // the item before this one gave it back: the same memory
				memory ??= image.buffer;
				expect(image.buffer).toBe(memory);
				expect(memory.byteLength).toBeGreaterThan(0);
				pool.release(image);
				return [{ json: { index } }];
			},
			{ concurrency: 1 },
		);
		expect(items).toHaveLength(3);
		expect(memory?.byteLength).toBe(0);
	});
});
