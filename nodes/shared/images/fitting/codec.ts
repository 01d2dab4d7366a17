import { sniffImageMime } from '../binary';
import { declaredImageSize, formatImageSize, MAX_IMAGE_PIXELS, type ImageSize } from '../image-header';
import { decodeJpegRgb, decodePng, decodeWebp, encodePng, type DecodedPng } from '../vendor/codecs';
import { applyOrientation, jpegOrientation } from './orientation';
import type { Raster } from './raster';

/**
 * Decodes a PNG, JPEG or WebP (fast-png, jpeg-js and image-in-browser's WebP decoder, bundled into
 * dist at build): RGB when the picture has no alpha (a JPEG, an opaque PNG), RGBA otherwise, a JPEG
 * turned as its EXIF orientation says (orientation.ts). The caller has already refused a header
 * declaring too many pixels (refuseOversizedImage), so no bomb gets here; jpeg-js is bounded again
 * by the same limit, and a WebP's image data must declare the size its header does
 * (webpDecodeProblem). Throws a plain Error with the reason (an animated WebP, a broken file); the
 * caller names the field and item.
 */
export function decodeRaster(bytes: Buffer): Raster {
	const mime = sniffImageMime(bytes);
	const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
	if (mime === 'image/png') return pngToRaster(decodePng(view));
	if (mime === 'image/jpeg') {
		const megapixels = Math.ceil(MAX_IMAGE_PIXELS / 1e6);
		// The coefficients (2 bytes a sample), the sample lines and the RGB output: 8 bytes a pixel is ample.
		const rgb = decodeJpegRgb(view, { maxResolutionInMP: megapixels, maxMemoryUsageInMB: megapixels * 8 });
		return applyOrientation({ ...rgb, channels: 3 }, jpegOrientation(bytes));
	}
	if (mime === 'image/webp') {
		const problem = webpDecodeProblem(bytes);
		if (problem) throw new Error(problem);
		const webp = decodeWebp(view);
		if (!webp) throw new Error('it is not a WebP image the decoder can read');
		return { ...webp, channels: 4 };
	}
	throw new Error('it is not a PNG, JPEG or WebP image');
}

/**
 * What the WebP decoder will read before it allocates, checked against the file's header. The
 * header check (image-header.ts) reads the first chunk: an extended file's canvas (VP8X), or a
 * simple file's frame size without VP8's two upscaling bits. The decoder reads the image chunk's
 * own size, those bits included (each can multiply a side by up to four), so a file whose image
 * chunk declares another size than its header passed the limit check is refused here, before a
 * byte is decoded. Animated files are refused too: their frames are placed on the canvas over time.
 */
function webpDecodeProblem(bytes: Buffer): string | undefined {
	const header = declaredImageSize(bytes);
	let animated = false;
	// Chunks: a fourcc, a 32-bit little-endian length, the data padded to an even length. Each step
	// moves on by at least 8 bytes, so the walk ends within the file.
	for (let at = 12; at + 8 <= bytes.length; at += 8 + bytes.readUInt32LE(at + 4) + (bytes.readUInt32LE(at + 4) & 1)) {
		const chunk = bytes.toString('latin1', at, at + 4);
		if (chunk === 'VP8X' && at + 9 <= bytes.length) animated = (bytes[at + 8] & 0x02) !== 0;
		if (chunk === 'ANIM' || chunk === 'ANMF') animated = true;
		if (animated) return 'it is an animated WebP; only a still image can be fitted';
		if (chunk !== 'VP8 ' && chunk !== 'VP8L') continue;
		const frame = frameSize(bytes, at + 8, chunk);
		if (!frame) return `its ${chunk.trim()} image data has no readable size`;
		if (!header || frame.width !== header.width || frame.height !== header.height) {
			return `its ${chunk.trim()} image data declares ${formatImageSize(frame)} pixels, not the ${header ? formatImageSize(header) : 'unknown size'} of its header`;
		}
		return undefined;
	}
	return 'it has no WebP image data';
}

/** The size as the decoder reads it: VP8's 16-bit fields whole (upscaling bits and all), VP8L's 14-bit fields plus one. */
function frameSize(bytes: Buffer, data: number, chunk: 'VP8 ' | 'VP8L'): ImageSize | undefined {
	if (chunk === 'VP8 ') {
		if (data + 10 > bytes.length || bytes.readUIntBE(data + 3, 3) !== 0x9d012a) return undefined;
		return { width: bytes.readUInt16LE(data + 6), height: bytes.readUInt16LE(data + 8) };
	}
	if (data + 5 > bytes.length || bytes[data] !== 0x2f) return undefined;
	const bits = bytes.readUInt32LE(data + 1);
	return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}

/** Any PNG (grey, grey+alpha, RGB, RGBA, indexed; 1 to 16 bits) as 8-bit RGB, or RGBA when it has alpha. */
function pngToRaster(png: DecodedPng): Raster {
	const { width, height, channels, palette, depth } = png;
	const ch = channels === 2 || channels === 4 || palette?.some((entry) => entry.length > 3) ? 4 : 3;
	const out = new Uint8Array(width * height * ch);
	const raw = sampleReader(png);
	// Samples as 0..255: 16-bit ones rounded down to 8 bits, 1-, 2- and 4-bit grey stretched up.
	const scale = palette ? 1 : 255 / (2 ** depth - 1);
	const value = (y: number, x: number, c: number) => Math.round(raw(y, x, c) * scale);
	for (let y = 0, o = 0; y < height; y++) {
		for (let x = 0; x < width; x++, o += ch) {
			let alpha = 255;
			if (palette) {
				const entry = palette[raw(y, x, 0)] ?? [0, 0, 0];
				out[o] = entry[0]; out[o + 1] = entry[1]; out[o + 2] = entry[2];
				alpha = entry[3] ?? 255;
			} else if (channels >= 3) {
				out[o] = value(y, x, 0); out[o + 1] = value(y, x, 1); out[o + 2] = value(y, x, 2);
				if (channels === 4) alpha = value(y, x, 3);
			} else {
				out[o] = out[o + 1] = out[o + 2] = value(y, x, 0);
				if (channels === 2) alpha = value(y, x, 1);
			}
			if (ch === 4) out[o + 3] = alpha;
		}
	}
	return { width, height, channels: ch, data: out };
}

/** Reads sample c of pixel (x, y): one array entry per sample at 8 and 16 bits, packed bits (rows byte-aligned) below. */
function sampleReader({ width, channels, depth, data }: DecodedPng): (y: number, x: number, c: number) => number {
	if (depth >= 8) return (y, x, c) => data[(y * width + x) * channels + c];
	const rowBytes = Math.ceil((width * channels * depth) / 8);
	const mask = 2 ** depth - 1;
	return (y, x, c) => {
		const bit = (x * channels + c) * depth;
		return (data[y * rowBytes + (bit >> 3)] >> (8 - depth - (bit & 7))) & mask;
	};
}

/** The format every prepared image is sent in, which output items name (`inputImages[].sentAs`). */
export const ENCODED_AS = 'PNG';

/** A raster as PNG: RGB when it is wholly opaque (a quarter smaller than RGBA), RGBA otherwise. */
export function encodeRaster(raster: Raster): Buffer {
	const { width, height, data } = raster;
	let opaque = true;
	if (raster.channels === 4) for (let at = 3; at < data.length && opaque; at += 4) opaque = data[at] === 255;
	let pixels = data;
	if (raster.channels === 4 && opaque) {
		pixels = new Uint8Array(width * height * 3);
		for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
			pixels[q] = data[p]; pixels[q + 1] = data[p + 1]; pixels[q + 2] = data[p + 2];
		}
	}
	const png = encodePng({ width, height, data: pixels, channels: opaque ? 3 : 4, depth: 8 });
	return Buffer.from(png.buffer, png.byteOffset, png.length);
}
