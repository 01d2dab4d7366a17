/**
 * Reads a generation response (`{"images":[{"image_b64":"…","seed":…}],…}`) from a byte stream
 * without ever holding an image as text: every `image_b64` string is base64-decoded as its bytes
 * arrive, and only the rest of the JSON (seeds, flags, timings: a few hundred bytes per image) is
 * kept and parsed at the end. So an image exists once, as its decoded bytes, instead of as the
 * response text plus the parsed string plus the decoded buffer.
 */

import type { MediaBufferPool } from './media-buffers';

/** A response that is cut off, not JSON, too large, or has an image that is not base64. */
export class MediaStreamError extends Error {
	override name = 'MediaStreamError';

	constructor(
		message: string,
		/** The body is cut off or not JSON at all (rather than JSON with a bad or oversized image). */
		readonly notJson = false,
		/** Reading stopped at one of the size limits (MediaStreamLimits). */
		readonly tooLarge = false,
	) {
		super(message);
	}
}

export interface MediaStreamLimits {
	/** Bytes of the response besides the images' base64 (the JSON skeleton). */
	maxOtherBytes: number;
	/** Decoded bytes of one image. */
	maxImageBytes: number;
	/** Decoded bytes of all images of the response together. */
	maxTotalImageBytes: number;
}

export const DEFAULT_MEDIA_STREAM_LIMITS: MediaStreamLimits = {
	maxOtherBytes: 1024 * 1024,
	maxImageBytes: 64 * 1024 * 1024,
	maxTotalImageBytes: 512 * 1024 * 1024,
};

/**
 * Which list of base64 media an answer holds: `images[].image_b64` (generations, utilities) or
 * `videos[].video` (Stable Video Diffusion). `key`'s string values are decoded as they stream;
 * `noun` names one entry in errors.
 */
export interface Base64List {
	list: string;
	key: string;
	noun: string;
}

export const IMAGE_LIST: Base64List = { list: 'images', key: 'image_b64', noun: 'image' };
export const VIDEO_LIST: Base64List = { list: 'videos', key: 'video', noun: 'video' };
/**
 * The start of what stands in the kept JSON for each decoded image (the marker, then its index).
 * NUL cannot come raw from a JSON text, and the random part keeps a server from forging one with an
 * escape (`"\u0000b64:0"` in another field would otherwise name the first image a second time).
 */
function newMarker(): string {
	return `\u0000b64:${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}:`;
}
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

const enum Mode {
	Outside,
	InString,
	InStringEscape,
	InImage,
	InImageEscape,
	InImageUnicode,
}

function isJsonSpace(byte: number): boolean {
	return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where an image's decoding starts when nothing says how large it is; grows by doubling. */
const FIRST_CAPACITY = 256 * 1024;

/**
 * Incremental base64 decoder for one image, decoding every piece straight into one buffer: sized
 * from what is left of the body when its length is known (Content-Length), else grown by doubling.
 * So an image is allocated once, not as pieces joined at the end. Node's decoder skips characters
 * outside the alphabet without a word, so each piece's decoded length is checked against what its
 * length promises.
 */
class Base64Sink {
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

/** A streamed image after the response was read: its bytes, in the order they appeared. */
export interface StreamedJson {
	/** The response JSON with each streamed `image_b64` string replaced by a placeholder. */
	json: unknown;
	images: Buffer[];
	/** How this answer's placeholders start (streamedMedia). */
	marker: string;
}

/**
 * The push parser behind `readMediaJson`: feed it the response's chunks, then `end()`.
 * It tracks just enough JSON syntax (strings, escapes, `"key":`) to find the values of `field.key`
 * (`image_b64` unless told otherwise).
 */
export class MediaJsonScanner {
	private mode = Mode.Outside;
	private readonly kept: Buffer[] = [];
	private keptBytes = 0;
	/** The current string's text while it is short enough to be a key we look for. */
	private key: string | undefined = '';
	/** The last string just ended (nothing but spaces since): a following ':' makes it a key. */
	private lastString: string | undefined;
	/** The key whose value comes next. */
	private valueOf: string | undefined;
	private sink: Base64Sink | undefined;
	private unicode = '';
	private readonly images: Buffer[] = [];
	private imageBytes = 0;

	/** Bytes pushed before the current chunk. */
	private consumed = 0;
	private readonly marker = newMarker();

	constructor(
		private readonly limits: MediaStreamLimits = DEFAULT_MEDIA_STREAM_LIMITS,
		/** The body's length when the server said it (Content-Length): sizes each image's buffer once. */
		private readonly bodyBytes?: number,
		private readonly field: Base64List = IMAGE_LIST,
		/** Buffers reused across the run's responses (media-buffers.ts); without it each image gets a new one. */
		private readonly pool?: MediaBufferPool,
	) {}

	/** Reads the next chunk. Nothing of it is held once this returns: what is kept is decoded or copied. */
	push(chunk: Buffer): void {
		try {
			this.scan(chunk);
		} finally {
			this.consumed += chunk.length;
		}
	}

	private scan(chunk: Buffer): void {
		let copyFrom = 0;
		let i = 0;
		const length = chunk.length;
		while (i < length) {
			if (this.mode === Mode.InImage) {
				// The bulk of the response: jump to the next quote or backslash natively.
				const quote = chunk.indexOf(QUOTE, i);
				const backslash = chunk.indexOf(BACKSLASH, i);
				const stop = quote === -1 ? backslash : backslash === -1 ? quote : Math.min(quote, backslash);
				const end = stop === -1 ? length : stop;
				this.sink!.writeBytes(chunk, i, end);
				if (stop === -1) return;
				i = stop + 1;
				if (stop === quote && (backslash === -1 || quote < backslash)) {
					this.finishImage();
					copyFrom = stop; // the closing quote goes into the kept JSON after the placeholder
				} else {
					this.mode = Mode.InImageEscape;
				}
				continue;
			}
			const byte = chunk[i];
			if (this.mode === Mode.InImageEscape) {
				this.imageEscape(byte);
				i++;
				continue;
			}
			if (this.mode === Mode.InImageUnicode) {
				this.unicode += String.fromCharCode(byte);
				if (this.unicode.length === 4) this.imageUnicode();
				i++;
				continue;
			}
			if (this.mode === Mode.InStringEscape) {
				this.mode = Mode.InString;
				this.key = undefined; // keys we look for have no escapes
			} else if (this.mode === Mode.InString) {
				if (byte === QUOTE) {
					this.mode = Mode.Outside;
					this.lastString = this.key;
				} else if (byte === BACKSLASH) {
					this.mode = Mode.InStringEscape;
				} else if (this.key !== undefined) {
					this.key = this.key.length < this.field.key.length ? this.key + String.fromCharCode(byte) : undefined;
				}
			} else if (byte === QUOTE) {
				if (this.valueOf === this.field.key) {
					this.keep(chunk, copyFrom, i + 1);
					this.startImage(this.consumed + i + 1);
					i++;
					copyFrom = i;
					continue;
				}
				this.mode = Mode.InString;
				this.key = '';
				this.valueOf = undefined;
				this.lastString = undefined;
			} else if (byte === COLON && this.lastString !== undefined) {
				this.valueOf = this.lastString;
				this.lastString = undefined;
			} else if (!isJsonSpace(byte)) {
				this.lastString = undefined;
				this.valueOf = undefined;
			}
			i++;
		}
		// A chunk that ends inside an image (after one of its escapes) has nothing more to keep.
		if (!this.inImage()) this.keep(chunk, copyFrom, length);
	}

	end(): StreamedJson {
		if (this.inImage()) {
			throw new MediaStreamError(`The response was cut off inside ${this.field.noun} ${this.images.length}`, true);
		}
		const text = Buffer.concat(this.kept, this.keptBytes).toString('utf8');
		let json: unknown;
		let parsed = true;
		try {
			json = JSON.parse(text);
		} catch {
			parsed = false;
		}
		if (!parsed) {
			throw new MediaStreamError(
				text.trim() === '' ? 'The response was empty' : 'The response was cut off or is not valid JSON',
				true,
			);
		}
		return { json, images: this.images, marker: this.marker };
	}

	private inImage(): boolean {
		return this.mode === Mode.InImage || this.mode === Mode.InImageEscape || this.mode === Mode.InImageUnicode;
	}

	private keep(chunk: Buffer, from: number, to: number): void {
		if (to <= from) return;
		this.keepBytes(Buffer.from(chunk.subarray(from, to))); // a copy: the socket's chunk is not held on to
	}

	private keepBytes(bytes: Buffer): void {
		this.keptBytes += bytes.length;
		if (this.keptBytes > this.limits.maxOtherBytes) {
			throw new MediaStreamError(
				`The response holds more than ${Math.round(this.limits.maxOtherBytes / 1024)} KB besides ${this.field.noun} data`,
				false,
				true,
			);
		}
		this.kept.push(bytes);
	}

	/** `offset`: where the image's base64 begins in the body. */
	private startImage(offset: number): void {
		this.mode = Mode.InImage;
		this.valueOf = undefined;
		// The rest of the body bounds the image: ¾ of it decoded (a single-image answer's is just that).
		const left = this.bodyBytes === undefined ? undefined : this.bodyBytes - offset;
		const expected = left !== undefined && left > 0 ? Math.floor((left * 3) / 4) : undefined;
		this.sink = new Base64Sink(this.images.length, this.field, this.limits.maxImageBytes, expected, this.pool);
	}

	private finishImage(): void {
		const index = this.images.length;
		const bytes = this.sink!.end();
		this.sink = undefined;
		this.imageBytes += bytes.length;
		if (this.imageBytes > this.limits.maxTotalImageBytes) {
			throw new MediaStreamError(
				`The response's ${this.field.noun}s are larger than ${Math.round(this.limits.maxTotalImageBytes / 1024 / 1024)} MB together`,
				false,
				true,
			);
		}
		this.images.push(bytes);
		this.keepBytes(Buffer.from(JSON.stringify(`${this.marker}${index}`).slice(1, -1), 'utf8'));
		this.mode = Mode.Outside;
	}

	/** JSON may escape '/' and wrap base64 with escaped line breaks; anything else is not base64. */
	private imageEscape(byte: number): void {
		this.mode = Mode.InImage;
		const char = String.fromCharCode(byte);
		if (char === '/') this.sink!.write('/');
		else if (char === 'n' || char === 'r') return;
		else if (char === 'u') {
			this.mode = Mode.InImageUnicode;
			this.unicode = '';
		} else {
			throw new MediaStreamError(`${this.field.list}[${this.images.length}].${this.field.key} in the response is not valid base64`);
		}
	}

	private imageUnicode(): void {
		this.mode = Mode.InImage;
		const code = /^[0-9a-fA-F]{4}$/.test(this.unicode) ? parseInt(this.unicode, 16) : -1;
		const char = code >= 0 ? String.fromCharCode(code) : '';
		if (/^[A-Za-z0-9+/=]$/.test(char)) this.sink!.write(char);
		else if (char !== '\n' && char !== '\r') {
			throw new MediaStreamError(`${this.field.list}[${this.images.length}].${this.field.key} in the response is not valid base64`);
		}
	}
}

/** The decoded image for a placeholder left by the scanner, or undefined for any other value. */
export function streamedMedia(result: StreamedJson, value: unknown): Buffer | undefined {
	if (typeof value !== 'string' || !value.startsWith(result.marker)) return undefined;
	return result.images[Number(value.slice(result.marker.length))];
}

/** Reads a whole response stream through the scanner. */
export async function readMediaJson(
	body: AsyncIterable<Buffer | string>,
	limits: MediaStreamLimits = DEFAULT_MEDIA_STREAM_LIMITS,
): Promise<StreamedJson> {
	const scanner = new MediaJsonScanner(limits);
	for await (const chunk of body) {
		scanner.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
	}
	return scanner.end();
}
