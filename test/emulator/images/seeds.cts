import type { GenerationRequest } from '../validation/validator.cts';
import { canonicalJson, digestHex, hash32 } from './random.cts';

const SEED_SPAN = 2 ** 32 - 1; // valid seeds are 1 .. 2^32-1

// Fields that say how inputs are blended in, how many images, which seeds, how to encode: they shape the
// output through compose.cts, not through the painted picture, so a strength or scale sweep over one seed
// varies only that effect.
const NOT_IN_PICTURE = new Set([
	'seed', 'num_images', 'image_encoding', 'log_prompt', 'enable_safety', 'init_image', 'mask_image', 'strength', 'outpainting',
	'inpaint_full_res', 'inpaint_full_res_padding', 'controlnet_image', 'controlnet_conditioning_scale',
	'controlnet_early_stop', 'controlnet_preprocess', 'transfer_images',
]);

/** Digest of what the painted picture depends on: engine, prompts, sampler, steps, cfg, size, style and assets. */
export function pictureFingerprint(req: GenerationRequest): string {
	const fields = Object.entries(req.params).filter(([key]) => !NOT_IN_PICTURE.has(key));
	return digestHex(`${req.engine.id}|${canonicalJson(Object.fromEntries(fields))}`);
}

/** Digest of the whole request except the seed, count and encoding: the source of derived seeds. */
export function requestFingerprint(req: GenerationRequest): string {
	const { seed: _seed, num_images: _n, image_encoding: _enc, ...rest } = req.params;
	return digestHex(`${req.engine.id}|${canonicalJson(rest)}`);
}

/**
 * The seed of each image: list entries as given, a given integer counting up by one per image, and
 * for an absent seed (or a null list entry) a value derived from the request, so identical requests
 * reproduce identical images.
 */
export function imageSeeds(req: GenerationRequest): number[] {
	const { seed, num_images: count } = req.params;
	const derived = (hash32('seed', requestFingerprint(req)) % SEED_SPAN) + 1;
	const step = (base: number, i: number) => ((base - 1 + i) % SEED_SPAN) + 1;
	return Array.from({ length: count }, (_, i) => {
		if (Array.isArray(seed)) return seed[i] ?? step(derived, i);
		return step(typeof seed === 'number' ? seed : derived, i);
	});
}
