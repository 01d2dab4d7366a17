import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { requestGeneration } from './async-inference';
import type { RequestGate } from '../http/concurrency';
import type { EngineSpec } from '../fields/engines';
import { runGeneration, withCost } from '../run/generation-loop';
import { ItemParameters } from '../fields/item-parameters';
import { engineFieldLookup } from '../editor';
import { estimateImageCost } from '../run/pricing';
import { estimateClipTokens } from '../fields/prompt';
import { buildItemRequest, type ItemRequest } from './request';
import { toOutputItems, type GenerationResponse } from './results';
import { generationShape } from '../http/response-shapes';
import { warnResultCount } from '../messages/result-count';
import { DEFAULT_WAIT_MODE } from '../fields/run-options';
import { readConcurrency } from './run-settings';
import { IMAGE_LIST } from '../http/media-lists';
import type { ApiRequest } from '../http/api-request';

/** Sends one item's request and turns the answer into output items carrying the cost estimate. */
async function generateForItem(
	ctx: IExecuteFunctions,
	engine: EngineSpec,
	itemIndex: number,
	backoff: RequestGate,
	{ body, policy, output, wait }: ItemRequest,
): Promise<INodeExecutionData[]> {
	const tokens = estimateClipTokens(body.prompt);
	if (engine.promptTokenLimit !== undefined && tokens > engine.promptTokenLimit) {
		ctx.addExecutionHints({
			message: `The prompt of item ${itemIndex} is about ${tokens} tokens; ${engine.displayName} reads only the first ${engine.promptTokenLimit}, so its end is ignored.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	const request: ApiRequest = {
		api: 'image',
		method: 'POST',
		path: engine.path,
		body: body as never,
		shape: generationShape,
		streamBase64: IMAGE_LIST,
		notFound: 'Check the asset names the request uses (checkpoint, LoRAs, textual inversions, VAE, ControlNet).',
	};
	const response = await requestGeneration<GenerationResponse>(ctx, request, itemIndex, { ...policy, backoff }, wait);
	warnResultCount(ctx, itemIndex, 'image', body.num_images ?? 1, response.images?.length ?? 0);
	const items = await toOutputItems(ctx, engine, itemIndex, body, response, output);
	return withCost(items, estimateImageCost(engine.id, body), 'images');
}

/**
 * The engine nodes' run (see runGeneration): read and validate, check the spending guard, generate;
 * "Concurrency" items at once (or Auto), results in input order.
 */
export async function executeEngine(
	this: IExecuteFunctions,
	engine: EngineSpec,
): Promise<INodeExecutionData[][]> {
	// A node-level setting, so it is read once (from the first item) rather than per item.
	const concurrency = readConcurrency(this, new ItemParameters(this, engineFieldLookup(engine), 0), engine.defaultWaitMode ?? DEFAULT_WAIT_MODE);
	return await runGeneration<ItemRequest>(this, concurrency, {
		unit: 'image',
		listKey: 'images',
		prepare: async (itemIndex) => await buildItemRequest(this, engine, itemIndex),
		spend: ({ body }) => ({ count: body.num_images ?? 1, perUnit: estimateImageCost(engine.id, body) }),
		send: async (request, itemIndex, backoff) => await generateForItem(this, engine, itemIndex, backoff, request),
	});
}
