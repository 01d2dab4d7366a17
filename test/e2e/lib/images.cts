import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

/** An image file as its bytes decode, whatever its name says. */
export interface DecodedImage {
	file: string;
	format: string;
	width: number;
	height: number;
	bytes: number;
}

/** Decodes every image file (PNG, JPEG, WebP by name) in `dir` whose name starts with `prefix`, in name order. */
export async function decodeImages(dir: string, prefix = ''): Promise<DecodedImage[]> {
	const files = readdirSync(dir)
		.filter((file) => file.startsWith(prefix) && /\.(png|jpe?g|webp)$/i.test(file))
		.sort();
	return await Promise.all(
		files.map(async (file) => {
			const bytes = readFileSync(path.join(dir, file));
			const { format, width, height } = await sharp(bytes).metadata();
			return { file, format: String(format), width: width ?? 0, height: height ?? 0, bytes: bytes.length };
		}),
	);
}
