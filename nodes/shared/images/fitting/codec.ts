import { sniffImageMime } from '../binary';
import { MAX_IMAGE_PIXELS } from '../image-header';
import { decodeJpeg, decodePng, encodePng, type DecodedPng } from '../vendor/codecs';
import { applyOrientation, jpegOrientation } from './orientation';
import type { Raster } from './raster';

/**
 * Decodes a PNG or JPEG to RGBA (fast-png and jpeg-js, bundled into dist at build), a JPEG turned
 * as its EXIF orientation says (orientation.ts). The caller has
 * already refused a header declaring too many pixels (refuseOversizedImage), so no bomb gets here;
 * jpeg-js is bounded again by the same limit. Throws a plain Error with the reason (WebP, a broken
 * file); the caller names the field and item.
 */
export function decodeRaster(bytes: Buffer): Raster {
	const mime = sniffImageMime(bytes);
	const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
	if (mime === 'image/png') return pngToRgba(decodePng(view));
	if (mime === 'image/jpeg') {
		const megapixels = Math.ceil(MAX_IMAGE_PIXELS / 1e6);
		const { width, height, data } = decodeJpeg(view, {
			useTArray: true,
			formatAsRGBA: true,
			maxResolutionInMP: megapixels,
			maxMemoryUsageInMB: megapixels * 8,
		});
		return applyOrientation({ width, height, data }, jpegOrientation(bytes));
	}
	throw new Error(mime === 'image/webp' ? 'WebP images cannot be fitted, only PNG and JPEG' : 'it is not a PNG or JPEG image');
}

/** Any PNG (grey, grey+alpha, RGB, RGBA, indexed; 1 to 16 bits) as 8-bit RGBA. */
function pngToRgba(png: DecodedPng): Raster {
	const { width, height, channels, palette, depth } = png;
	const out = new Uint8Array(width * height * 4);
	const raw = sampleReader(png);
	// Samples as 0..255: 16-bit ones rounded down to 8 bits, 1-, 2- and 4-bit grey stretched up.
	const scale = palette ? 1 : 255 / (2 ** depth - 1);
	const value = (y: number, x: number, c: number) => Math.round(raw(y, x, c) * scale);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const o = (y * width + x) * 4;
			if (palette) {
				const entry = palette[raw(y, x, 0)] ?? [0, 0, 0];
				out[o] = entry[0]; out[o + 1] = entry[1]; out[o + 2] = entry[2]; out[o + 3] = entry[3] ?? 255;
			} else if (channels >= 3) {
				out[o] = value(y, x, 0); out[o + 1] = value(y, x, 1); out[o + 2] = value(y, x, 2);
				out[o + 3] = channels === 4 ? value(y, x, 3) : 255;
			} else {
				out[o] = out[o + 1] = out[o + 2] = value(y, x, 0);
				out[o + 3] = channels === 2 ? value(y, x, 1) : 255;
			}
		}
	}
	return { width, height, data: out };
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

/** A raster as PNG: RGB when it is wholly opaque (a third smaller), RGBA otherwise. */
export function encodeRaster(raster: Raster): Buffer {
	const { width, height, data } = raster;
	let opaque = true;
	for (let at = 3; at < data.length && opaque; at += 4) opaque = data[at] === 255;
	let pixels = data;
	if (opaque) {
		pixels = new Uint8Array(width * height * 3);
		for (let p = 0, q = 0; p < data.length; p += 4, q += 3) {
			pixels[q] = data[p]; pixels[q + 1] = data[p + 1]; pixels[q + 2] = data[p + 2];
		}
	}
	const png = encodePng({ width, height, data: pixels, channels: opaque ? 3 : 4, depth: 8 });
	return Buffer.from(png.buffer, png.byteOffset, png.length);
}
