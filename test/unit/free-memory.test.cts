import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';

import { freeMemory } from '../../nodes/shared/http/free-memory';
import { readBodyWith, type BodySink } from '../../nodes/shared/http/response-body';
import { MediaJsonScanner } from '../../nodes/shared/http/json-media-stream';

// ArrayBuffer.prototype.transfer came with Node 21; the project runs on Node 24 (scripts/node24.sh).
const withTransfer = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function' ? describe : describe.skip;

withTransfer('freeMemory', () => {
	it('frees a chunk that is its whole ArrayBuffer', () => {
		const chunk = Buffer.from(new ArrayBuffer(1024));
		expect(freeMemory(chunk)).toBe(true);
		expect(chunk.length).toBe(0);
		expect(chunk.buffer.byteLength).toBe(0);
	});

	it('leaves alone a slice of a larger buffer, a pooled small Buffer and shared memory', () => {
		const whole = Buffer.alloc(1024, 7);
		const slice = whole.subarray(0, 512);
		expect(freeMemory(slice)).toBe(false);
		expect(freeMemory(whole.subarray(512))).toBe(false);
		expect(whole.length).toBe(1024);

		const pooled = Buffer.from('a small chunk from the Buffer pool');
		const neighbour = Buffer.from('its neighbour in the pool');
		expect(freeMemory(pooled)).toBe(false);
		expect(neighbour.toString()).toBe('its neighbour in the pool');

		const shared = new Uint8Array(new SharedArrayBuffer(64));
		expect(freeMemory(shared)).toBe(false);
		expect(shared.length).toBe(64);
	});
});

/** A sink that decodes as it goes and keeps only copies, like the transport's scanner sink. */
function copyingSink(): BodySink<Buffer> & { pushed: Buffer[] } {
	const copies: Buffer[] = [];
	const pushed: Buffer[] = [];
	return {
		pushed,
		push: (chunk) => {
			pushed.push(chunk);
			copies.push(Buffer.from(chunk));
		},
		end: () => Buffer.concat(copies),
		copiesWhatItKeeps: true,
	};
}

const ownChunk = (text: string) => Buffer.from(new TextEncoder().encode(text).buffer);

withTransfer('readBodyWith frees chunks', () => {
	it('once a sink that copies what it keeps has them, when it is the stream’s only reader', async () => {
		const stream = new PassThrough();
		const sink = copyingSink();
		const read = readBodyWith(stream, new AbortController().signal, () => 'deadline', sink);
		stream.write(ownChunk('{"first":'));
		stream.end(ownChunk('"second"}'));
		expect((await read).toString()).toBe('{"first":"second"}');
		expect(sink.pushed.length).toBeGreaterThan(0);
		for (const chunk of sink.pushed) expect(chunk.length).toBe(0);
	});

	it('never when another reader gets the same chunks (a data or readable listener), nor for a sink that keeps them', async () => {
		const stream = new PassThrough();
		const seen: Buffer[] = [];
		const sink = copyingSink();
		const read = readBodyWith(stream, new AbortController().signal, () => 'deadline', sink);
		stream.on('data', (chunk: Buffer) => seen.push(chunk));
		stream.end(ownChunk('{"both":"read it"}'));
		expect((await read).toString()).toBe('{"both":"read it"}');
		expect(Buffer.concat(seen).toString()).toBe('{"both":"read it"}');

		const kept: Buffer[] = [];
		const keeping = new PassThrough();
		const keepingRead = readBodyWith(keeping, new AbortController().signal, () => 'deadline', {
			push: (chunk) => void kept.push(chunk),
			end: () => Buffer.concat(kept),
		});
		keeping.end(ownChunk('{"kept":true}'));
		expect((await keepingRead).toString()).toBe('{"kept":true}');
		expect(kept[0].length).toBe(13);

		const pulled = new PassThrough();
		const pulledSink = copyingSink();
		const pulledRead = readBodyWith(pulled, new AbortController().signal, () => 'deadline', pulledSink);
		const taken: Buffer[] = [];
		pulled.on('readable', () => {
			for (let chunk = pulled.read() as Buffer | null; chunk !== null; chunk = pulled.read() as Buffer | null) taken.push(chunk);
		});
		pulled.end(ownChunk('{"pulled":1}'));
		expect((await pulledRead).toString()).toBe('{"pulled":1}');
		expect(Buffer.concat(taken).toString()).toBe('{"pulled":1}');
	});

	// n8n's request helper hands over the body as Readable.from over an async generator (axios).
	it('frees the chunks of a Readable.from stream, and the result is whole', async () => {
		const parts = ['{"images":', '[{"seed":', '3}]}'];
		const chunks = parts.map(ownChunk);
		const stream = Readable.from((async function* () {
			for (const chunk of chunks) yield chunk;
		})());
		const sink = copyingSink();
		expect((await readBodyWith(stream, new AbortController().signal, () => 'deadline', sink)).toString()).toBe(parts.join(''));
		expect(chunks.every((chunk) => chunk.length === 0)).toBe(true);
	});

	// The chunks Node's HTTP client hands out, plain and decompressed as HTTP clients do (gzip output
	// comes in slices of zlib's buffers): every image decodes whole, whatever was freed on the way.
	it.each([['plain'], ['gzip']])('decodes every image of %s HTTP answers whole', async (encoding) => {
		const image = Buffer.alloc(3 * 1024 * 1024);
		for (let n = 0; n < image.length; n++) image[n] = (n * 7919 + (n >> 11)) & 0xff;
		const json = Buffer.from(JSON.stringify({ images: [{ image_b64: image.toString('base64'), seed: 5 }] }));
		const body = encoding === 'gzip' ? gzipSync(json) : json;
		const server = createServer((request, response) => {
			response.writeHead(200, {
				'content-type': 'application/json',
				'content-length': body.length,
				...(encoding === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
			});
			response.end(body);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = server.address() as AddressInfo;
			for (let round = 0; round < 3; round++) {
				const response = await new Promise<IncomingMessage>((resolve, reject) => get(`http://127.0.0.1:${port}/`, resolve).on('error', reject));
				const stream: Readable = encoding === 'gzip' ? response.pipe(createGunzip()) : response;
				const scanner = new MediaJsonScanner(undefined, encoding === 'gzip' ? undefined : json.length);
				const whole: Buffer[] = [];
				const sink: BodySink<ReturnType<MediaJsonScanner['end']>> = {
					push: (chunk) => {
						scanner.push(chunk);
						// What readBodyWith is about to free: the chunks that span their whole buffer.
						if (chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.length) whole.push(chunk);
					},
					end: () => scanner.end(),
					copiesWhatItKeeps: true,
				};
				const result = await readBodyWith(stream, new AbortController().signal, () => 'deadline', sink);
				expect(result.images[0].equals(image)).toBe(true);
				expect((result.json as { images: Array<{ seed: number }> }).images[0].seed).toBe(5);
				if (encoding === 'plain') expect(whole.length).toBeGreaterThan(10);
				expect(whole.every((chunk) => chunk.length === 0)).toBe(true);
			}
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
