import sharp from 'sharp';
import type { DecodedImage } from '../validation/images.cts';

/** An 8-bit RGB picture being painted; a clamped array so blending arithmetic never wraps. */
export interface Canvas {
	width: number;
	height: number;
	data: Uint8ClampedArray;
}

export function createCanvas(width: number, height: number): Canvas {
	return { width, height, data: new Uint8ClampedArray(width * height * 3) };
}

/** The image stretched to exactly width x height (the service resizes inputs the same way); no-op at the same size. */
export async function resizeTo(image: DecodedImage, width: number, height: number): Promise<Canvas> {
	if (image.width === width && image.height === height) {
		return { width, height, data: new Uint8ClampedArray(image.rgb.buffer, image.rgb.byteOffset, image.rgb.length) };
	}
	const data = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
		.resize(width, height, { fit: 'fill' })
		.raw()
		.toBuffer();
	return { width, height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
}

/** Encodes the canvas as PNG or JPEG. PNG: light zlib level, no filtering: ~20 ms and ~1 MB at 1024x1024 (tests generate hundreds). */
export function encode(canvas: Canvas, encoding: 'png' | 'jpeg'): Promise<Buffer> {
	const pipeline = sharp(Buffer.from(canvas.data.buffer, canvas.data.byteOffset, canvas.data.length), {
		raw: { width: canvas.width, height: canvas.height, channels: 3 },
	});
	return encoding === 'jpeg'
		? pipeline.jpeg({ quality: 90 }).toBuffer()
		: pipeline.png({ compressionLevel: 3, adaptiveFiltering: false }).toBuffer();
}
