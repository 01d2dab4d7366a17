import { freeMemory } from './free-memory';

/** The part of a Node.js readable stream the reader uses (typed here: nodes may not import node:stream). */
export interface ByteStream {
	on(event: string, listener: (...args: never[]) => void): unknown;
	listenerCount?(event: string): number;
	destroy(): void;
	readonly readableEnded?: boolean;
	readonly destroyed?: boolean;
}

/**
 * Biggest answer read into memory. A generation of 16 large PNGs (base64) is below it; a decompression
 * bomb or an endless body stops here instead of filling the worker's memory.
 */
export const MAX_RESPONSE_BYTES = 100 * 1024 * 1024;

/** Why a body could not be read whole; the transport turns each into a message saying so. */
export class BodyReadError extends Error {
	constructor(
		readonly reason: 'too-large' | 'cut-off' | 'deadline' | 'cancelled',
		readonly bytesRead: number,
	) {
		super(`response body ${reason} after ${bytesRead} bytes`);
	}
}

/** Where readBodyWith puts a body's chunks; `end` gives the result once the body is complete. */
export interface BodySink<T> {
	push(chunk: Buffer): void;
	end(): T;
	/**
	 * The sink holds on to nothing of a chunk once `push` returns (it copies what it keeps), so the
	 * reader may free the chunk's memory at once (free-memory.ts).
	 */
	copiesWhatItKeeps?: boolean;
}

/**
 * Reads a response stream (already decompressed by the HTTP client) into one buffer, stopping at
 * `maxBytes`, when the connection closes early, or when `signal` fires (the request's deadline or
 * the execution's cancellation), so neither size nor time of an answer is left to the server.
 */
export async function readBody(
	stream: ByteStream,
	signal: AbortSignal,
	reasonOnAbort: () => 'deadline' | 'cancelled',
	maxBytes = MAX_RESPONSE_BYTES,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	const collect: BodySink<Buffer> = {
		push: (chunk) => {
			chunks.push(chunk);
			size += chunk.length;
		},
		end: () => Buffer.concat(chunks, size),
	};
	return await readBodyWith(stream, signal, reasonOnAbort, collect, maxBytes);
}

/**
 * As readBody, with the chunks handed to `sink` as they arrive (a streaming decoder), under the same
 * size, time and cut-off rules. An error the sink throws ends the read and rejects with that error.
 */
export async function readBodyWith<T>(
	stream: ByteStream,
	signal: AbortSignal,
	reasonOnAbort: () => 'deadline' | 'cancelled',
	sink: BodySink<T>,
	maxBytes = MAX_RESPONSE_BYTES,
): Promise<T> {
	let size = 0;
	return await new Promise<T>((resolve, reject) => {
		let settled = false;
		const finish = (error?: Error) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error) {
				stream.destroy();
				reject(error);
				return;
			}
			try {
				resolve(sink.end());
			} catch (endError) {
				reject(endError);
			}
		};
		const onAbort = () => finish(new BodyReadError(reasonOnAbort(), size));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		stream.on('data', (chunk: Buffer | string) => {
			if (settled) return;
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += buffer.length;
			if (size > maxBytes) return finish(new BodyReadError('too-large', size));
			try {
				sink.push(buffer);
			} catch (sinkError) {
				finish(sinkError as Error);
				return;
			}
			// Only when this reader is the stream's one reader: another 'data' listener, or one pulling
			// with read() on 'readable', gets the same chunk.
			if (sink.copiesWhatItKeeps && stream.listenerCount?.('data') === 1 && stream.listenerCount?.('readable') === 0) {
				freeMemory(buffer);
			}
		});
		stream.on('end', () => finish());
		stream.on('aborted', () => finish(new BodyReadError('cut-off', size)));
		// A reset connection, or a compressed body that breaks off: either way the answer is incomplete.
		stream.on('error', () => finish(new BodyReadError(signal.aborted ? reasonOnAbort() : 'cut-off', size)));
		stream.on('close', () => finish(stream.readableEnded ? undefined : new BodyReadError('cut-off', size)));
		// Closed before anyone listened (an answer that waited for its read slot while the connection
		// dropped): its events are gone, so say so now rather than wait for the deadline.
		if (stream.destroyed && !stream.readableEnded) finish(new BodyReadError('cut-off', size));
	});
}

/** A body as JSON when it parses; otherwise the text (error pages, plain-text errors). */
export function parseBody(bytes: Buffer): unknown {
	// A UTF-8 byte order mark is allowed before JSON text (RFC 8259 §8.1) but JSON.parse refuses it.
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
