import sharp from 'sharp';

/** An input image after validation: RGB pixels, ready for resizing and blending. */
export interface DecodedImage {
	format: 'png' | 'jpeg' | 'webp';
	width: number;
	height: number;
	/** 8-bit RGB, row-major, alpha flattened onto white. */
	rgb: Buffer;
}

const ACCEPTED_FORMATS = ['png', 'jpeg', 'webp'] as const;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Why a string is not strict standard base64, or undefined when it is. */
export function base64Problem(value: string): string | undefined {
	if (/^data:[^,]*,/.test(value)) return 'a data: URL prefix is not accepted; send the bare base64 text';
	if (value.length % 4 !== 0 || !BASE64.test(value)) return 'the text is not valid standard base64';
	return undefined;
}

/** Decodes image bytes fully; rejects with a message naming the problem when they are not an accepted image. */
export async function decodeImage(bytes: Buffer): Promise<DecodedImage> {
	let format: string | undefined;
	try {
		format = (await sharp(bytes).metadata()).format;
	} catch {
		throw new Error('is not a decodable PNG, JPEG or WebP image');
	}
	if (!ACCEPTED_FORMATS.includes(format as DecodedImage['format'])) {
		throw new Error(`is a ${format} image; PNG, JPEG or WebP expected`);
	}
	try {
		// A full decode (not just the header) so a truncated file is caught here, not mid-generation.
		const { data, info } = await sharp(bytes, { failOn: 'error' })
			.flatten({ background: '#ffffff' })
			.toColourspace('srgb')
			.raw()
			.toBuffer({ resolveWithObject: true });
		return { format: format as DecodedImage['format'], width: info.width, height: info.height, rgb: toRgb(data, info.channels) };
	} catch {
		throw new Error(`is a damaged ${format} image that cannot be decoded`);
	}
}

function toRgb(data: Buffer, channels: number): Buffer {
	if (channels === 3) return data;
	const pixels = data.length / channels;
	const rgb = Buffer.alloc(pixels * 3);
	const grey = channels < 3;
	for (let p = 0; p < pixels; p++) {
		const at = p * channels;
		rgb[p * 3] = data[at];
		rgb[p * 3 + 1] = grey ? data[at] : data[at + 1];
		rgb[p * 3 + 2] = grey ? data[at] : data[at + 2];
	}
	return rgb;
}
