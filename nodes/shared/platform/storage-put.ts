import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { BodyReadError, readBodyWith, type ByteStream } from '../http/response-body';
import { httpUrlProblem } from '../http/url-problem';
import { cutOutsideSecrets, excerpt } from '../messages/safe-text';
import { credentialsOf } from '../http/api-credential';
import { Deadline, DeadlineError } from '../http/deadline';
import { networkErrorCode, safeHost } from '../http/transport-errors';
import { formatDuration } from './polling';

/** Bytes of a storage error page kept for the message (S3-style XML errors fit in far less). */
const KEPT_ERROR_BYTES = 8 * 1024;
/** Bytes of a storage answer read at most; the rest is not waited for. */
const MAX_ERROR_BYTES = 1024 * 1024;

/**
 * PUTs bytes to a presigned storage URL the API handed out. Unlike API calls it is unauthenticated:
 * n8n's plain request helper, so the OctoAI token never reaches the storage host. Like API calls it
 * has one deadline over the whole exchange (upload, headers and answer), ends when the execution is
 * stopped, follows no redirect, and reads at most a bounded excerpt of an error answer, scrubbed of
 * the presigned URL's query values (credentials of their own), the token and URL userinfo. Messages
 * name the storage host only, never the URL.
 */
export async function putToStorage(
	ctx: IExecuteFunctions,
	url: string,
	file: { bytes: Buffer; mimeType: string },
	itemIndex: number,
	timeoutMs: number,
): Promise<void> {
	const host = safeHost(url, 'the upload URL');
	const secrets = await storageSecrets(ctx, url);
	const fail = (message: string, description: string, httpCode?: number) =>
		new NodeApiError(ctx.getNode(), { message: 'storage upload failed' }, { message, description, itemIndex, httpCode: httpCode === undefined ? undefined : String(httpCode) });
	const problem = httpUrlProblem(url);
	if (problem) throw fail(`OctoAI offered an upload URL that ${problem}`, 'The server at the Platform API Base URL may not be an OctoAI-compatible API.');

	const cancel = ctx.getExecutionCancelSignal();
	const deadline = new Deadline(timeoutMs, cancel);
	const stopped = (bytesRead?: number) =>
		deadline.reason() === 'cancelled'
			? new NodeOperationError(ctx.getNode(), 'The execution was cancelled', { itemIndex })
			: fail(
					`The upload to OctoAI's storage at ${host} did not finish within ${formatDuration(timeoutMs)}${bytesRead === undefined ? '' : ` (${bytesRead} bytes of its answer received)`}`,
					'The timeout covers the whole transfer of the file and the storage\'s answer. Raise "Upload Timeout (Seconds)" in Options for large files or slow connections.',
				);
	try {
		let response: { statusCode: number; body?: ByteStream };
		try {
			response = await deadline.race(
				ctx.helpers.httpRequest({
					method: 'PUT',
					url,
					body: file.bytes,
					headers: { 'Content-Type': file.mimeType },
					timeout: timeoutMs,
					abortSignal: deadline.signal,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					disableFollowRedirect: true,
					// The answer is read below, bounded in size and time.
					encoding: 'stream',
				}) as Promise<{ statusCode: number; body?: ByteStream }>,
			);
		} catch (error) {
			if (error instanceof DeadlineError || deadline.signal.aborted) throw stopped();
			const code = networkErrorCode(error);
			throw fail(
				`Could not upload the file to OctoAI's storage at ${host}`,
				`${code ?? 'No answer'}. Check that the storage host is reachable from n8n.`,
			);
		}
		const { statusCode } = response;
		if (statusCode >= 200 && statusCode < 300) {
			response.body?.destroy?.();
			return;
		}
		const answer = response.body ? await readExcerpt(response.body, deadline, stopped, secrets) : '';
		const said = answer ? ` The storage answered: ${excerpt(answer, secrets)}` : '';
		if (statusCode >= 300 && statusCode < 400) {
			throw fail(`OctoAI's storage at ${host} redirected the upload (${statusCode}); uploads follow no redirect`, `The presigned URL may point at the wrong storage endpoint.${said}`, statusCode);
		}
		throw fail(`OctoAI's storage at ${host} refused the upload (${statusCode})`, `The presigned URL may have expired; run the node again.${said}`, statusCode);
	} finally {
		deadline.clear();
	}
}

/**
 * Up to KEPT_ERROR_BYTES of an error answer, read within the deadline; what came before a cut-off is
 * kept. The cut never falls inside a secret: one secret's length more is read, and the cut moves back
 * to where a secret spanning it starts, so scrubbing later finds every secret whole.
 */
async function readExcerpt(stream: ByteStream, deadline: Deadline, stopped: (bytesRead?: number) => Error, secrets: readonly string[]): Promise<string> {
	const wanted = KEPT_ERROR_BYTES + Math.max(0, ...secrets.map((secret) => Buffer.byteLength(secret)));
	const kept: Buffer[] = [];
	let size = 0;
	const sink = {
		push: (chunk: Buffer) => {
			if (size >= wanted) return;
			kept.push(chunk.subarray(0, wanted - size));
			size += Math.min(chunk.length, wanted - size);
		},
		end: () => Buffer.concat(kept),
	};
	const text = (bytes: Buffer) => cutOutsideSecrets(bytes.toString('utf8'), KEPT_ERROR_BYTES, secrets);
	try {
		return text(await readBodyWith(stream, deadline.signal, () => deadline.reason(), sink, MAX_ERROR_BYTES));
	} catch (error) {
		if (error instanceof BodyReadError && (error.reason === 'deadline' || error.reason === 'cancelled')) throw stopped(error.bytesRead);
		stream.destroy();
		return text(Buffer.concat(kept));
	}
}

/** The values a storage answer must not repeat: the presigned URL, its query values, and the API token. */
async function storageSecrets(ctx: IExecuteFunctions, url: string): Promise<string[]> {
	const secrets = [url];
	try {
		const parsed = new URL(url);
		secrets.push(parsed.search.slice(1));
		for (const value of parsed.searchParams.values()) secrets.push(value, encodeURIComponent(value));
	} catch {
		// Not a URL: httpUrlProblem refuses it; nothing more to hide.
	}
	const token = (await credentialsOf(ctx)).apiToken;
	if (typeof token === 'string' && token.trim()) secrets.push(token.trim());
	// Longest first, so a secret that contains another is removed whole.
	return secrets.filter(Boolean).sort((a, b) => b.length - a.length);
}
