/**
 * The shapes of the media utilities' answers that the operations rely on (see the engine nodes' in
 * shared/http/response-shapes.ts). Each also says where the answer must carry an image: one missing
 * without being reported removed for safety is a wrong answer, never an output without its image.
 */
import { generationShape, isObject, kind, optionalOf, type ShapeCheck } from '../../../shared/http/response-shapes';

type Json = Record<string, unknown>;

/** Why `record[key]` is not the base64 text of an image; nothing may be there only when `removed`. */
function imageProblem(record: Json, key: string, where: string, removed: boolean): string | undefined {
	const value = record[key];
	if (typeof value === 'string' && value.trim() !== '') return undefined;
	const absent = value === undefined || value === null || value === '';
	if (absent && removed) return undefined;
	if (!absent) return `${where}.${key} is ${kind(value)}, not base64 text`;
	return `${where}.${key} is ${value === '' ? 'empty' : kind(value)}: no image, and none was reported removed for safety`;
}

function listProblem(value: unknown, name: string): string | undefined {
	return Array.isArray(value) ? undefined : `"${name}" is ${kind(value)}, not a list`;
}

/** POST /upscaling and /background-removal: `{image_b64, removed_for_safety}`. */
export const singleImageShape: ShapeCheck = (body) => {
	if (!isObject(body)) return `the answer is ${kind(body)}, not an object`;
	return optionalOf(body, 'removed_for_safety', 'boolean', 'answer') ?? imageProblem(body, 'image_b64', 'answer', body.removed_for_safety === true);
};

const DETAILER_COUNTS = ['num_objects_detected', 'num_objects_inpainted', 'num_removed_for_safety'];

/** POST /adetailer: the repainted image (absent only when the input was removed for safety) and the counts. */
export const detailerShape: ShapeCheck = (body) => {
	if (!isObject(body)) return `the answer is ${kind(body)}, not an object`;
	for (const key of DETAILER_COUNTS) {
		const count = body[key];
		if (typeof count !== 'number') return `answer.${key} is ${kind(count)}, not a number`;
		if (!Number.isSafeInteger(count) || count < 0) return `answer.${key} is ${count}, not a count`;
	}
	const removed = body.init_image_removed_for_safety === true;
	return optionalOf(body, 'init_image_removed_for_safety', 'boolean', 'answer') ?? imageProblem(body, 'image_b64', 'answer', removed);
};

/**
 * POST /segment: `masks[]` each with its image, `bounds[]` of found objects. No mask is an answer
 * only when the image was removed for safety or a prompt found nothing; a box or points always
 * select something.
 */
export function segmentShape(byPrompt: boolean): ShapeCheck {
	return (body) => {
		if (!isObject(body)) return `the answer is ${kind(body)}, not an object`;
		const flag = optionalOf(body, 'removed_for_safety', 'boolean', 'answer');
		if (flag) return flag;
		const bounds = body.bounds ?? [];
		const problem = listProblem(bounds, 'bounds') ?? listProblem(body.masks, 'masks');
		if (problem) return problem;
		for (const [index, bound] of (bounds as unknown[]).entries()) {
			if (!isObject(bound)) return `bounds[${index}] is ${kind(bound)}, not a found object`;
		}
		const masks = body.masks as unknown[];
		for (const [index, mask] of masks.entries()) {
			const where = `masks[${index}]`;
			if (!isObject(mask)) return `${where} is ${kind(mask)}, not a mask object`;
			const wrong = imageProblem(mask, 'mask_b64', where, false) ?? optionalOf(mask, 'score', 'number', where);
			// A bound_index naming no found object (or not a number at all) is not refused here: the
			// masks are billed, so the operation outputs them with a warning (segment.operation.ts).
			if (wrong) return wrong;
		}
		if (masks.length > 0 || body.removed_for_safety === true) return undefined;
		const found = (bounds as unknown[]).length;
		if (!byPrompt) return '"masks" is empty: no mask for the box or points, and the image was not reported removed for safety';
		return found > 0 ? `"masks" is empty, though ${found} object${found === 1 ? ' was' : 's were'} found` : undefined;
	};
}

/** POST /creative-generator: at least one scene, each with its image unless removed for safety. */
export const sceneShape: ShapeCheck = (body) => {
	const problem = generationShape(body);
	if (problem) return problem;
	const images = (body as Json).images as Json[];
	if (images.length === 0) return '"images" is empty: no scene came back';
	for (const [index, image] of images.entries()) {
		const missing = imageProblem(image, 'image_b64', `images[${index}]`, image.removed_for_safety === true);
		if (missing) return missing;
	}
	return undefined;
};
