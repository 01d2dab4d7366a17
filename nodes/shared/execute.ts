import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { EngineSpec } from './engines';
import { buildItemRequest } from './request';
import { toOutputItems, type GenerationResponse } from './results';
import { octoAiRequest } from './transport';

/** One input item: validate and read inputs, generate, and turn the answer into output items. */
async function generateForItem(
	ctx: IExecuteFunctions,
	engine: EngineSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { body, policy, output } = await buildItemRequest(ctx, engine, itemIndex);
	const response = await octoAiRequest<GenerationResponse>(
		ctx,
		{ api: 'image', method: 'POST', path: engine.path, body: body as never },
		itemIndex,
		policy,
	);
	return await toOutputItems(ctx, engine, itemIndex, body, response, output);
}

/**
 * The per-item loop every engine node runs. Only this loop knows about Continue On Fail: a failed
 * item becomes an error item paired with its input, and the other items go on.
 */
export async function executeEngine(
	this: IExecuteFunctions,
	engine: EngineSpec,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const results: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			results.push(...(await generateForItem(this, engine, itemIndex)));
		} catch (error) {
			const wrapped =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (wrapped.context.itemIndex === undefined) wrapped.context.itemIndex = itemIndex;
			if (!this.continueOnFail()) throw wrapped;
			results.push({
				json: { error: wrapped.message, description: wrapped.description ?? null },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [results];
}
