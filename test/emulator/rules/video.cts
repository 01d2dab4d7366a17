// The request-field table of POST /generate/svd (Stable Video Diffusion), transcribed from the
// service's own export (reference Part C.2, which wins over the SDK's Part B §2.3): every field,
// its default and its limits. The SVD validator (validation/video.cts) is built from these rows.
import type { ObjectField, ObjectSpec } from './values.cts';

/** The (width, height) pairs SVD renders; a request without a size gets the one nearest the image's shape. */
export const SVD_RESOLUTIONS: ReadonlyArray<readonly [number, number]> = [
	[576, 1024],
	[1024, 576],
	[768, 768],
];

/**
 * Frames per video: SVD-XT, the model the service ran, always produces 25 frames, whatever the
 * steps or fps (fps only sets the playback rate), so a video lasts 25 / fps seconds.
 */
export const SVD_FRAMES = 25;

type VideoField = ObjectField & { default?: number };

export const SVD_FIELDS: VideoField[] = [
	{ name: 'image', type: 'image', required: true },
	{ name: 'width', type: 'integer' },
	{ name: 'height', type: 'integer' },
	{ name: 'steps', type: 'integer', range: { ge: 1, le: 50 }, default: 25 },
	{ name: 'cfg_scale', type: 'number', range: { gt: 0, le: 10 }, default: 3 },
	{ name: 'fps', type: 'integer', range: { ge: 1, le: 25 }, default: 7 },
	{ name: 'motion_scale', type: 'number', range: { ge: 0, le: 1 }, default: 0.5 },
	{ name: 'noise_aug_strength', type: 'number', range: { ge: 0, le: 1 }, default: 0.02 },
	{ name: 'num_videos', type: 'integer', range: { ge: 1, le: 16 }, default: 1 },
	{ name: 'seed', type: 'intOrList', items: { type: 'integer', range: { gt: 0, lt: 2 ** 32 } } },
	// The H.264 quality scale: 0 lossless, 51 worst.
	{ name: 'constant_rate_factor', type: 'integer', range: { ge: 0, le: 51 }, default: 23 },
];

export const SVD_REQUEST: ObjectSpec = { type: 'object', fields: SVD_FIELDS };

/** A validated SVD request with every default applied. */
export interface VideoParams {
	width: number;
	height: number;
	steps: number;
	cfg_scale: number;
	fps: number;
	motion_scale: number;
	noise_aug_strength: number;
	num_videos: number;
	seed?: number | Array<number | null>;
	constant_rate_factor: number;
}
