/**
 * The Stable Video Diffusion request, one row per request field in the registry's row shape
 * (fields/registry/types.ts): wire key, node parameter and where it sits, label, limits, the API's
 * default and help.
 *
 * Facts (the service's own export of POST /generate/svd, `VideoGenerationRequest`): `image` (base64)
 * is required; width x height is one of 576x1024, 1024x576, 768x768, inferred from the image when
 * absent; steps 25 (1-50); cfg_scale 3 (0 < x <= 10); fps 7 (1-25); motion_scale 0.5 (0-1);
 * noise_aug_strength 0.02 (0-1); num_videos 1 (1-16); seed an integer 0 < seed < 2^32 or a list of
 * them; constant_rate_factor 23 (0-51, H.264's quality scale: 0 lossless, 51 worst). The answer holds
 * `videos[]` of {video (base64 MP4, or null when removed for safety), seed, removed_for_safety,
 * safety_score} and `prediction_time_ms`.
 */
import type { FieldRow } from '../fields/registry';
import { SEED_LIMIT } from '../fields/registry/values';
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

const FROM_THE_IMAGE = { name: 'From the Image', description: "The supported size nearest the image's shape" };

/**
 * The request fields of POST /generate/svd, in the editor's order (`main` on top, then Options): the
 * editor's fields, the item reader and the output echo follow from them.
 */
export const SVD_FIELDS: readonly FieldRow[] = [
	{
		wire: 'image', param: 'inputImage', place: 'main', label: 'Input Image', value: { type: 'image' }, default: 'data', required: true,
		description: 'The starting picture: the name of a binary field of the input item, or an expression giving a binary object (e.g. {{ $binary.data }})',
	},
	{
		wire: 'width', param: 'resolution', place: 'main', label: 'Resolution', value: { type: 'size', sizes: SVD_RESOLUTIONS, auto: FROM_THE_IMAGE },
		default: 'auto', description: 'Video size in pixels (width x height)',
	},
	{
		wire: 'num_videos', param: 'numVideos', label: 'Number of Videos', place: 'main',
		value: { type: 'number', limit: { min: 1, max: 16, integer: true } }, default: 1,
		description: 'Videos to make from the image, each with its own seed (API default 1)',
	},
	{
		wire: 'motion_scale', param: 'motionScale', label: 'Motion Scale', place: 'main',
		value: { type: 'number', limit: { min: 0, max: 1 }, precision: 2 }, default: 0.5,
		description: 'How much the picture moves: 0 keeps it still, 1 moves it most (API default 0.5)',
	},
	{
		wire: 'fps', param: 'fps', label: 'Frames per Second', place: 'main',
		value: { type: 'number', limit: { min: 1, max: 25, integer: true } }, default: 7,
		description: 'Playback rate of the video; the number of frames does not change, so a higher rate gives a shorter video (API default 7)',
	},
	{
		wire: 'steps', param: 'steps', label: 'Steps', place: 'options',
		value: { type: 'number', limit: { min: 1, max: 50, integer: true } }, default: 25,
		description: 'Denoising steps: more can add detail and take longer (API default 25)',
	},
	{
		wire: 'cfg_scale', param: 'cfgScale', label: 'CFG Scale', place: 'options',
		value: { type: 'number', limit: { min: 0, minExclusive: true, max: 10 }, precision: 1 }, default: 3,
		description: 'How closely the video keeps to the input image (API default 3)',
	},
	{
		wire: 'noise_aug_strength', param: 'noiseAugStrength', label: 'Noise Augmentation Strength', place: 'options',
		value: { type: 'number', limit: { min: 0, max: 1 }, precision: 3 }, default: 0.02,
		description: 'Noise added to the input image first: higher values let the video stray further from it (API default 0.02)',
	},
	{
		wire: 'constant_rate_factor', param: 'constantRateFactor', label: 'Constant Rate Factor', place: 'options',
		value: { type: 'number', limit: { min: 0, max: 51, integer: true } }, default: 23,
		description: 'H.264 quality: 0 is lossless, 23 the default, 51 the worst; lower values give larger files (API default 23)',
	},
	{
		wire: 'seed', param: 'seed', label: 'Seed', place: 'options', value: { type: 'seed', limit: SEED_LIMIT }, default: '',
		placeholder: 'e.g. 42, or 1, 2, 3 for one per video',
		description: 'Seed for a reproducible video; a list gives each video its own. Empty: random.',
	},
];

/** A row of SVD_FIELDS by its parameter's name. */
export function svdField(param: string): FieldRow {
	const row = SVD_FIELDS.find((r) => r.param === param);
	if (!row) throw new Error(`No Stable Video Diffusion row for "${param}"`);
	return row;
}

/** The wire body the node sends (VideoGenerationRequest). */
export interface VideoRequestBody {
	image: string;
	width?: number;
	height?: number;
	seed?: number | number[];
	num_videos?: number;
	[wire: string]: string | number | number[] | undefined;
}
