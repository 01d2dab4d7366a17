import { once } from 'node:events';
import { createDeflate } from 'node:zlib';

import sharp from 'sharp';

/** Pictures the fitting tests make, and how they look at what the node sent (pictures.test.cts, pictures-webp.test.cts). */

/** A photo of width x height: a dark disc of `radius` on a light ground, centred at (cx, cy). */
export async function discPhoto(width: number, height: number, format: PhotoFormat, radius = Math.min(width, height) / 4, cx = width / 2, cy = height / 2) {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#e8e0d0"/><circle cx="${cx}" cy="${cy}" r="${radius}" fill="#102040"/></svg>`;
	return await encode(sharp(Buffer.from(svg)), format);
}

/** WebP comes lossy (VP8, with alpha in an ALPH chunk) or lossless (VP8L): two decoders. */
export type PhotoFormat = 'png' | 'jpeg' | 'webp' | 'webp-lossless';

async function encode(image: sharp.Sharp, format: PhotoFormat): Promise<Buffer> {
	return await (format === 'webp-lossless' ? image.webp({ lossless: true }) : image.toFormat(format)).toBuffer();
}

/** The bounding box of the dark pixels (luminance below 90) of an image. */
export async function darkBox(image: Buffer) {
	const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
	let [left, top, right, bottom] = [Infinity, Infinity, -1, -1];
	for (let y = 0; y < info.height; y++) {
		for (let x = 0; x < info.width; x++) {
			const at = (y * info.width + x) * 3;
			if (0.3 * data[at] + 0.59 * data[at + 1] + 0.11 * data[at + 2] >= 90) continue;
			left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
		}
	}
	return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

/** A 512x512 cut-out: an opaque square subject in the middle, the rest transparent. */
export async function cutOut(format: PhotoFormat = 'png') {
	const png = await sharp({ create: { width: 512, height: 512, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
		.composite([{ input: { create: { width: 256, height: 256, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 1 } } }, left: 128, top: 128 }])
		.png()
		.toBuffer();
	return await encode(sharp(png), format);
}

/** `size` zero bytes deflated with a zlib header (as PNG's IDAT and iCCP hold them), made a megabyte at a time so that making a bomb does not itself raise the test's peak memory. */
export async function deflatedZeros(size: number): Promise<Buffer> {
	const deflate = createDeflate({ level: 9 });
	const parts: Buffer[] = [];
	deflate.on('data', (part: Buffer) => parts.push(part));
	const megabyte = Buffer.alloc(1024 * 1024);
	for (let written = 0; written < size; written += megabyte.length) {
		if (!deflate.write(megabyte.subarray(0, Math.min(megabyte.length, size - written)))) await once(deflate, 'drain');
	}
	deflate.end();
	await once(deflate, 'end');
	return Buffer.concat(parts);
}
