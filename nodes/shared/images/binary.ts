import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import { oversizedImageProblem, type ImageSize } from './image-header';

/** A file read from an input: its bytes and what n8n or the server says it is. */
export interface BinaryFile {
	bytes: Buffer;
	mimeType: string;
	fileName?: string;
	/** Lower-case extension without the dot, from n8n's metadata or the file name. */
	extension?: string;
}

/** Input images above this size are refused unless the user raises "Max Input Image Size (MB)". */
export const DEFAULT_MAX_INPUT_IMAGE_MB = 20;

export type ImageMime = 'image/png' | 'image/jpeg' | 'image/webp';

/** The image type named by a file's first bytes, or undefined when it is not PNG, JPEG or WebP. */
export function sniffImageMime(bytes: Buffer): ImageMime | undefined {
	if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) {
		return 'image/png';
	}
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	if (
		bytes.length >= 12 &&
		bytes.toString('ascii', 0, 4) === 'RIFF' &&
		bytes.toString('ascii', 8, 12) === 'WEBP'
	) {
		return 'image/webp';
	}
	return undefined;
}

/**
 * Why a PNG, JPEG or WebP file cannot be whole, as far as its structure tells (undefined when it can
 * be, or is none of these): a PNG whose chunks run past the end or stop before IEND, a JPEG whose
 * segments or scan data stop before its end marker, a WebP shorter than its RIFF header says. A file
 * cut off in a download or a copy is caught here rather than by OctoAI after a request (and an
 * upload) was made.
 */
export function incompleteImage(bytes: Buffer): string | undefined {
	switch (sniffImageMime(bytes)) {
		case 'image/png': {
			// Chunks: length (4 bytes), type (4), data, CRC (4). Each step moves on by at least 12 bytes.
			for (let at = 8; ; ) {
				if (at + 8 > bytes.length) return 'its PNG data ends before the IEND chunk';
				const next = at + 12 + bytes.readUInt32BE(at);
				if (next > bytes.length) return `its PNG chunk ${JSON.stringify(bytes.toString('latin1', at + 4, at + 8))} runs past the end of the file`;
				if (bytes.toString('latin1', at + 4, at + 8) === 'IEND') return undefined;
				at = next;
			}
		}
		case 'image/jpeg':
			return jpegCutOff(bytes);
		case 'image/webp':
			return bytes.length < bytes.readUInt32LE(4) + 8 ? `it is ${bytes.length} bytes, shorter than the ${bytes.readUInt32LE(4) + 8} its WebP header gives` : undefined;
		default:
			return undefined;
	}
}

/**
 * A JPEG walked marker by marker from its start: each segment skipped by its length, each scan's data
 * up to the next marker (inside it, FF is followed only by 00 or a restart marker D0-D7). Whole when
 * the end marker is reached; whatever follows it (a phone's motion-photo video, a trailer) is not
 * looked at. A structure this walk does not understand is left to the decoder.
 */
function jpegCutOff(bytes: Buffer): string | undefined {
	const cut = 'its JPEG data ends before the end-of-image marker';
	for (let at = 2; ; ) {
		if (at + 2 > bytes.length) return cut;
		if (bytes[at] !== 0xff) return undefined;
		const marker = bytes[at + 1];
		if (marker === 0xff) {
			at += 1; // fill byte
			continue;
		}
		if (marker === 0xd9) return undefined;
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			at += 2;
			continue;
		}
		if (at + 4 > bytes.length) return cut;
		at += 2 + bytes.readUInt16BE(at + 2);
		if (at > bytes.length) return cut;
		if (marker !== 0xda) continue;
		// Scan data: on to the next FF that starts a marker.
		for (;;) {
			at = bytes.indexOf(0xff, at);
			if (at === -1 || at + 1 >= bytes.length) return cut;
			const next = bytes[at + 1];
			if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break;
			at += 2;
		}
	}
}

export const EXTENSIONS: Record<ImageMime, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/webp': 'webp',
};

/** Refuses an image whose header declares an absurd pixel count (image-header.ts); `what` names the field, image and item. */
export function refuseOversizedImage(ctx: IExecuteFunctions, itemIndex: number, what: string, size: ImageSize | undefined): void {
	const problem = oversizedImageProblem(size);
	if (!problem) return;
	throw new NodeOperationError(ctx.getNode(), `${what} ${problem}`, {
		itemIndex,
		description: 'A small file declaring that many pixels is a decompression bomb, or a mistake. Scale the image down first, e.g. with the Edit Image node.',
	});
}

/** The error for an image whose bytes are cut off (incompleteImage); `what` names the field, image and item. */
export function cutOffError(ctx: IExecuteFunctions, itemIndex: number, what: string, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${what} is cut off: ${problem}`, {
		itemIndex,
		description: 'The file is incomplete, e.g. from a download or copy that broke off. Read or download it again.',
	});
}

/**
 * The output direction: one base64 image from the API as n8n binary data, named
 * `<baseName>.<extension>` with the type and extension taken from the bytes. Undefined when the bytes
 * are not a PNG, JPEG or WebP image (the caller reports that as the API's fault).
 */
export async function imageToBinary(
	ctx: IExecuteFunctions,
	image: Buffer | string,
	baseName: string,
): Promise<{ binary: IBinaryData; fileName: string } | undefined> {
	// A streamed response brings the bytes already decoded; otherwise the image is base64 text.
	const bytes = typeof image === 'string' ? Buffer.from(image, 'base64') : image;
	const mimeType = sniffImageMime(bytes);
	if (!mimeType) return undefined;
	const fileName = `${baseName}.${EXTENSIONS[mimeType]}`;
	return { binary: await ctx.helpers.prepareBinaryData(bytes, fileName, mimeType), fileName };
}
