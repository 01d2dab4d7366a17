import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { textList } from '../messages/answer-values';
import { getAsset } from './assets-api';
import type { Tune } from './types';

/**
 * A tune as output JSON, led by what the next node needs: for a succeeded tune `lora` is the new
 * LoRA's asset name (ready for an engine node's LoRA field), with `loraId` and `triggerWord`.
 */
export async function tuneResult(ctx: IExecuteFunctions, tune: Tune, itemIndex: number): Promise<IDataObject> {
	const loraId = tune.status === 'succeeded' ? tune.output_lora_ids?.[0] : undefined;
	const lora = loraId ? (await getAsset(ctx, loraId, itemIndex)).asset : undefined;
	return {
		lora: lora?.name ?? null,
		loraId: lora?.id ?? null,
		triggerWord: textList(tune.details?.trigger_words)[0] ?? null,
		...(tune as IDataObject),
	};
}
