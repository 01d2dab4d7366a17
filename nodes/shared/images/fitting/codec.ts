import { sniffImageMime } from '../binary';
import { declaredImageSize, formatImageSize, MAX_IMAGE_PIXELS, oversizedImageProblem, type ImageSize } from '../image-header';
import { decodeJpegRgb, decodePng, decodeWebp, encodePng, type DecodedPng } from '../vendor/codecs';
import { applyOrientation, jpegOrientation } from './orientation';
import type { Raster } from './raster';
import { checkWebpForDecoding } from './webp-chunks';

/**
 * Decodes a PNG, JPEG or WebP (fast-png, jpeg-js and image-in-browser's WebP decoder, bundled into
 * dist at build): RGB when the picture has no alpha (a JPEG, an opaque PNG), RGBA otherwise, a JPEG
 * turned as its EXIF orientation says (orientation.ts). Every decode is bounded by the size the
 * header declares, itself under the limit (image-header.ts; the caller's refuseOversizedImage has
 * checked it too), and an image whose header gives no size is not decoded: jpeg-js by its own limits
 * and a budget of scans (scripts/jpeg-scan-limit-patches.mjs), fast-png with its header first and
 * alone, a budget of samples and inflating no more image data than the header implies
 * (scripts/png-inflate-patches.mjs), the WebP decoder only when the chunk it will decode declares
 * the header's size (webp-chunks.ts). Whatever a decoder gives must have the header's size.
 * Throws a plain Error with the reason (an animated WebP, a bomb, a broken file); the caller names
 * the field and item.
 */
export function decodeRaster(bytes: Buffer): Raster {
	const mime = sniffImageMime(bytes);
	const declared = declaredImageSize(bytes);
	if (!declared) throw new Error('its header gives no size (a PNG must begin with its IHDR chunk, a JPEG give its frame before its first scan)');
	const oversized = oversizedImageProblem(declared);
	if (oversized) throw new Error(`it ${oversized}`);
	const raster = decodeDeclared(bytes, mime, declared);
	// (A JPEG is turned as its EXIF orientation says after this.) The decoders read their own headers: a size other than the one checked means they read another.
	if (raster.width !== declared.width || raster.height !== declared.height) {
		throw new Error(`it decoded to ${formatImageSize(raster)} pixels, not the ${formatImageSize(declared)} its header declares`);
	}
	return mime === 'image/jpeg' ? applyOrientation(raster, jpegOrientation(bytes)) : raster;
}

/**
 * jpeg-js counts every allocation against one total, freed or not: the coefficients (2 bytes a
 * sample), the sample lines and the RGB output. 8 bytes a pixel of the pixel limit, 512 MB, takes
 * any camera's photo; a JPEG near 64 megapixels (8000x8000) can count more and is refused with a
 * message naming its size and what to do (codecs-entry.mjs) rather than jpeg-js's own.
 */
const JPEG_MEMORY_BYTES_PER_PIXEL = 8;

/** The pixels as the decoder stores them (a JPEG not yet turned). */
function decodeDeclared(bytes: Buffer, mime: string | undefined, declared: ImageSize): Raster {
	const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
	if (mime === 'image/png') return pngToRaster(decodePng(view));
	if (mime === 'image/jpeg') {
		const megapixels = Math.ceil(MAX_IMAGE_PIXELS / 1e6);
		const limits = { maxResolutionInMP: megapixels, maxMemoryUsageInMB: megapixels * JPEG_MEMORY_BYTES_PER_PIXEL, size: formatImageSize(declared) };
		return { ...decodeJpegRgb(view, limits), channels: 3 };
	}
	if (mime === 'image/webp') {
		const checked = checkWebpForDecoding(bytes);
		if (checked.problem !== undefined) throw new Error(checked.problem);
		const webp = decodeWebp(checked.bytes);
		if (!webp) throw new Error('it is not a WebP image the decoder can read');
		return { ...webp, channels: 4 };
	}
	throw new Error('it is not a PNG, JPEG or WebP image');
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
