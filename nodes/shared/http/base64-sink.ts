import type { MediaBufferPool } from './media-buffers';
import { MediaStreamError, type Base64List } from './media-lists';

/** Where an image's decoding starts when nothing says how large it is; grows by doubling. */
const FIRST_CAPACITY = 256 * 1024;

/**
 * Incremental base64 decoder for one image, decoding every piece straight into one buffer: sized
 * from what is left of the body when its length is known (Content-Length), else grown by doubling.
 * So an image is allocated once, not as pieces joined at the end. Node's decoder skips characters
 * outside the alphabet without a word, so each piece's decoded length is checked against what its
 * length promises.
 */
export class Base64Sink {
	private carry = '';
	private padded = false;
	private buffer: Buffer | undefined;
	size = 0;

	constructor(
		private readonly index: number,
		private readonly field: Base64List,
		private readonly maxBytes: number,
		/** Decoded bytes the rest of the body can hold at most, when its length is known. */
		private readonly expectedBytes?: number,
		/** Where buffers come from when the run reuses them (media-buffers.ts). */
		private readonly pool?: MediaBufferPool,
	) {}

	write(text: string): void {
		if (text.length > 0) this.writeBytes(Buffer.from(text, 'latin1'), 0, text.length);
	}

	/**
	 * Decodes `bytes[start, end)`; whole 4-character groups straight from the chunk, the rest carried.
	 * Keeps no view of `bytes` (the reader may free a chunk once pushed: free-memory.ts).
	 */
	writeBytes(bytes: Buffer, start: number, end: number): void {
		if (start >= end) return;
		if (this.padded) this.fail('has data after its "=" padding');
		if (this.carry.length > 0) {
			const take = Math.min(4 - this.carry.length, end - start);
			this.carry += bytes.toString('latin1', start, start + take);
			start += take;
			if (this.carry.length < 4) return;
			this.decode(this.carry);
			this.carry = '';
			if (start >= end) return;
			if (this.padded) this.fail('has data after its "=" padding');
		}
		const whole = start + (end - start) - ((end - start) % 4);
		if (whole > start) this.decode(bytes.toString('latin1', start, whole));
		this.carry = bytes.toString('latin1', whole, end);
	}

	end(): Buffer {
		if (this.carry.length === 1) this.fail('ends in the middle of a base64 group');
		if (this.carry.length > 0) this.decode(this.carry);
		this.carry = '';
		const buffer = this.buffer;
		this.buffer = undefined;
		if (!buffer) return Buffer.alloc(0);
		// A pooled buffer goes back to the pool once stored, so its slack is not held for long.
		if (this.pool?.owns(buffer)) return buffer.subarray(0, this.size);
		// A view when the estimate was close; a copy of the bytes when much of the buffer went unused
		// (several images in one body, or grown by doubling), so the slack is not held while stored.
		if (buffer.length - this.size <= buffer.length / 16) return buffer.subarray(0, this.size);
		return Buffer.from(buffer.subarray(0, this.size));
	}

	private decode(text: string): void {
		let padding = 0;
		if (text.endsWith('==')) padding = 2;
		else if (text.endsWith('=')) padding = 1;
		const expected = text.length % 4 === 0 ? (text.length / 4) * 3 - padding : Math.floor((text.length * 3) / 4);
		if (this.size + expected > this.maxBytes) {
			this.fail(`is larger than ${Math.round(this.maxBytes / 1024 / 1024)} MB`, true);
		}
		const buffer = this.room(expected);
		const written = buffer.write(text, this.size, expected, 'base64');
		if (written !== expected) this.fail('is not valid base64');
		if (padding > 0) this.padded = true;
		this.size += written;
	}

	/** The buffer with at least `bytes` free after `size`. */
	private room(bytes: number): Buffer {
		const needed = this.size + bytes;
		const current = this.buffer;
		if (current && current.length >= needed) return current;
		const guess = current ? current.length * 2 : Math.max(this.expectedBytes ?? 0, FIRST_CAPACITY);
		const size = Math.min(this.maxBytes, Math.max(needed, guess));
		const next = this.pool ? this.pool.alloc(size) : Buffer.allocUnsafeSlow(size);
		if (current) {
			current.copy(next, 0, 0, this.size);
			this.pool?.release(current);
		}
		this.buffer = next;
		return next;
	}

	private fail(what: string, tooLarge = false): never {
		throw new MediaStreamError(`${this.field.list}[${this.index}].${this.field.key} in the response ${what}`, false, tooLarge);
	}
}
