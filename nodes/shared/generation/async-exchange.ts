import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { baseUrlProblem } from '../http/base-url';
import { safeText } from '../messages/safe-text';
import { credentialsOf } from '../http/api-credential';
import { ASYNC_RESULT_KEPT as KEPT } from '../run/billed-work';

/** What every message of one asynchronous exchange names: its response id and the async base it reads from. */
export interface AsyncExchange {
	id: string;
	/** The credential's Async API Base URL as shown in messages: no query, no trailing slash. */
	base: string;
}


/**
 * The credential's Async API Base URL, checked before the billed POST (or, with `acceptedAs`, after a
 * synchronous request was answered with that response id): a URL the status reads could
 * not use (no scheme, user:password@) would otherwise fail only after the work was created and billed.
 */
export async function checkedAsyncBase(ctx: IExecuteFunctions, itemIndex: number, acceptedAs?: string): Promise<string> {
	const credentials = await credentialsOf(ctx);
	const raw = credentials.asyncBaseUrl;
	const problem = baseUrlProblem(raw);
	if (problem) {
		if (acceptedAs !== undefined) {
			throw new NodeOperationError(ctx.getNode(), `Async API Base URL in the OctoAI credential ${problem}`, {
				itemIndex,
				description: `OctoAI answered the synchronous request with response ${acceptedAs} to read from the Async API Base URL (it may be billed): fix the URL in the credential, then read GET <Async API Base URL>/v1/responses/${acceptedAs} with the API token within ${KEPT}.`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), `Async API Base URL in the OctoAI credential ${problem}; nothing was sent`, {
			itemIndex,
			description:
				'Wait Mode "Asynchronous" reads the status and the result from the Async API Base URL (e.g. https://async.octoai.run), so it is checked before the request that OctoAI bills. Fix it in the credential, or set Wait Mode to "Synchronous" in Options.',
		});
	}
	const url = new URL(String(raw).trim());
	const token = typeof credentials.apiToken === 'string' ? credentials.apiToken.trim() : '';
	return safeText(`${url.origin}${url.pathname}`.replace(/\/+$/, ''), token ? [token] : []);
}

/** Where the result of an accepted exchange can be read later, for the errors that end the wait. */
export function howToFetch({ id, base }: AsyncExchange): string {
	return `OctoAI accepted the request as response ${id} (it may be billed); its result stays readable for ${KEPT} after it finishes: GET ${base}/v1/responses/${id} with the API token (status: ${base}/v1/requests/${id}).`;
}

/**
 * An error met after the POST was accepted, restated for the exchange: the message names the
 * response id and the Async API Base URL, the description how to get the result. A 404 says the
 * async base does not know the id, rather than the generic advice about base URLs and asset names.
 */
export function inExchange(error: unknown, exchange: AsyncExchange): unknown {
	if (!(error instanceof NodeApiError || error instanceof NodeOperationError)) return error;
	if (/^The execution was cancelled/.test(error.message)) return error;
	if (error instanceof NodeApiError && error.httpCode === '404') {
		error.message = `OctoAI at the Async API Base URL (${exchange.base}) does not know response ${exchange.id} (404)`;
		error.description = `Check "Async API Base URL" in the OctoAI credential: it must be the asynchronous API of the service at the Image API Base URL, which accepted the request. ${howToFetch(exchange)}`;
		return error;
	}
	// The Max Wait error is the exchange's own and says all of this already.
	if (error.message.includes(`response ${exchange.id}`)) return error;
	error.message = `${error.message} (response ${exchange.id}, Async API Base URL ${exchange.base})`;
	error.description = [error.description, howToFetch(exchange)].filter(Boolean).join(' ');
	return error;
}
