import { randomBytes } from 'node:crypto';

import sharp from 'sharp';

/**
 * A real PNG of `width`×`height` whose size is close to `targetBytes`: the top rows are random
 * noise (which deflate cannot shrink), the rest one flat colour. Noise keeps the size honest; the
 * split sets it.
 */
export async function noisePng(width: number, height: number, targetBytes: number): Promise<Buffer> {
	const encode = async (noiseRows: number) => {
		const pixels = Buffer.alloc(width * height * 3, 0x80);
		randomBytes(noiseRows * width * 3).copy(pixels);
		return await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 6 }).toBuffer();
	};
	const full = await encode(height);
	const rows = Math.max(1, Math.min(height, Math.round((height * targetBytes) / full.length)));
	return rows === height ? full : await encode(rows);
}
