/**
 * The Stable Video Diffusion request, one row per request field (in the spirit of the request-field
 * registry): wire key, node parameter and where it sits, label, limits, the API's default and help.
 * The node's fields, the item reader and the output echo are all derived from these rows.
 *
 * Facts (the service's own export of POST /generate/svd, `VideoGenerationRequest`): `image` (base64)
 * is required; width x height is one of 576x1024, 1024x576, 768x768, inferred from the image when
 * absent; steps 25 (1-50); cfg_scale 3 (0 < x <= 10); fps 7 (1-25); motion_scale 0.5 (0-1);
 * noise_aug_strength 0.02 (0-1); num_videos 1 (1-16); seed an integer 0 < seed < 2^32 or a list of
 * them; constant_rate_factor 23 (0-51, H.264's quality scale: 0 lossless, 51 worst). The answer holds
 * `videos[]` of {video (base64 MP4, or null when removed for safety), seed, removed_for_safety,
 * safety_score} and `prediction_time_ms`.
 */
import type { NumberLimit } from '../fields/registry/values';
import type { WaitMode } from '../fields/run-options';

export const SVD_PATH = '/generate/svd';

/**
 * The node's Wait Mode unless the user picks another: a video takes minutes, and a connection held
 * open that long is cut by proxies and load balancers on the way (and holds a socket per item), so
 * the node submits it asynchronously and polls.
 */
export const SVD_WAIT_MODE: WaitMode = 'async';

/** Supported sizes; 'auto' leaves width and height out so the API picks the one nearest the image's shape. */
export const SVD_RESOLUTIONS = ['1024x576', '576x1024', '768x768'] as const;

export interface VideoNumberField {
	wire: string;
	name: string;
	label: string;
	/** Top-level fields are always sent; Options entries only when the user adds them. */
	place: 'top' | 'options';
	limit: NumberLimit;
	default: number;
	precision?: number;
	description: string;
}

export const SVD_NUMBER_FIELDS: readonly VideoNumberField[] = [
	{
		wire: 'num_videos', name: 'numVideos', label: 'Number of Videos', place: 'top',
		limit: { min: 1, max: 16, integer: true }, default: 1,
		description: 'Videos to make from the image, each with its own seed',
	},
	{
		wire: 'motion_scale', name: 'motionScale', label: 'Motion Scale', place: 'top',
		limit: { min: 0, max: 1 }, default: 0.5, precision: 2,
		description: 'How much the picture moves: 0 keeps it still, 1 moves it most',
	},
	{
		wire: 'fps', name: 'fps', label: 'Frames per Second', place: 'top',
		limit: { min: 1, max: 25, integer: true }, default: 7,
		description: 'Playback rate of the video; the number of frames does not change, so a higher rate gives a shorter video',
	},
	{
		wire: 'steps', name: 'steps', label: 'Steps', place: 'options',
		limit: { min: 1, max: 50, integer: true }, default: 25,
		description: 'Denoising steps: more can add detail and take longer',
	},
	{
		wire: 'cfg_scale', name: 'cfgScale', label: 'CFG Scale', place: 'options',
		limit: { min: 0, minExclusive: true, max: 10 }, default: 3, precision: 1,
		description: 'How closely the video keeps to the input image',
	},
	{
		wire: 'noise_aug_strength', name: 'noiseAugStrength', label: 'Noise Augmentation Strength', place: 'options',
		limit: { min: 0, max: 1 }, default: 0.02, precision: 3,
		description: 'Noise added to the input image first: higher values let the video stray further from it',
	},
	{
		wire: 'constant_rate_factor', name: 'constantRateFactor', label: 'Constant Rate Factor', place: 'options',
		limit: { min: 0, max: 51, integer: true }, default: 23,
		description: 'H.264 quality: 0 is lossless, 23 the default, 51 the worst; lower values give larger files',
	},
];

/** Labels of the fields that are not plain numbers, for errors. */
export const SVD_LABELS = { image: 'Input Image', resolution: 'Resolution', seed: 'Seed' } as const;

/** The wire body the node sends (VideoGenerationRequest). */
export interface VideoRequestBody {
	image: string;
	width?: number;
	height?: number;
	seed?: number | number[];
	num_videos?: number;
	[wire: string]: string | number | number[] | undefined;
}
