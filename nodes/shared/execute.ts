import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { requestAsync } from './async-inference';
import { DEFAULT_CONCURRENCY, mapWithConcurrency, SharedBackoff } from './concurrency';
import type { EngineSpec } from './engines';
import { asNodeError, errorItem } from './errors';
import { ItemParameters } from './item-parameters';
import { estimateClipTokens } from './prompt';
import { buildItemRequest } from './request';
import { toOutputItems, type GenerationResponse } from './results';
import { RUN_OPTION_LIMITS } from './run-options';
import { octoAiRequest, type ApiRequest } from './transport';

/** One input item: validate and read inputs, generate, and turn the answer into output items. */
async function generateForItem(
	ctx: IExecuteFunctions,
	engine: EngineSpec,
	itemIndex: number,
	backoff: SharedBackoff,
): Promise<INodeExecutionData[]> {
	const { body, policy, output, wait } = await buildItemRequest(ctx, engine, itemIndex);
	const tokens = estimateClipTokens(body.prompt);
	if (engine.promptTokenLimit !== undefined && tokens > engine.promptTokenLimit) {
		ctx.addExecutionHints({
			message: `The prompt of item ${itemIndex} is about ${tokens} tokens; ${engine.displayName} reads only the first ${engine.promptTokenLimit}, so its end is ignored.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	const request: ApiRequest = { api: 'image', method: 'POST', path: engine.path, body: body as never };
	const response =
		wait.mode === 'async'
			? await requestAsync<GenerationResponse>(ctx, request, itemIndex, { ...policy, backoff }, wait)
			: await octoAiRequest<GenerationResponse>(ctx, request, itemIndex, { ...policy, backoff });
	return await toOutputItems(ctx, engine, itemIndex, body, response, output);
}

/**
 * The item loop every engine node runs: up to "Concurrency" items at once, results in input order.
 * Only this loop knows about Continue On Fail: a failed item becomes an error item paired with its
 * input and the other items go on; without it the first failure (in input order) stops the node.
 */
export async function executeEngine(
	this: IExecuteFunctions,
	engine: EngineSpec,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// A node-level setting, so it is read once (from the first item) rather than per item.
	const concurrency = new ItemParameters(this, engine, 0).boundedOption(
		'concurrency',
		RUN_OPTION_LIMITS.concurrency,
		DEFAULT_CONCURRENCY,
	);
	const backoff = new SharedBackoff();
	const continueOnFail = this.continueOnFail();
	let stop = false;
	const perItem = await mapWithConcurrency(items.length, concurrency, async (itemIndex) => {
		// Once an item failed without Continue On Fail the run is over: send no further requests.
		if (stop) return [];
		try {
			return await generateForItem(this, engine, itemIndex, backoff);
		} catch (error) {
			const wrapped = asNodeError(this, error, itemIndex);
			if (!continueOnFail) {
				stop = true;
				return wrapped;
			}
			return [errorItem(wrapped, { item: itemIndex })];
		}
	});
	const firstError = perItem.find((result) => !Array.isArray(result));
	if (firstError) throw firstError;
	return [perItem.flat() as INodeExecutionData[]];
}
