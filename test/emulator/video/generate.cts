// Every video of a validated SVD request: deterministic per (input image, parameters, seed).
import { canonicalJson, digestHex, hash32 } from '../images/random.cts';
import type { VideoRequest } from '../validation/video.cts';
import { encodeMp4 } from './encode.cts';
import { videoScene } from './scene.cts';

/** One entry of `videos` in the response (reference Part C.2). */
export interface VideoGeneration {
	video: string | null;
	seed: number;
	removed_for_safety: boolean;
	safety_score: number;
}

const SEED_SPAN = 2 ** 32 - 1;

/**
 * The emulator's stand-in for the safety checker on an image input: a picture that is mostly pure red
 * (mean colour within 8 levels of #ff0000) counts as unsafe, so tests can ask for removed videos.
 */
export function looksUnsafe(rgb: Buffer): boolean {
	const sum = [0, 0, 0];
	for (let i = 0; i < rgb.length; i += 3) {
		sum[0] += rgb[i];
		sum[1] += rgb[i + 1];
		sum[2] += rgb[i + 2];
	}
	const pixels = rgb.length / 3;
	const [r, g, b] = sum.map((s) => s / pixels);
	return r >= 247 && g <= 8 && b <= 8;
}

export async function generateVideos(req: VideoRequest): Promise<VideoGeneration[]> {
	const { seed: _seed, num_videos: count, ...rest } = req.params;
	const fingerprint = digestHex(`svd|${digestHex(req.image.rgb.toString('base64'))}|${req.image.width}x${req.image.height}|${canonicalJson(rest)}`);
	const derived = (hash32('seed', fingerprint) % SEED_SPAN) + 1;
	// As for images: list entries as given (null ones derived), a single seed counting up per video.
	const step = (base: number, i: number) => ((base - 1 + i) % SEED_SPAN) + 1;
	const seed = req.params.seed;
	const seeds = Array.from({ length: count }, (_, i) =>
		Array.isArray(seed) ? (seed[i] ?? step(derived, i)) : step(typeof seed === 'number' ? seed : derived, i),
	);
	if (looksUnsafe(req.image.rgb)) {
		return seeds.map((seed) => ({ video: null, seed, removed_for_safety: true, safety_score: 0.9 + (hash32(fingerprint, seed) % 1000) / 10000 }));
	}
	const videos: VideoGeneration[] = [];
	// One at a time: each encode already uses two threads.
	for (const seed of seeds) {
		const bytes = await encodeMp4(await videoScene(req.image, req.params, seed));
		videos.push({ video: bytes.toString('base64'), seed, removed_for_safety: false, safety_score: (hash32('safety', fingerprint, seed) % 500) / 10000 });
	}
	return videos;
}
