import { NodeApiError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { assetList, withNote } from '../../../shared/platform/asset-cleanup';
import { tuneResult } from '../../../shared/platform/tune-result';
import { waitForTune } from '../../../shared/platform/tune-wait';
import { createTune } from '../../../shared/platform/tunes-api';
import type { CreateTuneRequest, LoraTuneDetails } from '../../../shared/platform/types';
import { estimateTuneCost } from '../../../shared/run/pricing';
import { operationFields } from '../../../shared/editor/operation';
import { createProperties } from './create-fields';
import { readSettings, resolveBaseCheckpoint } from './create-settings';
import { readTrainingImages } from './training-images';
import { discardTrainingImages, uploadTrainingImages } from './training-uploads';

export const description = operationFields('tune', 'create', createProperties);

/**
 * Trains one LoRA on the images of all input items: reads and checks every image, resolves the base
 * checkpoint, uploads the images as `file` assets, starts the tune and (by default) waits for it.
 */
export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	const settings = readSettings(this);
	const images = await readTrainingImages(this);
	const baseCheckpoint = await resolveBaseCheckpoint(this, settings.engine);
	// Everything that can be wrong locally was found above: only now is anything created.
	const files = await uploadTrainingImages(this, settings.tuneName, images, settings.uploadWait, settings.transferTimeoutMs);

	const details: LoraTuneDetails = {
		tune_type: 'lora_tune',
		base_checkpoint: baseCheckpoint,
		files: files.map(({ asset, image }) => (image.caption ? { file_id: asset.id, caption: image.caption } : { file_id: asset.id })),
		steps: settings.steps,
		trigger_words: [settings.triggerWord],
	};
	if (settings.seed !== undefined) details.seed = settings.seed;
	if (settings.resizeImages !== undefined) details.resize_images = settings.resizeImages;
	const request: CreateTuneRequest = { name: settings.tuneName, details };
	if (settings.description) request.description = settings.description;

	let tune;
	try {
		tune = await createTune(this, request, 0);
	} catch (error) {
		const assets = files.map((file) => file.asset);
		// Only a refusal (4xx) proves there is no tune. After a timeout, a dropped connection, a 5xx or
		// an answer the node cannot read, the tune may exist and need its images.
		if (isRefusal(error)) throw await discardTrainingImages(this, assets, error);
		throw withNote(
			this,
			error,
			`The tune may have been created all the same: look for "${settings.tuneName}" with Get Many before deleting its training images, ${assetList(assets)}.`,
			0,
		);
	}
	// From here on the tune uses the images: they stay, whatever happens to the tune.
	if (settings.tuneWait) tune = await waitForTune(this, tune, 0, settings.tuneWait);
	// What OctoAI's published price says the tune costs (null for engines without a published price).
	const estimate = estimateTuneCost(details.base_checkpoint.engine ?? '', details.steps);
	return [{ ...(await tuneResult(this, tune, 0)), estimated_cost_usd: estimate.usd, price_basis: estimate.basis }];
}

/** Whether the API answered with a client error (4xx): it refused the request, so nothing was created. */
function isRefusal(error: unknown): boolean {
	return error instanceof NodeApiError && /^4\d\d$/.test(String(error.httpCode));
}
