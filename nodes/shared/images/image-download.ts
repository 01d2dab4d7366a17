import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { BinaryFile } from './binary';
import { Deadline } from '../http/deadline';
import { BodyReadError, MAX_RESPONSE_BYTES, readBody, type ByteStream } from '../http/response-body';
import { httpUrlProblem } from '../http/url-problem';
import { scaleDownAdvice, type ByteLimit } from '../messages/advice';
import { formatSize } from '../messages/byte-size';
import { quote } from '../messages/quote';
import { safeText } from '../messages/safe-text';

/** A download of an input image gives up after this long, over the whole transfer. */
export const IMAGE_DOWNLOAD_TIMEOUT_MS = 60_000;
/** Largest file downloaded when the caller sets no limit of its own (the engines pass their Max Input Image Size). */
export const MAX_DOWNLOAD_BYTES = MAX_RESPONSE_BYTES;

/**
 * Downloads an input image from an http(s) URL with n8n's plain request helper: no credential is
 * attached (the OctoAI token never leaves for a third-party host, and a URL carrying a user name or
 * password is refused), n8n's SSRF protection applies when the instance enables it, and the download
 * stops at `limit.bytes`, after IMAGE_DOWNLOAD_TIMEOUT_MS or on Stop. http is accepted as well as
 * https, like n8n's HTTP Request node, because users pass both.
 */
export async function downloadImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	url: string,
	label: string,
	limit: ByteLimit = { bytes: MAX_DOWNLOAD_BYTES },
): Promise<BinaryFile> {
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
