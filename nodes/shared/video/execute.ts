import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { requestGeneration } from '../generation/async-inference';
import { runGeneration, withCost } from '../run/generation-loop';
import { ItemParameters } from '../fields/item-parameters';
import { estimateVideoCost } from '../run/pricing';
import { warnResultCount } from '../messages/result-count';
import { videoShape } from '../http/response-shapes';
import { readConcurrency } from '../generation/run-settings';
import { VIDEO_LIST } from '../http/media-lists';
import type { ApiRequest } from '../http/api-request';
import { SVD_PATH, SVD_WAIT_MODE } from './fields';
import { videoProperty } from './properties';
import { buildVideoRequest, type VideoItemRequest } from './request';
import { toVideoItems, type VideoResponse } from './results';

/** The Stable Video Diffusion node's run: the shared item loop (with the spending guard) over video requests. */
export async function executeVideo(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const concurrency = readConcurrency(this, new ItemParameters(this, videoProperty, 0), SVD_WAIT_MODE);
	return await runGeneration<VideoItemRequest>(this, concurrency, {
		unit: 'video',
		listKey: 'videos',
		prepare: async (itemIndex) => await buildVideoRequest(this, itemIndex),
		spend: ({ body }) => ({ count: body.num_videos ?? 1, perUnit: estimateVideoCost() }),
		send: async (request, itemIndex, backoff) => {
			// The answer is shape-checked and its videos decoded as they stream in, in both Wait Modes
			// (asynchronous: from the result read on the credential's async base).
			const call: ApiRequest = {
				api: 'image',
				method: 'POST',
				path: SVD_PATH,
				body: request.body as never,
				shape: videoShape,
				streamBase64: VIDEO_LIST,
			};
			const policy = { ...request.policy, backoff };
			const response = await requestGeneration<VideoResponse>(this, call, itemIndex, policy, request.wait);
			warnResultCount(this, itemIndex, 'video', request.body.num_videos ?? 1, response.videos?.length ?? 0);
			return withCost(await toVideoItems(this, itemIndex, request, response), estimateVideoCost(), 'videos');
		},
	});
}
