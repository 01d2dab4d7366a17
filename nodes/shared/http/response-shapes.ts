/**
 * The shapes of the answers the nodes rely on, checked before any field is read. Each check returns
 * what is wrong (in words a user can act on) or undefined; the transport turns a problem into a
 * NodeApiError with the status and an excerpt of the answer. They take a parsed body, so any way of
 * receiving an answer (whole JSON or a stream of events) can apply the same check.
 */
import { IMAGE_LIST, VIDEO_LIST, type Base64List } from './media-lists';

export type ShapeCheck = (body: unknown) => string | undefined;

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);

function text(record: Json, key: string, where: string, optional = false): string | undefined {
	const value = record[key];
	if (value === undefined && optional) return undefined;
	if (typeof value !== 'string' || (!optional && value.trim() === '')) {
		return `${where}.${key} is ${kind(value)}${typeof value === 'string' ? ' (empty)' : ''}, not text`;
	}
	return undefined;
}

export function optionalOf(record: Json, key: string, type: 'number' | 'boolean', where: string): string | undefined {
	const value = record[key];
	if (value === undefined || value === null || typeof value === type) return undefined;
	return `${where}.${key} is ${kind(value)}, not a ${type}`;
}

/**
 * A generation answer: a list (`list`) of media objects, each with its base64 text under `key` (or,
 * streamed, its decoded `bytes`), or none when removed for safety; optional seed, flag and score.
 */
function mediaListShape({ list, key }: Base64List, entry: string): ShapeCheck {
	return (body) => {
		if (!isObject(body)) return `the answer is ${kind(body)}, not an object`;
		const entries = body[list];
		if (!Array.isArray(entries)) return `"${list}" is ${kind(entries)}, not a list`;
		for (const [index, item] of entries.entries()) {
			const where = `${list}[${index}]`;
			if (!isObject(item)) return `${where} is ${kind(item)}, not ${entry}`;
			const data = item[key];
			if (data !== undefined && data !== null && typeof data !== 'string') return `${where}.${key} is ${kind(data)}, not base64 text`;
			const problem =
				optionalOf(item, 'seed', 'number', where) ??
				optionalOf(item, 'removed_for_safety', 'boolean', where) ??
				optionalOf(item, 'safety_score', 'number', where);
			if (problem) return problem;
		}
		return optionalOf(body, 'prediction_time_ms', 'number', 'answer');
	};
}

/** `ImageGenerationResponse`: `images[]` of {image_b64, seed, removed_for_safety, safety_score}. */
export const generationShape = mediaListShape(IMAGE_LIST, 'an image object');

/** `VideoGenerationResponse`: `videos[]` of {video (null when removed for safety), seed, removed_for_safety, safety_score}. */
export const videoShape = mediaListShape(VIDEO_LIST, 'a video object');

function assetProblem(asset: unknown, where: string): string | undefined {
	if (!isObject(asset)) return `${where} is ${kind(asset)}, not an asset`;
	const problem = text(asset, 'id', where) ?? text(asset, 'name', where) ?? text(asset, 'status', where) ?? text(asset, 'asset_type', where);
	if (problem) return problem;
	if (!isObject(asset.data)) return `${where}.data is ${kind(asset.data)}, not an object`;
	return undefined;
}

/** `CreateAssetResponse` / `RetrieveAssetResponse`: `{ asset: {...}, transfer_api? }`. */
export const assetShape: ShapeCheck = (body) => {
	if (!isObject(body)) return `the answer is ${kind(body)}, not an object`;
	return assetProblem(body.asset, 'asset');
};

function tuneProblem(tune: unknown, where: string): string | undefined {
	if (!isObject(tune)) return `${where} is ${kind(tune)}, not a tune`;
	const problem = text(tune, 'id', where) ?? text(tune, 'status', where) ?? text(tune, 'name', where);
	if (problem) return problem;
	if (tune.output_lora_ids !== undefined && tune.output_lora_ids !== null && !Array.isArray(tune.output_lora_ids)) {
		return `${where}.output_lora_ids is ${kind(tune.output_lora_ids)}, not a list`;
	}
	return undefined;
}

/** A tune (create, get, cancel). */
export const tuneShape: ShapeCheck = (body) => tuneProblem(body, 'tune');

/** One page of `/v1/assets` or `/v1/tunes`, every entry checked as `entry` says. */
function pageShape(entry: (value: unknown, where: string) => string | undefined): ShapeCheck {
	return (body) => {
		if (!isObject(body)) return `the answer is ${kind(body)}, not a page`;
		if (!Array.isArray(body.data)) return `"data" is ${kind(body.data)}, not a list`;
		if (body.has_more !== undefined && typeof body.has_more !== 'boolean') return `"has_more" is ${kind(body.has_more)}, not true or false`;
		for (const [index, value] of body.data.entries()) {
			const problem = entry(value, `data[${index}]`);
			if (problem) return problem;
		}
		return undefined;
	};
}

export const assetPageShape = pageShape(assetProblem);
export const tunePageShape = pageShape(tuneProblem);

/** Answers the node only passes on (delete, complete-upload): any JSON object. */
export const objectShape: ShapeCheck = (body) => (isObject(body) ? undefined : `the answer is ${kind(body)}, not an object`);
