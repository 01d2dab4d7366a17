/**
 * Reads a generation response (`{"images":[{"image_b64":"…","seed":…}],…}`) from a byte stream
 * without ever holding an image as text: every `image_b64` string is base64-decoded as its bytes
 * arrive, and only the rest of the JSON (seeds, flags, timings: a few hundred bytes per image) is
 * kept and parsed at the end. So an image exists once, as its decoded bytes, instead of as the
 * response text plus the parsed string plus the decoded buffer.
 */

import { Base64Sink } from './base64-sink';
import type { MediaBufferPool } from './media-buffers';
import { DEFAULT_MEDIA_STREAM_LIMITS, IMAGE_LIST, MediaStreamError, type Base64List, type MediaStreamLimits } from './media-lists';

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
