import { NodeOperationError, type IExecuteFunctions, type IN8nHttpFullResponse } from 'n8n-workflow';

import type { BinaryFile } from './binary';
import { quote } from './quote';

/** Shown under every image input field. */
export const IMAGE_INPUT_HINT =
	'A binary field name (e.g. data), an expression giving a binary object, an http(s) URL, or a data URI or base64 string';

/** A download of an input image gives up after this long. */
export const IMAGE_DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * The start of a PNG, JPEG or WebP file in base64. A bare base64 string is taken as an image only
 * when it starts like one, so a binary field name such as "data" is never mistaken for base64.
 */
const BASE64_IMAGE_START = /^(iVBORw0KGgo|\/9j\/|UklGR)/;

/** Whether an image input names its image itself (URL, data URI, base64) instead of a binary field. */
export function isImageLocation(value: string): boolean {
	return /^https?:\/\//i.test(value) || /^data:/i.test(value) || BASE64_IMAGE_START.test(value);
}

/**
 * Reads an image given as an http(s) URL, a data URI or a base64 string. A URL is fetched with
 * n8n's plain request helper: no credential is attached (the OctoAI token never leaves for a
 * third-party host), and n8n's SSRF protection applies when the instance enables it. http is
 * accepted as well as https, like n8n's HTTP Request node, because users pass both.
 */
export async function readImageLocation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: string,
	label: string,
): Promise<BinaryFile> {
	if (/^https?:\/\//i.test(value)) return await download(ctx, itemIndex, value, label);
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `${label}: ${problem} in item ${itemIndex}`, {
			itemIndex,
			description: 'Give a binary field name, an http(s) URL, a data URI (data:image/png;base64,…) or a base64 string.',
		});
	let mimeType = 'application/octet-stream';
	let base64 = value;
	if (/^data:/i.test(value)) {
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

async function download(ctx: IExecuteFunctions, itemIndex: number, url: string, label: string): Promise<BinaryFile> {
	let response: IN8nHttpFullResponse;
	try {
		// Deliberately httpRequest, not httpRequestWithAuthentication: no credential goes to this host.
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			timeout: IMAGE_DOWNLOAD_TIMEOUT_MS,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const status = (error as { httpCode?: string; response?: { status?: number } }).response?.status;
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: could not download the image of item ${itemIndex} from ${quote(url)}${status ? ` (HTTP ${status})` : ''}`,
			{ itemIndex, description: quoteMessage(error) },
		);
	}
	const path = new URL(url).pathname;
	const fileName = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || undefined;
	const contentType = String(response.headers['content-type'] ?? '').split(';')[0].trim();
	return {
		bytes: Buffer.from(response.body as ArrayBuffer),
		mimeType: contentType || 'application/octet-stream',
		fileName,
		extension: /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase(),
	};
}

/** The request error's own message, shortened: it may repeat the URL. */
function quoteMessage(error: unknown): string {
	const message = (error as Error).message ?? String(error);
	return message.length <= 200 ? message : `${message.slice(0, 200)}…`;
}
