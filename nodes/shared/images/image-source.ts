// What an image input names and how its bytes are got: the one recognizer of URLs, data URIs and
// base64 (imageSourceKind), used by every node that takes an image; engine nodes read every kind
// into bytes (readBinaryFile, readInputImage), and a service that fetches URLs itself gets the URL
// (putImage, Image Tools).
import { NodeOperationError, type IBinaryData, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { cutOffError, DEFAULT_MAX_INPUT_IMAGE_MB, incompleteImage, refuseOversizedImage, sniffImageMime, type BinaryFile } from './binary';
import { downloadImage } from './image-download';
import { declaredImageSize, type ImageSize } from './image-header';
import type { ItemParameters } from '../fields/item-parameters';
import { httpUrlProblem } from '../http/url-problem';
import { scaleDownAdvice, type ByteLimit } from '../messages/advice';
import { formatSize } from '../messages/byte-size';
import { quote } from '../messages/quote';
import { safeText } from '../messages/safe-text';

/** Shown under every image input field. */
export const IMAGE_INPUT_HINT =
	'A binary field name (e.g. data), an expression giving a binary object, an http(s) URL, or a data URI or base64 string';

/** What an image input's text names: the image itself (a URL, a data URI, base64) or a binary field. */
export type ImageSourceKind = 'url' | 'data-uri' | 'base64' | 'binary-field';

/**
 * The start of a PNG, JPEG or WebP file in base64. A bare base64 string is taken as an image only
 * when it starts like one, so a binary field name such as "data" is never mistaken for base64.
 */
const BASE64_IMAGE_START = /^(iVBORw0KGgo|\/9j\/|UklGR)/;

/** What a (trimmed) image input names. The one place that tells a URL, a data URI and base64 apart. */
export function imageSourceKind(value: string): ImageSourceKind {
	if (/^https?:\/\//i.test(value)) return 'url';
	if (/^data:/i.test(value)) return 'data-uri';
	if (BASE64_IMAGE_START.test(value)) return 'base64';
	return 'binary-field';
}

/**
 * Reads one binary input named by a node parameter: a binary field name (n8n's separate binary
 * mode), a binary object from an expression (combined mode), or the file itself as an http(s) URL,
 * data URI or base64 string. Errors name the field (by its label) and the item, and quote at most a
 * short prefix of the value.
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
	const kind = typeof reference === 'string' ? imageSourceKind(reference) : 'binary-field';
	if (kind === 'url') return await downloadImage(ctx, itemIndex, reference as string, label, maxDownload);
	if (kind !== 'binary-field') return decodeInlineImage(ctx, itemIndex, reference as string, label);
	return await readBinaryField(ctx, itemIndex, reference, label);
}

/** A data URI's or a base64 string's bytes, refused when it is not base64. */
function decodeInlineImage(ctx: IExecuteFunctions, itemIndex: number, value: string, label: string): BinaryFile {
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `${label}: ${problem} in item ${itemIndex}`, {
			itemIndex,
			description: 'Give a binary field name, an http(s) URL, a data URI (data:image/png;base64,…) or a base64 string.',
		});
	let mimeType = 'application/octet-stream';
	let base64 = value;
	if (imageSourceKind(value) === 'data-uri') {
		const match = /^data:([\w.+/-]*)((?:;[\w-]+=[^;,]*)*);base64,/i.exec(value);
		if (!match) throw fail(`the data URI ${quote(value)} is not base64-encoded`);
		mimeType = match[1] || mimeType;
		base64 = value.slice(match[0].length);
	}
	base64 = base64.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
		throw fail(`${quote(value)} is not valid base64`);
	}
	return { bytes: Buffer.from(base64, 'base64'), mimeType };
}

/** A file n8n holds: a binary field of the item, or a binary object from an expression. */
async function readBinaryField(ctx: IExecuteFunctions, itemIndex: number, reference: string | IBinaryData, label: string): Promise<BinaryFile> {
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
	const kind = imageSourceKind(source.trim());
	if (kind === 'url') return `the image at ${quote(source.trim())}`;
	if (kind !== 'binary-field') return 'the image given inline';
	return `binary field ${quote(source.trim())}`;
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
		const openDataUri = previous !== undefined && imageSourceKind(previous) === 'data-uri' && !previous.includes(',');
		if (openDataUri) sources[sources.length - 1] = `${previous},${part.trim()}`;
		else sources.push(part.trim());
	}
	return sources.filter((part) => part !== '');
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

/**
 * Puts an item's input image into the body of a service that can fetch URLs itself: as base64 under
 * `keys.b64`, or, for an http(s) URL, under `keys.url` so the service downloads it (without a
 * `keys.url`, URLs are refused before any request, and so are URLs with a user name or password,
 * which OctoAI would receive). Everything else is read by readInputImage, with `limit` (the default
 * Max Input Image Size where the node has no such option) and the PNG/JPEG/WebP check.
 */
export async function putImage(
	ctx: IExecuteFunctions,
	params: ItemParameters,
	body: IDataObject,
	/** `b64Required`: the export lists the base64 key as required (nullable), so a URL goes with it as null. */
	keys: { b64: string; url?: string; b64Required?: boolean },
	param = 'image',
	limit: ByteLimit = { bytes: DEFAULT_MAX_INPUT_IMAGE_MB * 1024 * 1024 },
): Promise<void> {
	const { itemIndex } = params;
	const label = params.label(param);
	const source = params.get(param);
	const text = typeof source === 'string' ? source.trim() : undefined;
	if (text === undefined || imageSourceKind(text) !== 'url') {
		body[keys.b64] = await readInputImage(ctx, itemIndex, source, label, limit);
		return;
	}
	if (!keys.url) {
		throw new NodeOperationError(ctx.getNode(), `${label}: this operation takes the image itself, not a URL (item ${itemIndex})`, {
			itemIndex,
			description: 'Download it first, e.g. with an HTTP Request node set to return a file, and name its binary field here.',
		});
	}
	// OctoAI fetches the URL as given: a password would go to OctoAI with it.
	const problem = httpUrlProblem(text, true);
	if (problem) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: the URL of item ${itemIndex} ${problem}${problem.startsWith('carries') ? ', which OctoAI would receive' : ''} (got ${quote(safeText(text))})`,
			{
				itemIndex,
				description: 'Remove them from the URL, or download the image first (e.g. with an HTTP Request node set to return a file) and name its binary field here.',
			},
		);
	}
	body[keys.url] = text;
	if (keys.b64Required) body[keys.b64] = null;
}
