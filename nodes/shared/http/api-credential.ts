import { NodeOperationError, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';

import { BASE_URL_FIELDS, BASE_URL_LABELS, type ApiRequest, type RequestContext } from './api-request';
import { baseUrlProblem } from './base-url';
import { safeText } from '../messages/safe-text';

export const CREDENTIAL_TYPE = 'octoAiApi';

/** Credentials once per node run (they are decrypted on each read), keyed by the run's context. */
const credentialCache = new WeakMap<RequestContext, Promise<ICredentialDataDecryptedObject>>();
export function credentialsOf(ctx: RequestContext): Promise<ICredentialDataDecryptedObject> {
	let cached = credentialCache.get(ctx);
	if (!cached) {
		cached = ctx.getCredentials(CREDENTIAL_TYPE);
		credentialCache.set(ctx, cached);
		cached.catch(() => credentialCache.delete(ctx));
	}
	return cached;
}

/** What every attempt of one request takes from the credential and the run: checked once, before the first. */
export interface ApiLink {
	node: INode;
	/** Texts no message, excerpt or output may show (the token). */
	secrets: readonly string[];
	/** What the credential's `authenticate` sends (OctoAiApi.credentials.ts); only to the base URL's origin (redirects.ts). */
	authorization: string;
	/** The base URL of the request's API, trimmed, and its label in the credential. */
	base: string;
	baseLabel: string;
	/** The execution's Stop, where the context has one. */
	cancel: AbortSignal | undefined;
}

/** The credential's token and the request's base URL, refused with a clear error when missing or unusable. */
export async function openLink(ctx: RequestContext, request: ApiRequest, itemIndex: number): Promise<ApiLink> {
	const credentials = await credentialsOf(ctx);
	const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
	const secrets = [token];
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), safeText(message, secrets), { itemIndex, description: description && safeText(description, secrets) });
	if (!token) throw fail('The OctoAI credential has no API token', 'Copy your OctoAI API token into the credential.');
	const baseLabel = BASE_URL_LABELS[request.api];
	const rawBase = credentials[BASE_URL_FIELDS[request.api]];
	const baseProblem = baseUrlProblem(rawBase);
	if (baseProblem) throw fail(`${baseLabel} in the OctoAI credential ${baseProblem}`);
	return {
		node: ctx.getNode(),
		secrets,
		authorization: `Bearer ${token}`,
		base: String(rawBase).trim(),
		baseLabel,
		cancel: 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined,
	};
}
