import { readFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import type { LoggedRequest } from '../../emulator/index.cts';

/** What the Image Tools examples leave on disk and send, judged by their pixels. */
export interface PixelCheckInput {
	outputDir: string;
	/** The files written by the example, in name order. */
	files: string[];
	/** The API requests the example made, in order. */
	requests: LoggedRequest[];
}

async function pixels(bytes: Buffer) {
	const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
	return { info, at: (x: number, y: number, c = 0) => data[(y * info.width + x) * info.channels + c] };
}

const body = (requests: LoggedRequest[], p: string) => requests.find((r) => r.path === p)?.body as Record<string, string>;
const b64 = (text: string) => Buffer.from(text, 'base64');

/**
 * 41, replace the sky: the mask SDXL got is white over the sky and black over the ground, and the
 * written image kept the ground (the house) while the sky changed.
 */
export async function checkSkyExample({ outputDir, files, requests }: PixelCheckInput): Promise<void> {
	const inpaint = body(requests, '/generate/sdxl');
	const mask = await pixels(b64(inpaint.mask_image));
	const { width, height } = mask.info;
	for (let x = 0; x < width; x += 32) {
		expect([x, mask.at(x, Math.round(height * 0.1)), mask.at(x, Math.round(height * 0.9))]).toEqual([x, 255, 0]);
	}
	const before = await pixels(b64(inpaint.init_image));
	const after = await pixels(readFileSync(path.join(outputDir, files[0])));
	const diff = (y: number) => {
		let sum = 0;
		for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) sum += Math.abs(after.at(x, y, c) - before.at(x, y, c));
		return sum / (width * 3);
	};
	expect(diff(Math.round(height * 0.1))).toBeGreaterThan(20);
	expect(diff(Math.round(height * 0.7))).toBeLessThan(1);
}

/**
 * 42, product photo: the cut-out sent to Product Scene has an alpha channel (transparent corners, an
 * opaque bottle); the written image is the 1024 px scene upscaled 1.5x, with the bottle 400 x 1.5 =
 * 600 px tall (measured on its red body and dark cap).
 */
export async function checkProductExample({ outputDir, files, requests }: PixelCheckInput): Promise<void> {
	const cutout = b64(body(requests, '/creative-generator').product_image_b64);
	const meta = await sharp(cutout).metadata();
	expect(meta).toMatchObject({ format: 'png', hasAlpha: true });
	const cut = await pixels(cutout);
	expect([cut.at(3, 3, 3), cut.at(256, 500, 3)]).toEqual([0, 255]);
	expect(body(requests, '/creative-generator')).toMatchObject({ target_product_height_px: 400 });

	const scene = await pixels(readFileSync(path.join(outputDir, files[0])));
	const x = Math.round(scene.info.width / 2);
	const product = (y: number) => {
		const [r, g, b] = [scene.at(x, y), scene.at(x, y, 1), scene.at(x, y, 2)];
		const red = Math.abs(r - 200) + Math.abs(g - 30) + Math.abs(b - 40) < 40;
		const cap = r < 70 && g < 70 && b < 70;
		return red || cap;
	};
	// The longest run of product rows (a caption elsewhere may hold dark pixels too).
	let [span, start, last] = [0, -1, -10];
	for (let y = 0; y < scene.info.height; y++) {
		if (!product(y)) continue;
		if (y - last > 4) start = y;
		last = y;
		span = Math.max(span, last - start + 1);
	}
	expect(span).toBeGreaterThanOrEqual(600 * 0.97);
	expect(span).toBeLessThanOrEqual(600 * 1.03);
}
