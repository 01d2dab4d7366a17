import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, SharedBackoff } from './concurrency';
import type { EngineSpec } from './engines';
import { runItems } from './item-loop';
import { ItemParameters } from './item-parameters';
import { estimateClipTokens } from './prompt';
import { buildItemRequest } from './request';
import { toOutputItems, type GenerationResponse } from './results';
import { generationShape, imageCountNote } from './response-shapes';
import { RUN_OPTION_LIMITS } from './run-options';
import { octoAiRequest } from './transport';

/** One input item: validate and read inputs, generate, and turn the answer into output items. */
async function generateForItem(
	ctx: IExecuteFunctions,
	engine: EngineSpec,
	itemIndex: number,
	backoff: SharedBackoff,
): Promise<INodeExecutionData[]> {
	const { body, policy, output } = await buildItemRequest(ctx, engine, itemIndex);
	const tokens = estimateClipTokens(body.prompt);
	if (engine.promptTokenLimit !== undefined && tokens > engine.promptTokenLimit) {
		ctx.addExecutionHints({
			message: `The prompt of item ${itemIndex} is about ${tokens} tokens; ${engine.displayName} reads only the first ${engine.promptTokenLimit}, so its end is ignored.`,
			type: 'warning',
			location: 'outputPane',
		});
	}
	const response = await octoAiRequest<GenerationResponse>(
		ctx,
		{ api: 'image', method: 'POST', path: engine.path, body: body as never, shape: generationShape },
		itemIndex,
		{ ...policy, backoff },
	);
	const count = imageCountNote(response, body.num_images ?? 1);
	if (count) ctx.addExecutionHints({ message: `Item ${itemIndex}: ${count}`, type: 'warning', location: 'outputPane' });
	return await toOutputItems(ctx, engine, itemIndex, body, response, output);
}

/** The engine nodes' run: every item through the shared item loop, "Concurrency" at once. */
export async function executeEngine(
	this: IExecuteFunctions,
	engine: EngineSpec,
): Promise<INodeExecutionData[][]> {
	// A node-level setting, so it is read once (from the first item) rather than per item.
	const concurrency = new ItemParameters(this, engine, 0).boundedOption(
		'concurrency',
		RUN_OPTION_LIMITS.concurrency,
		DEFAULT_CONCURRENCY,
	);
	const backoff = new SharedBackoff();
	return [await runItems(this, async (itemIndex) => await generateForItem(this, engine, itemIndex, backoff), { concurrency })];
}
