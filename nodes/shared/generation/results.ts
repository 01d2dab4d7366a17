import {
	NodeApiError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { imageToBinary } from '../images/binary';
import { imageSize } from '../images/image-size';
import { releaseStoredMedia } from '../http/media-buffers';
import type { EngineSpec } from '../fields/engines';
import { FIELDS, type GenerationRequest } from '../fields/registry';
import { parameterEcho } from '../fields/parameter-echo';
import type { OutputSettings } from './request';
import { isToolCall } from '../tool/tool-mode';

/** `ImageGenerationResponse` as the reference describes it. */
export interface GenerationResponse {
	images?: Array<{
		image_b64?: string | null;
		/** The decoded image, when the response was streamed (then there is no `image_b64`). */
		bytes?: Buffer;
		seed?: number;
		removed_for_safety?: boolean;
		safety_score?: number;
	}>;
	prediction_time_ms?: number;
}

/** The request's parameters for the output JSON, without image data (a map of images shows its names). */
export function requestParameters(body: GenerationRequest): IDataObject {
	return parameterEcho(body, FIELDS);
}

/**
 * Turns one API response into output items: one per image by default, or all images of the request
 * in one item. Images removed for safety become items with the flag and no binary (or are dropped).
 */
export async function toOutputItems(
	ctx: IExecuteFunctions,
	engine: EngineSpec,
	itemIndex: number,
	body: GenerationRequest,
	response: GenerationResponse,
	output: OutputSettings,
): Promise<INodeExecutionData[]> {
	const images = response.images;
	if (!Array.isArray(images) || images.length === 0) {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: 'response without images' },
			{ message: 'OctoAI answered without any images', httpCode: '200', itemIndex },
		);
	}
	const compact = isToolCall(ctx);
	const parameters = requestParameters(body);
	const entries: Array<{ json: IDataObject; binary?: IBinaryKeyData[string] }> = [];
	for (const [index, image] of images.entries()) {
		const removed = image.removed_for_safety === true;
		const json: IDataObject = {
			engine: engine.id,
			seed: image.seed ?? null,
			imageIndex: index,
			removed_for_safety: removed,
			safety_score: image.safety_score ?? null,
			prediction_time_ms: response.prediction_time_ms ?? null,
		};
		if (output.inputImages) json.inputImages = output.inputImages;
		const bytes = image.bytes ?? (image.image_b64 ? Buffer.from(image.image_b64, 'base64') : undefined);
		if (removed || !bytes || bytes.length === 0) {
			if (!removed) {
				throw new NodeApiError(
					ctx.getNode(),
					{ message: 'image without data' },
					{ message: `OctoAI answered with image ${index} empty but not removed for safety`, itemIndex },
				);
			}
			if (!output.dropRemovedForSafety) entries.push({ json });
			continue;
		}
		const file = await imageToBinary(ctx, bytes, `${engine.id}-${image.seed ?? index}`);
		// The agent is told the picture's size (read before the buffer may be reused below).
		if (compact) Object.assign(json, imageSize(bytes));
		// Stored now (on disk in filesystem mode): drop the answer's hold on it while later images are
		// stored, and let the run's next image reuse the buffer once it is on disk.
		image.bytes = undefined;
		if (file) releaseStoredMedia(ctx, bytes, file.binary);
		if (!file) {
			throw new NodeApiError(
				ctx.getNode(),
				{ message: 'image is not PNG, JPEG or WebP' },
				{ message: `OctoAI answered with image ${index} in an unknown format`, itemIndex },
			);
		}
		json.fileName = file.fileName;
		entries.push({ json, binary: file.binary });
	}

	const pairedItem = { item: itemIndex };
	if (output.allInOneItem) {
		const binary: IBinaryKeyData = {};
		const list = entries.map((entry, n) => {
			const field = n === 0 ? output.field : `${output.field}_${n}`;
			if (entry.binary) binary[field] = entry.binary;
			return { ...entry.json, binaryField: entry.binary ? field : null };
		});
		if (list.length === 0) return [];
		const json: IDataObject = { engine: engine.id, images: list };
		if (!compact) json.parameters = parameters;
		return [{ json, binary: Object.keys(binary).length > 0 ? binary : undefined, pairedItem }];
	}
	return entries.map((entry) => ({
		json: compact ? entry.json : { ...entry.json, parameters },
		binary: entry.binary ? { [output.field]: entry.binary } : undefined,
		pairedItem,
	}));
}
