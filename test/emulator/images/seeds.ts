import type { GenerationRequest } from '../validation/validator';
import { canonicalJson, digestHex, hash32 } from './random';

const SEED_SPAN = 2 ** 32 - 1; // valid seeds are 1 .. 2^32-1

/**
 * A digest of what the picture depends on: engine and every field except those that only choose
 * seeds, count or encoding (so image 0 is the same whatever num_images, and PNG/JPEG show the same picture).
 */
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
