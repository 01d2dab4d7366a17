import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ShapeCheck } from '../../../shared/http/response-shapes';
import { octoAiRequest } from '../../../shared/http/transport';

/**
 * POST to a media utility on the image API (same base URL as generation); the transport retries only
 * transient failures, and a 2xx answer not of `shape` (shapes.ts) is a NodeApiError naming what is wrong.
 */
export async function callUtility<T>(ctx: IExecuteFunctions, itemIndex: number, path: string, body: IDataObject, shape: ShapeCheck): Promise<T> {
	return await octoAiRequest<T>(ctx, { api: 'image', method: 'POST', path, body, shape }, itemIndex);
}
