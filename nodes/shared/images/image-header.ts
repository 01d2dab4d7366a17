/**
 * The pixel size an image file declares in its header, read without decoding it, and the limit above
 * which an input image is refused as a decompression bomb: a small file that declares a huge canvas
 * (a 110 KB PNG of 30000x30000 pixels) makes whoever decodes it allocate gigabytes.
 */

export interface ImageSize {
	width: number;
	height: number;
}

/**
 * The limits, from what the service takes: its largest output or input size is 2432x1664 pixels
 * (ADetailer on SDXL; generation tops out at 1536 a side, video at 1024) and it resizes larger inputs
 * down, while a request may hold at most 10 MB. 16,384 pixels a side and 64 megapixels (256 MB once
 * decoded to RGBA) leave room for any photo a camera takes, and are still refused long
 * before a bomb's gigapixels.
 */
export const MAX_IMAGE_SIDE = 16_384;
export const MAX_IMAGE_PIXELS = 64_000_000;

/** The width and height a PNG, JPEG or WebP file declares, or undefined when its header does not say. */
export function declaredImageSize(bytes: Buffer): ImageSize | undefined {
	if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
		return nonZero(bytes.readUInt32BE(16), bytes.readUInt32BE(20));
	}
	if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(bytes);
	if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return webpSize(bytes);
	return undefined;
}

/** JPEG's start-of-frame markers (SOF0-SOF15 but DHT C4, JPG C8 and DAC CC), which carry the size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** The size in the first start-of-frame segment, found by skipping segments by their lengths. */
function jpegSize(bytes: Buffer): ImageSize | undefined {
	for (let at = 2; at + 9 <= bytes.length; ) {
		if (bytes[at] !== 0xff) return undefined;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		// The size comes before the first scan; a file without it is left to the decoder.
		if (marker === 0xd9 || marker === 0xda) return undefined;
		// Segment: FF marker, length (2), and for SOF: precision (1), height (2), width (2).
		if (SOF.has(marker)) return nonZero(bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
		at += 2 + bytes.readUInt16BE(at + 2);
	}
	return undefined;
}

/** WebP's first chunk: lossy VP8 (14-bit sizes after its start code), lossless VP8L, or extended VP8X (canvas size). */
function webpSize(bytes: Buffer): ImageSize | undefined {
	const chunk = bytes.toString('latin1', 12, 16);
	if (chunk === 'VP8 ' && bytes.readUIntBE(23, 3) === 0x9d012a) {
		return nonZero(bytes.readUInt16LE(26) & 0x3fff, bytes.readUInt16LE(28) & 0x3fff);
	}
	if (chunk === 'VP8L' && bytes[20] === 0x2f) {
		const bits = bytes.readUInt32LE(21);
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') return { width: bytes.readUIntLE(24, 3) + 1, height: bytes.readUIntLE(27, 3) + 1 };
	return undefined;
}

function nonZero(width: number, height: number): ImageSize | undefined {
	return width > 0 && height > 0 ? { width, height } : undefined;
}

/** "30000x30000", for messages. */
export function formatImageSize(size: ImageSize): string {
	return `${size.width}x${size.height}`;
}

/** Why an image's declared size is refused (a phrase after "the image of item N"), or undefined. */
export function oversizedImageProblem(size: ImageSize | undefined): string | undefined {
	if (!size) return undefined;
	const megapixels = Math.round(MAX_IMAGE_PIXELS / 1e6);
	if (size.width > MAX_IMAGE_SIDE || size.height > MAX_IMAGE_SIDE || size.width * size.height > MAX_IMAGE_PIXELS) {
		return `declares ${formatImageSize(size)} pixels, above the limit of ${MAX_IMAGE_SIDE} pixels a side and ${megapixels} megapixels`;
	}
	return undefined;
}

/**
 * Whether two images have the same aspect ratio, up to one pixel of rounding in the smaller one
 * (a 1024x683 mask fits a 1536x1024 image).
 */
export function sameAspect(a: ImageSize, b: ImageSize): boolean {
	const [small, large] = a.width * a.height <= b.width * b.height ? [a, b] : [b, a];
	const scale = large.width / small.width;
	return Math.abs(large.height / scale - small.height) <= 1;
}
