import type {
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { joinUrl } from './transport';

/** The name nodes give this test in `testedBy`; n8n finds it under `methods.credentialTest`. */
export const CREDENTIAL_TEST_NAME = 'octoAiApiTest';

const TIMEOUT_MS = 15_000;

/** The status a request answered with: from the response, or from the error n8n threw for it. */
async function statusOf(ctx: ICredentialTestFunctions, options: IDataObject): Promise<number | string> {
	try {
		const response = (await ctx.helpers.request({ ...options, resolveWithFullResponse: true, timeout: TIMEOUT_MS })) as {
			statusCode: number;
		};
		return response.statusCode;
	} catch (error) {
		const e = error as { statusCode?: number; httpCode?: string; response?: { status?: number }; cause?: { code?: string }; code?: string };
		return e.statusCode ?? e.response?.status ?? (Number(e.httpCode) || undefined) ?? e.cause?.code ?? e.code ?? 'no answer';
	}
}

/**
 * The credential's "Test" button: one check per API base, since the two may be different servers.
 * Image API: a generation request with an empty body, which an OctoAI-compatible server rejects
 * (422) after checking the token and before generating anything, so nothing is billed. Platform
 * API: list one asset. An image-only server passes, with a note that the platform features need
 * their own server. n8n's declarative `test` allows one request only, hence a function.
 */
export async function testOctoAiCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const headers = { Authorization: `Bearer ${String(data.apiToken ?? '')}` };
	const imageBase = String(data.imageBaseUrl ?? '').trim();
	const platformBase = String(data.platformBaseUrl ?? '').trim();
	if (!imageBase) return { status: 'Error', message: 'Enter the Image API Base URL.' };

	const image = await statusOf(this, {
		method: 'POST',
		uri: joinUrl(imageBase, '/generate/sdxl'),
		headers,
		body: {},
		json: true,
	});
	if (image === 401 || image === 403) {
		return { status: 'Error', message: `The image API rejected the API token (${image}). Copy a valid token into the credential.` };
	}
	if (image === 404) {
		return { status: 'Error', message: 'No OctoAI image API at this base URL (404). Check "Image API Base URL".' };
	}
	if (image !== 422 && image !== 400) {
		return { status: 'Error', message: `The image API at "Image API Base URL" answered ${image}, not an OctoAI-compatible answer.` };
	}
	if (!platformBase) return { status: 'OK', message: 'Image API reached, token accepted. No platform API set.' };

	const platform = await statusOf(this, {
		method: 'GET',
		uri: joinUrl(platformBase, '/v1/assets'),
		qs: { limit: 1 },
		headers,
		json: true,
	});
	if (platform === 200) return { status: 'OK', message: 'Connection successful!' };
	if (platform === 401 || platform === 403) {
		return { status: 'Error', message: `The platform API rejected the API token (${platform}). Copy a valid token into the credential.` };
	}
	return {
		status: 'OK',
		message: `Image API reached, token accepted. The platform API answered ${platform}, so the asset pickers, Asset Library and Fine-Tuning will not work until "Platform API Base URL" points at one.`,
	};
}
