import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import { scaleDownAdvice, type ByteLimit } from '../messages/advice';
import { declaredImageSize, oversizedImageProblem, type ImageSize } from './image-header';
import { isImageLocation, readImageLocation, type BinaryFile } from './image-source';

export type { BinaryFile } from './image-source';
import { quote } from '../messages/quote';
import { formatSize } from '../messages/byte-size';

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


/**
 * Reads one binary input named by a node parameter: a binary field name (n8n's separate binary
 * mode), a binary object from an expression (combined mode), or the file itself as an http(s) URL,
 * data URI or base64 string (image-source.ts). Errors name the field (by its label) and the item,
 * and quote at most a short prefix of the value.
 */
export async function readBinaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: unknown,
	label: string,
	/** Largest file read from a URL; the download stops there (a binary field is already in n8n). */
	maxDownload?: ByteLimit,
): Promise<BinaryFile> {
	if (source === undefined || source === null || (typeof source === 'string' && source.trim() === '')) {
		throw new NodeOperationError(ctx.getNode(), `${label}: no binary field given`, {
			itemIndex,
			description: 'Enter the name of the binary field that holds the file, e.g. "data".',
		});
	}
	if (typeof source !== 'string' && (typeof source !== 'object' || !('mimeType' in source))) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: the expression resolved to ${Array.isArray(source) ? 'a list' : typeof source}, not a binary field name or binary object`,
			{ itemIndex },
		);
	}
	const reference = typeof source === 'string' ? source.trim() : (source as IBinaryData);
	if (typeof reference === 'string' && isImageLocation(reference)) {
		return await readImageLocation(ctx, itemIndex, reference, label, maxDownload);
	}
	let meta: IBinaryData;
	let bytes: Buffer;
	try {
		meta = ctx.helpers.assertBinaryData(itemIndex, reference);
		bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, reference);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${label}: item ${itemIndex} has no ${describeSource(reference)}`, {
			itemIndex,
			description:
				'Check the field name against the binary data the previous node outputs, or use an expression that resolves to a binary object.',
		});
	}
	const fromName = /\.([A-Za-z0-9]+)$/.exec(meta.fileName ?? '')?.[1];
	return {
		bytes,
		mimeType: meta.mimeType || 'application/octet-stream',
		fileName: meta.fileName,
		extension: (meta.fileExtension ?? fromName)?.toLowerCase(),
	};
}

/** How an error names the input: never the whole value, which may be a long URL or data URI. */
export function describeSource(source: unknown): string {
	if (typeof source !== 'string') return 'the binary object from the expression';
	if (isImageLocation(source.trim())) {
		return /^https?:/i.test(source.trim()) ? `the image at ${quote(source.trim())}` : 'the image given inline';
	}
	return `binary field ${quote(source.trim())}`;
}

/**
 * Reads one input image (see readBinaryFile) for the API: refused above `maxBytes` or when it is not
 * a PNG, JPEG or WebP image, and returned base64-encoded.
 */
export async function readInputImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: unknown,
	label: string,
	limit: ByteLimit,
): Promise<string> {
	return (await readSizedInputImage(ctx, itemIndex, source, label, limit)).base64;
}

/** readInputImage, with the pixel size the image declares (undefined when its header does not say) and the bytes. */
export async function readSizedInputImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: unknown,
	label: string,
	limit: ByteLimit,
): Promise<{ base64: string; size?: ImageSize; bytes: Buffer }> {
	const maxBytes = limit.bytes;
	const { bytes } = await readBinaryFile(ctx, itemIndex, source, label, limit);
	const reference = typeof source === 'string' ? source.trim() : (source as IBinaryData);
	if (bytes.length > maxBytes) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: the image of item ${itemIndex} is ${formatSize(bytes.length)}, above the limit of ${formatSize(maxBytes)}`,
			{
				itemIndex,
				description: scaleDownAdvice(limit),
			},
		);
	}
	if (!sniffImageMime(bytes)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: ${describeSource(reference)} of item ${itemIndex} is not a PNG, JPEG or WebP image`,
			{ itemIndex },
		);
	}
	const what = `${label}: ${describeSource(reference)} of item ${itemIndex}`;
	// The declared size first: a bomb is refused as one even when its data is also cut short.
	const size = declaredImageSize(bytes);
	refuseOversizedImage(ctx, itemIndex, what, size);
	const cut = incompleteImage(bytes);
	if (cut) throw cutOffError(ctx, itemIndex, what, cut);
	return { base64: bytes.toString('base64'), size, bytes };
}

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
 * Splits a multi-image source into single sources: "a, b" (field names, URLs, data URIs), a binary
 * object, or a list of either. A data URI's own comma (after ";base64") does not split it.
 */
export function splitImageSources(value: unknown): unknown[] {
	if (typeof value !== 'string') return Array.isArray(value) ? value : [value];
	const sources: string[] = [];
	for (const part of value.split(',')) {
		const previous = sources[sources.length - 1];
		if (previous !== undefined && /^data:[^,]*$/i.test(previous)) sources[sources.length - 1] = `${previous},${part.trim()}`;
		else sources.push(part.trim());
	}
	return sources.filter((part) => part !== '');
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
