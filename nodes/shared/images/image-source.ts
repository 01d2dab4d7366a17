import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { scaleDownAdvice, type ByteLimit } from '../messages/advice';
import { BodyReadError, MAX_RESPONSE_BYTES, readBody, type ByteStream } from '../http/response-body';
import { formatSize } from '../messages/byte-size';
import { httpUrlProblem } from '../http/url-problem';
import { quote } from '../messages/quote';
import { safeText } from '../messages/safe-text';
import { Deadline } from '../http/deadline';

/** A file read from an input: its bytes and what n8n or the server says it is. */
export interface BinaryFile {
	bytes: Buffer;
	mimeType: string;
	fileName?: string;
	/** Lower-case extension without the dot, from n8n's metadata or the file name. */
	extension?: string;
}

/** Shown under every image input field. */
export const IMAGE_INPUT_HINT =
	'A binary field name (e.g. data), an expression giving a binary object, an http(s) URL, or a data URI or base64 string';

/** A download of an input image gives up after this long, over the whole transfer. */
export const IMAGE_DOWNLOAD_TIMEOUT_MS = 60_000;
/** Largest file downloaded when the caller sets no limit of its own (the engines pass their Max Input Image Size). */
export const MAX_DOWNLOAD_BYTES = MAX_RESPONSE_BYTES;

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
 * third-party host, and a URL carrying a user name or password is refused), n8n's SSRF protection
 * applies when the instance enables it, and the download stops at `maxBytes`, after
 * IMAGE_DOWNLOAD_TIMEOUT_MS or on Stop. http is accepted as well as https, like n8n's HTTP Request
 * node, because users pass both.
 */
export async function readImageLocation(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: string,
	label: string,
	limit: ByteLimit = { bytes: MAX_DOWNLOAD_BYTES },
): Promise<BinaryFile> {
	if (/^https?:\/\//i.test(value)) return await download(ctx, itemIndex, value, label, limit);
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

async function download(ctx: IExecuteFunctions, itemIndex: number, url: string, label: string, limit: ByteLimit): Promise<BinaryFile> {
	const maxBytes = limit.bytes;
	const fail = (problem: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), `${label}: ${problem}`, { itemIndex, description });
	const problem = httpUrlProblem(url);
	if (problem) {
		throw fail(`the URL ${quote(safeText(url))} of item ${itemIndex} ${problem}`, 'Image URLs are fetched as given and without any credential: give a plain http(s) URL, or read the file with an HTTP Request node first.');
	}
	// One deadline over the whole download (a server trickling bytes cannot hold the run), ended by Stop.
	const deadline = new Deadline(IMAGE_DOWNLOAD_TIMEOUT_MS, ctx.getExecutionCancelSignal());
	const where = `the image of item ${itemIndex} from ${quote(url)}`;
	try {
		let response: { statusCode: number; headers: Record<string, unknown>; body: ByteStream };
		try {
			// Deliberately httpRequest, not httpRequestWithAuthentication: no credential goes to this host.
			response = await deadline.race(
				ctx.helpers.httpRequest({
					method: 'GET',
					url,
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: IMAGE_DOWNLOAD_TIMEOUT_MS,
					abortSignal: deadline.signal,
				}) as Promise<{ statusCode: number; headers: Record<string, unknown>; body: ByteStream }>,
			);
		} catch (error) {
			if (deadline.signal.aborted) throw stopped(ctx, itemIndex, deadline, fail, where);
			throw fail(`could not download ${where}`, quoteMessage(error));
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			response.body?.destroy?.();
			throw fail(`could not download ${where} (HTTP ${response.statusCode})`);
		}
		let bytes: Buffer;
		try {
			bytes = await readBody(response.body, deadline.signal, () => deadline.reason(), maxBytes);
		} catch (error) {
			if (!(error instanceof BodyReadError)) throw fail(`could not download ${where}`, quoteMessage(error));
			if (error.reason === 'too-large') {
				throw fail(`${where} is larger than the limit of ${formatSize(maxBytes)}; the download was stopped`, scaleDownAdvice(limit));
			}
			if (error.reason === 'cut-off') throw fail(`the download of ${where} broke off after ${error.bytesRead} bytes`);
			throw stopped(ctx, itemIndex, deadline, fail, where);
		}
		const path = new URL(url).pathname;
		const fileName = fileNameOf(path.slice(path.lastIndexOf('/') + 1));
		const contentType = String([response.headers['content-type']].flat()[0] ?? '').split(';')[0].trim();
		return {
			bytes,
			mimeType: contentType || 'application/octet-stream',
			fileName,
			extension: /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase(),
		};
	} finally {
		deadline.clear();
	}
}

/** Why a download ended early: Stop, or the deadline. */
function stopped(ctx: IExecuteFunctions, itemIndex: number, deadline: Deadline, fail: (problem: string, description?: string) => Error, where: string): Error {
	if (deadline.reason() === 'cancelled') return new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex });
	return fail(`could not download ${where} within ${IMAGE_DOWNLOAD_TIMEOUT_MS / 1000} seconds`, 'The server sent the image too slowly, or not at all.');
}

/** A URL's last path segment as a file name; a segment that is not valid %-encoding is kept as it is. */
function fileNameOf(segment: string): string | undefined {
	try {
		return decodeURIComponent(segment) || undefined;
	} catch {
		return segment || undefined;
	}
}

/** The request error's own message, shortened: it may repeat the URL. */
function quoteMessage(error: unknown): string {
	const message = (error as Error).message ?? String(error);
	return message.length <= 200 ? message : `${message.slice(0, 200)}…`;
}
