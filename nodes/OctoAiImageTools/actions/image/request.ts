import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { octoAiRequest } from '../../../shared/transport';

/** POST to a media utility on the image API (same base URL as generation); the transport retries only transient failures. */
export async function callUtility<T>(ctx: IExecuteFunctions, itemIndex: number, path: string, body: IDataObject): Promise<T> {
	return await octoAiRequest<T>(ctx, { api: 'image', method: 'POST', path, body }, itemIndex);
}
