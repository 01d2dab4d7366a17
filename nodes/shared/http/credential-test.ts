import {
	sleep,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type INodeCredentialTestResult,
} from 'n8n-workflow';

import { baseUrlProblem } from './base-url';
import type { ByteStream } from './response-body';
import { joinUrl } from './api-request';

/** The name nodes give this test in `testedBy`; n8n finds it under `methods.credentialTest`. */
export const CREDENTIAL_TEST_NAME = 'octoAiApiTest';

/** One deadline per request, over the whole exchange: the answer's status is all the test reads. */
const TIMEOUT_MS = 15_000;

/** A request id no server has issued: an OctoAI-compatible async API answers 404 after checking the token. */
const ASYNC_PROBE_ID = 'n8n-credential-test';

const BASES = [
	{ field: 'imageBaseUrl', label: 'Image API Base URL', required: true },
	{ field: 'platformBaseUrl', label: 'Platform API Base URL', required: false },
	{ field: 'asyncBaseUrl', label: 'Async API Base URL', required: false },
] as const;

/**
 * The status a request answered with, or why there was none. Only the status line is waited for:
 * the body is never read (so a server's text, which may echo the token, never reaches a message,
 * and a trickled or endless body cannot hold the test), no redirect is followed (the token stays
 * with the configured bases), and one deadline covers the wait whatever the server sends.
 */
async function statusOf(ctx: ICredentialTestFunctions, options: IDataObject): Promise<number | string> {
	const stop = new AbortController();
	const request = ctx.helpers.request({
		...options,
		resolveWithFullResponse: true,
		simple: false,
		useStream: true,
		followRedirect: false,
		followAllRedirects: false,
		timeout: TIMEOUT_MS,
	}) as Promise<{ statusCode: number; body?: ByteStream }>;
	const deadline = sleep(TIMEOUT_MS, stop.signal).then(
		() => 'deadline' as const,
		() => 'deadline' as const,
	);
	try {
		const first = await Promise.race([request, deadline]);
		if (first === 'deadline') {
			request.then((late) => late.body?.destroy?.(), () => undefined);
			return `did not answer within ${TIMEOUT_MS / 1000} s`;
		}
		first.body?.destroy?.();
		return first.statusCode;
	} catch (error) {
		const e = error as { statusCode?: number; cause?: { code?: unknown }; code?: unknown };
		const code = [e.code, e.cause?.code].find((c): c is string => typeof c === 'string' && /^[A-Z_]+$/.test(c));
		return e.statusCode ?? `could not be reached (${code ?? 'no answer'})`;
	} finally {
		stop.abort();
	}
}

/** "answered 500", or what happened instead of an answer. */
function answered(status: number | string): string {
	return typeof status === 'number' ? `answered ${status}` : status;
}

/** The message for a base URL n8n must not send the token to; never repeats the URL itself. */
function baseProblems(data: IDataObject): string | undefined {
	for (const { field, label, required } of BASES) {
		const value = data[field];
		if (!required && (value === undefined || String(value).trim() === '')) continue;
		const problem = baseUrlProblem(value);
		if (problem) return `"${label}" ${problem}.`;
	}
	return undefined;
}

/**
 * The credential's "Test" button: every base URL's form first (none may carry `user:password@`, which
 * n8n would send as Basic auth in place of the token), then one request per API, since the three may
 * be different servers. Image API: a generation request with an empty body, which an
 * OctoAI-compatible server rejects (422) after checking the token and before generating anything, so
 * nothing is billed. Platform API: list one asset. Async API: the status of a request id that was
 * never issued (404 once the token is accepted). The platform and async APIs are optional: without
 * them the test passes with a note on what will not work. n8n's declarative `test` allows one
 * request only, hence a function.
 */
export async function testOctoAiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const token = typeof data.apiToken === 'string' ? data.apiToken.trim() : '';
	if (!token) return { status: 'Error', message: 'Enter the API token.' };
	const problem = baseProblems(data);
	if (problem) return { status: 'Error', message: problem };
	const headers = { Authorization: `Bearer ${token}` };
	const base = (field: (typeof BASES)[number]['field']) => String(data[field] ?? '').trim();

	const image = await statusOf(this, { method: 'POST', uri: joinUrl(base('imageBaseUrl'), '/generate/sdxl'), headers, body: {}, json: true });
	if (image === 401 || image === 403) {
		return { status: 'Error', message: `The image API rejected the API token (${image}). Copy a valid token into the credential.` };
	}
	if (image === 404) {
		return { status: 'Error', message: 'No OctoAI image API at this base URL (404). Check "Image API Base URL".' };
	}
	if (typeof image === 'number' && image >= 300 && image < 400) {
		return { status: 'Error', message: `The image API at "Image API Base URL" redirects (${image}); enter the address it redirects to.` };
	}
	if (typeof image === 'string') return { status: 'Error', message: `The image API at "Image API Base URL" ${image}.` };
	if (image !== 422 && image !== 400) {
		return { status: 'Error', message: `The image API at "Image API Base URL" answered ${image}, not an OctoAI-compatible answer.` };
	}

	const notes: string[] = [];
	if (base('platformBaseUrl')) {
		const platform = await statusOf(this, { method: 'GET', uri: joinUrl(base('platformBaseUrl'), '/v1/assets'), qs: { limit: 1 }, headers, json: true });
		if (platform === 401 || platform === 403) {
			return { status: 'Error', message: `The platform API rejected the API token (${platform}). Copy a valid token into the credential.` };
		}
		if (platform !== 200) {
			notes.push(`The platform API ${answered(platform)}, so the asset pickers, Asset Library and Fine-Tuning will not work until "Platform API Base URL" points at one.`);
		}
	} else {
		notes.push('No platform API set.');
	}

	if (base('asyncBaseUrl')) {
		const path = `/v1/requests/${ASYNC_PROBE_ID}`;
		const status = await statusOf(this, { method: 'GET', uri: joinUrl(base('asyncBaseUrl'), path), headers, json: true });
		if (status === 401 || status === 403) {
			return { status: 'Error', message: `The async API rejected the API token (${status}). Copy a valid token into the credential.` };
		}
		// 404 is the answer for an unknown request id, so it cannot tell that from a server without the API.
		if (status !== 404 && status !== 200) {
			notes.push(`The async API ${answered(status)}, so Wait Mode "Asynchronous" will not work until "Async API Base URL" points at one.`);
		}
	} else {
		notes.push('No async API set.');
	}

	if (notes.length === 0) return { status: 'OK', message: 'Connection successful!' };
	return { status: 'OK', message: `Image API reached, token accepted. ${notes.join(' ')}` };
}
