import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { parameterEcho } from '../fields/parameter-echo';
import { SVD_FIELDS, type VideoRequestBody } from './fields';
import { sniffVideoMime, VIDEO_EXTENSIONS } from './mime';
import type { VideoItemRequest } from './request';

/**
 * `VideoGenerationResponse` as the API's export describes it (checked by videoShape); the transport
 * streams each `video` into `bytes`, the base64 text stays only if an answer was not streamed.
 */
export interface VideoResponse {
	videos?: Array<{ video?: string | null; bytes?: Buffer; seed?: number; removed_for_safety?: boolean; safety_score?: number }>;
	prediction_time_ms?: number;
}

/** The request's parameters for the output JSON, without the input image. */
function parametersOf(body: VideoRequestBody): IDataObject {
	return parameterEcho(body, SVD_FIELDS);
}

/**
 * One output item per video, as n8n binary with the MIME type and extension read from its bytes.
 * Videos removed for safety become items with the flag and no binary (or are dropped).
 */
export async function toVideoItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	{ body, output }: VideoItemRequest,
	response: VideoResponse,
): Promise<INodeExecutionData[]> {
	const fail = (message: string, detail: string) =>
		new NodeApiError(ctx.getNode(), { message: detail }, { message, httpCode: '200', itemIndex });
	const videos = response.videos;
	if (!Array.isArray(videos) || videos.length === 0) throw fail('OctoAI answered without any videos', 'response without videos');
	const parameters = parametersOf(body);
	const items: INodeExecutionData[] = [];
	for (const [index, video] of videos.entries()) {
		const removed = video.removed_for_safety === true;
		const json: IDataObject = {
			engine: 'svd',
			seed: video.seed ?? null,
			videoIndex: index,
			removed_for_safety: removed,
			safety_score: video.safety_score ?? null,
			prediction_time_ms: response.prediction_time_ms ?? null,
		};
		if (output.inputImages) json.inputImages = output.inputImages;
		const bytes = video.bytes ?? (video.video ? Buffer.from(video.video, 'base64') : undefined);
		if (removed || !bytes || bytes.length === 0) {
			if (!removed) throw fail(`OctoAI answered with video ${index} empty but not removed for safety`, 'video without data');
			if (!output.dropRemovedForSafety) items.push({ json: { ...json, parameters }, pairedItem: { item: itemIndex } });
			continue;
		}
		const mimeType = sniffVideoMime(bytes);
		if (!mimeType) throw fail(`OctoAI answered with video ${index} in an unknown format`, 'video is not MP4, QuickTime, WebM or GIF');
		const fileName = `svd-${video.seed ?? index}.${VIDEO_EXTENSIONS[mimeType]}`;
		items.push({
			json: { ...json, fileName, mimeType, parameters },
			binary: { [output.field]: await ctx.helpers.prepareBinaryData(bytes, fileName, mimeType) },
			pairedItem: { item: itemIndex },
		});
		// Stored now (on disk in filesystem mode): drop the answer's hold on it while later videos are stored.
		video.bytes = undefined;
	}
	return items;
}
