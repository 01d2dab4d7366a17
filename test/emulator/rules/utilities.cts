// The media utilities' request rules (POST /upscaling, /background-removal, /adetailer, /segment,
// /creative-generator), transcribed from the service's own export (octoml/fern-config,
// fern/apis/image-gen-util/openapi/openapi.json; see test/emulator/README.md "Media utilities").
// Value rules are written in the shared vocabulary (rules/values.cts); rules across fields, which the
// export states in its descriptions, are rows of CROSS_RULES. Written independently of the node's
// field table so a shared mistake cannot hide itself.
import type { ObjectField, ObjectSpec, ValueSpec } from './values.cts';

export const UTILITIES = ['upscaling', 'background-removal', 'adetailer', 'segment', 'creative-generator'] as const;
export type Utility = (typeof UTILITIES)[number];

export const UPSCALING_MODELS = [
	'real-esrgan-x4-plus',
	'real-esrgan-x4-v3',
	'real-esrgan-x4-v3-wdn',
	'real-esrgan-animevideo-v3',
	'real-esrgan-x4-plus-anime',
	'real-esrgan-x2-plus',
] as const;
export const IMAGE_ENCODINGS = ['jpeg', 'png'] as const;
export const ADETAILER_DETECTORS = [
	'face_yolov8n',
	'hand_yolov8n',
	'face_full_mediapipe',
	'face_short_mediapipe',
	'face_mesh_mediapipe',
	'eyes_mesh_mediapipe',
	'face_hair_mediapipe',
] as const;
export const ADETAILER_BASE_MODELS = ['sdxl', 'sd15'] as const;
/** The export's `Scheduler` (17 values; the generation API's list differs). */
export const UTILITY_SCHEDULERS = [
	'PNDM', 'LMS', 'KLMS', 'DDIM', 'DDPM', 'HEUN', 'K_HEUN', 'K_EULER', 'K_EULER_ANCESTRAL', 'DPM_SOLVER_MULTISTEP',
	'DPM_PLUS_PLUS_2M_KARRAS', 'DPM_SINGLE', 'DPM_2', 'DPM_2_ANCESTRAL', 'DPM_PLUS_PLUS_SDE_KARRAS', 'UNI_PC', 'LCM',
] as const;
/** The export's `SDXLStyles` for the creative generator (4 values). */
export const CREATIVE_STYLES = ['base', 'cinematic', 'photographic', 'Advertising'] as const;
/** `driver` -> the `model` values it takes (BackgroundRemovalRequest.model's description). */
export const REMOVAL_MODELS: Record<string, readonly string[]> = {
	birefnet: ['birefnet-dis-epoch540'],
	rembg: ['isnet-general-use', 'u2net', 'u2netp', 'u2net_human_seg', 'u2net_cloth_seg'],
};
/** `init_image` sizes per `inpainting_base_model` (ADetailerRequest.init_image's description). */
export const ADETAILER_RESOLUTIONS: Record<string, readonly string[]> = {
	sdxl: ['640x1536', '768x1344', '832x1216', '896x1152', '1024x1024', '1152x896', '1216x832', '1344x768', '1536x640', '1664x2432', '2048x2048', '2432x1664'],
	sd15: [
		'384x704', '448x576', '512x512', '512x704', '512x768', '512x832', '576x448', '576x768', '576x1024', '640x512', '640x640', '640x768',
		'704x384', '704x1216', '768x512', '768x576', '768x1024', '832x512', '896x896', '1024x576', '1024x768', '1024x1024', '1024x1536',
		'1216x704', '1536x1024',
	],
};
/** Output sizes of the creative generator (CreativeGeneratorRequest.width's description). */
export const CREATIVE_RESOLUTIONS = ['1536x640', '768x1344', '832x1216', '1344x768', '1152x896', '640x1536', '1216x832', '896x1152', '1024x1024'];

const int: ValueSpec = { type: 'integer' };
const SEED: ObjectField = { name: 'seed', type: 'intOrList', items: { type: 'integer', range: { gt: 0, lt: 2 ** 32 } } };
const WEIGHTS: ValueSpec = { type: 'map', values: { type: 'number' } };
const point: ValueSpec = { type: 'list', items: int, minItems: 2, maxItems: 2 };
/** `[x, y]` or a list of them: the route normalizes a single point to a one-item list before checking. */
const POINTS: ValueSpec = { type: 'list', items: point };
const BOX: ValueSpec = { type: 'list', items: point, minItems: 2, maxItems: 2 };
const BYTE: ValueSpec = { type: 'integer', range: { ge: 0, le: 255 } };

/** Request bodies, field by field; every field of the export is here and no other. */
export const REQUESTS: Record<Utility, ObjectSpec> = {
	upscaling: {
		type: 'object',
		fields: [
			{ name: 'init_image', type: 'image' },
			{ name: 'init_image_url', type: 'string' },
			{ name: 'model', type: 'enum', values: UPSCALING_MODELS },
			{ name: 'scale', type: 'number' },
			{ name: 'output_image_width', type: 'integer' },
			{ name: 'output_image_height', type: 'integer' },
			{ name: 'face_enhance', type: 'boolean' },
			{ name: 'output_image_encoding', type: 'enum', values: IMAGE_ENCODINGS },
		],
	},
	'background-removal': {
		type: 'object',
		fields: [
			{ name: 'init_image', type: 'image' },
			{ name: 'init_image_url', type: 'string' },
			{ name: 'driver', type: 'string' },
			{ name: 'model', type: 'string' },
			{ name: 'only_mask', type: 'boolean' },
			{ name: 'post_process_mask', type: 'boolean' },
			{ name: 'bgcolor', type: 'list', items: int, minItems: 4, maxItems: 4 },
			{ name: 'alpha_matting', type: 'boolean' },
			{ name: 'alpha_matting_foreground_threshold', ...BYTE },
			{ name: 'alpha_matting_background_threshold', ...BYTE },
			{ name: 'alpha_matting_erode_size', ...BYTE },
			{ name: 'output_image_encoding', type: 'enum', values: ['png'] },
		],
	},
	adetailer: {
		type: 'object',
		fields: [
			{ name: 'init_image', type: 'image' },
			{ name: 'init_image_url', type: 'string' },
			{ name: 'detector', type: 'enum', values: ADETAILER_DETECTORS, required: true },
			{ name: 'confidence', type: 'number' },
			{ name: 'max_num_detections', type: 'integer' },
			{ name: 'inpainting_base_model', type: 'enum', values: ADETAILER_BASE_MODELS },
			{ name: 'prompt', type: 'string' },
			{ name: 'negative_prompt', type: 'string' },
			{ name: 'checkpoint', type: 'string' },
			{ name: 'loras', ...WEIGHTS },
			{ name: 'style_preset', type: 'string' },
			{ name: 'sampler', type: 'enum', values: UTILITY_SCHEDULERS },
			{ name: 'steps', type: 'integer' },
			{ name: 'cfg_scale', type: 'number', range: { gt: 0, le: 50 } },
			{ name: 'strength', type: 'number', range: { gt: 0, le: 1 } },
			SEED,
			{ name: 'use_refiner', type: 'boolean' },
			{ name: 'union_masks', type: 'boolean' },
			{ name: 'mask_blur', type: 'integer', range: { ge: 0 } },
			{ name: 'mask_dilation', type: 'integer', range: { ge: 0 } },
			{ name: 'mask_padding', type: 'integer', range: { ge: 0 } },
			{ name: 'transfer_images', type: 'map', values: { type: 'list', items: { type: 'image' } } },
			{ name: 'image_encoding', type: 'enum', values: IMAGE_ENCODINGS },
		],
	},
	segment: {
		type: 'object',
		fields: [
			// Required and nullable in the export: present as null when the image comes by URL.
			{ name: 'image_b64', type: 'image', presentNullable: true },
			{ name: 'image_url', type: 'string' },
			{ name: 'prompt', type: 'string' },
			{ name: 'bounding_box', ...BOX },
			{ name: 'foreground_points', ...POINTS },
			{ name: 'background_points', ...POINTS },
			{ name: 'max_num_bounds', type: 'integer' },
			{ name: 'max_num_masks', type: 'integer' },
			{ name: 'prompt_object_detection_threshold', type: 'number' },
			{ name: 'prompt_token_detection_threshold', type: 'number' },
		],
	},
	'creative-generator': {
		type: 'object',
		fields: [
			{ name: 'product_image_b64', type: 'image', required: true },
			{ name: 'target_product_height_px', type: 'integer', range: { ge: 10 }, required: true },
			{ name: 'prompt', type: 'string', maxLength: 10_000, required: true },
			{ name: 'negative_prompt', type: 'string', maxLength: 10_000 },
			{ name: 'width', type: 'integer' },
			{ name: 'height', type: 'integer' },
			{ name: 'num_images', type: 'integer', range: { gt: 0, le: 16 } },
			{ name: 'rotate_deg', type: 'number', range: { ge: -360, le: 360 } },
			{ name: 'style_preset', type: 'enum', values: CREATIVE_STYLES },
			{ name: 'loras', ...WEIGHTS },
			SEED,
		],
	},
};

/** SegmenterRequest is the one export without `additionalProperties: false`: unknown keys are ignored there. */
export const OPEN_REQUESTS: ReadonlySet<Utility> = new Set(['segment']);

/** Defaults the export gives, filled in after validation. */
export const DEFAULTS: Record<Utility, Record<string, unknown>> = {
	upscaling: { model: 'real-esrgan-x4-plus', face_enhance: false, output_image_encoding: 'jpeg' },
	'background-removal': {
		driver: 'birefnet',
		only_mask: false,
		post_process_mask: true,
		alpha_matting: false,
		alpha_matting_foreground_threshold: 240,
		alpha_matting_background_threshold: 10,
		alpha_matting_erode_size: 10,
		output_image_encoding: 'png',
	},
	adetailer: {
		confidence: 0.3,
		inpainting_base_model: 'sdxl',
		prompt: '',
		negative_prompt: 'Blurry photo, distortion, low-res, bad quality',
		style_preset: 'base',
		sampler: 'K_EULER_ANCESTRAL',
		steps: 20,
		cfg_scale: 7.5,
		strength: 0.9,
		use_refiner: false,
		union_masks: false,
		mask_blur: 4,
		mask_dilation: 4,
		mask_padding: 32,
		image_encoding: 'jpeg',
	},
	segment: { max_num_bounds: 0, max_num_masks: 0, prompt_object_detection_threshold: 0.35, prompt_token_detection_threshold: 0.25 },
	'creative-generator': { width: 1024, height: 1024, num_images: 1, rotate_deg: 0, style_preset: 'cinematic' },
};

type Body = Record<string, unknown>;
const given = (b: Body, key: string) => b[key] !== undefined && b[key] !== null;

/** A rule across fields of a body that passed its value rules: broken -> one value_error at `loc`. */
export interface UtilityRule {
	utility: Utility;
	/** A short name, used by the tests that walk every rule. */
	id: string;
	loc: string[];
	broken: (body: Body) => boolean;
	msg: string;
}

const oneImage = (utility: Utility, b64: string, url: string): UtilityRule[] => [
	{ utility, id: `${utility}:image-required`, loc: ['body', b64], broken: (b) => !given(b, b64) && !given(b, url), msg: `give ${b64} or ${url}` },
	{ utility, id: `${utility}:image-once`, loc: ['body', url], broken: (b) => given(b, b64) && given(b, url), msg: `give either ${b64} or ${url}, not both` },
	{ utility, id: `${utility}:url-scheme`, loc: ['body', url], broken: (b) => given(b, url) && !/^https?:\/\//i.test(String(b[url])), msg: `${url} must be an http or https URL` },
];

const pair = (b: Body, table: readonly string[]) => table.includes(`${String(b.width ?? 1024)}x${String(b.height ?? 1024)}`);

export const CROSS_RULES: UtilityRule[] = [
	...oneImage('upscaling', 'init_image', 'init_image_url'),
	{
		utility: 'upscaling',
		id: 'upscaling:one-size',
		loc: ['body', 'scale'],
		broken: (b) => ['scale', 'output_image_width', 'output_image_height'].filter((k) => given(b, k)).length > 1,
		msg: 'give only one of scale, output_image_width and output_image_height',
	},
	{
		utility: 'upscaling',
		id: 'upscaling:positive-size',
		loc: ['body', 'scale'],
		broken: (b) => ['scale', 'output_image_width', 'output_image_height'].some((k) => given(b, k) && Number(b[k]) <= 0),
		msg: 'the output size must be positive',
	},
	...oneImage('background-removal', 'init_image', 'init_image_url'),
	{
		utility: 'background-removal',
		id: 'background-removal:driver',
		loc: ['body', 'driver'],
		broken: (b) => given(b, 'driver') && !(String(b.driver) in REMOVAL_MODELS),
		msg: 'driver must be rembg or birefnet',
	},
	{
		utility: 'background-removal',
		id: 'background-removal:model',
		loc: ['body', 'model'],
		broken: (b) => given(b, 'model') && !(REMOVAL_MODELS[String(b.driver ?? 'birefnet')] ?? []).includes(String(b.model)),
		msg: 'model must match the driver: birefnet-dis-epoch540 for birefnet; isnet-general-use, u2net, u2netp, u2net_human_seg or u2net_cloth_seg for rembg',
	},
	{
		utility: 'background-removal',
		id: 'background-removal:alpha-matting',
		loc: ['body', 'alpha_matting'],
		broken: (b) => b.alpha_matting === true && (b.driver ?? 'birefnet') !== 'rembg',
		msg: 'alpha_matting may be true only for the rembg driver',
	},
	...oneImage('adetailer', 'init_image', 'init_image_url'),
	{
		utility: 'adetailer',
		id: 'adetailer:transfer-keys',
		loc: ['body', 'transfer_images'],
		broken: (b) => given(b, 'transfer_images') && Object.keys(b.transfer_images as Body).some((k) => !/^\d+$/.test(k)),
		msg: 'transfer_images keys are face indexes (0, 1, ...)',
	},
	...oneImage('segment', 'image_b64', 'image_url'),
	{
		utility: 'segment',
		id: 'segment:one-query',
		loc: ['body', 'prompt'],
		broken: (b) => [given(b, 'prompt'), given(b, 'bounding_box'), given(b, 'foreground_points') || given(b, 'background_points')].filter(Boolean).length !== 1,
		msg: 'give exactly one of prompt, bounding_box, and (foreground_points, background_points)',
	},
	{
		utility: 'creative-generator',
		id: 'creative-generator:resolution',
		loc: ['body', 'width'],
		broken: (b) => !pair(b, CREATIVE_RESOLUTIONS),
		msg: `width x height must be one of ${CREATIVE_RESOLUTIONS.join(', ')}`,
	},
	{
		utility: 'creative-generator',
		id: 'creative-generator:product-fits',
		loc: ['body', 'target_product_height_px'],
		broken: (b) => Number(b.target_product_height_px) > Number(b.height ?? 1024),
		msg: 'target_product_height_px must not exceed the output height',
	},
];

/** The rule that needs the decoded init image: its size must suit the inpainting base model. */
export function adetailerSizeProblem(model: string, width: number, height: number): string | undefined {
	const sizes = ADETAILER_RESOLUTIONS[model] ?? [];
	return sizes.includes(`${width}x${height}`) ? undefined : `init_image is ${width}x${height}; ${model} takes ${sizes.join(', ')}`;
}
