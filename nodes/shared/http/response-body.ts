/** The part of a Node.js readable stream the reader uses (typed here: nodes may not import node:stream). */
export interface ByteStream {
	on(event: string, listener: (...args: never[]) => void): unknown;
	destroy(): void;
	readonly readableEnded?: boolean;
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
	return await new Promise<Buffer>((resolve, reject) => {
		let settled = false;
		const finish = (error?: BodyReadError) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', onAbort);
			if (error) {
				chunks.length = 0;
				stream.destroy();
				reject(error);
			} else {
				resolve(Buffer.concat(chunks, size));
			}
		};
		const onAbort = () => finish(new BodyReadError(reasonOnAbort(), size));
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		stream.on('data', (chunk: Buffer | string) => {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += buffer.length;
			if (size > maxBytes) return finish(new BodyReadError('too-large', size));
			chunks.push(buffer);
		});
		stream.on('end', () => finish());
		stream.on('aborted', () => finish(new BodyReadError('cut-off', size)));
		// A reset connection, or a compressed body that breaks off: either way the answer is incomplete.
		stream.on('error', () => finish(new BodyReadError(signal.aborted ? reasonOnAbort() : 'cut-off', size)));
		stream.on('close', () => finish(stream.readableEnded ? undefined : new BodyReadError('cut-off', size)));
	});
}

/** A body as JSON when it parses; otherwise the text (error pages, plain-text errors). */
export function parseBody(bytes: Buffer): unknown {
	const text = bytes.toString('utf8');
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
