/**
 * The engine table: every fact about the OctoAI image engines that the nodes rely on, in one place.
 * Field definitions, request validation, README tables and tests are all derived from this file
 * (see ../../../shared/reference/octoai-api.md for the contract each row transcribes).
 */

export type EngineId = 'sdxl' | 'sd' | 'controlnet-sdxl' | 'controlnet-sd15';

/** Request fields that only some engines take; everything else is common to all four engines. */
export type EngineOnlyField =
	| 'prompt_2'
	| 'negative_prompt_2'
	| 'use_refiner'
	| 'high_noise_frac'
	| 'style_preset'
	| 'controlnet';

export type Resolution = readonly [width: number, height: number];

export interface EngineSpec {
	id: EngineId;
	/** n8n node type name (without the package prefix) and what users see. */
	nodeName: string;
	displayName: string;
	description: string;
	/** API path under the image base URL. */
	path: string;
	/** Supported (width, height) pairs; the first one is the default. */
	resolutions: readonly Resolution[];
	/** CLIP token budget for a prompt (weights and brackets do not count). */
	promptTokenLimit: number;
	/** Engine-specific fields this engine accepts. */
	fields: ReadonlySet<EngineOnlyField>;
	/** Public ControlNets offered in the dropdown (ControlNet engines only). */
	controlNets?: readonly string[];
	/**
	 * The asset library's engine name of the base model family: checkpoints, LoRAs, textual inversions
	 * and VAEs built for it fit this engine (ControlNet engines take their base family's assets).
	 */
	assetEngine: string;
}

const SDXL_RESOLUTIONS: readonly Resolution[] = [
	[1024, 1024],
	[896, 1152],
	[832, 1216],
	[768, 1344],
	[640, 1536],
	[1536, 640],
	[1344, 768],
	[1216, 832],
	[1152, 896],
];

// The SDK's 25 SD 1.5 pairs; a superset of the 9 the public docs name (the reference says accept it).
const SD15_RESOLUTIONS: readonly Resolution[] = [
	[512, 512],
	[640, 512],
	[768, 512],
	[512, 704],
	[512, 768],
	[576, 768],
	[640, 768],
	[576, 1024],
	[1024, 576],
	[384, 704],
	[448, 576],
	[512, 832],
	[576, 448],
	[640, 640],
	[704, 384],
	[704, 1216],
	[768, 576],
	[768, 1024],
	[832, 512],
	[896, 896],
	[1024, 768],
	[1024, 1024],
	[1024, 1536],
	[1216, 704],
	[1536, 1024],
];

const SDXL_FIELDS: ReadonlySet<EngineOnlyField> = new Set([
	'prompt_2',
	'negative_prompt_2',
	'use_refiner',
	'high_noise_frac',
	'style_preset',
]);

export const ENGINES: Readonly<Record<EngineId, EngineSpec>> = {
	sdxl: {
		id: 'sdxl',
		nodeName: 'octoAiSdxl',
		displayName: 'OctoAI SDXL',
		description: 'Generate images with Stable Diffusion XL 1.0 on OctoAI',
		path: '/generate/sdxl',
		resolutions: SDXL_RESOLUTIONS,
		promptTokenLimit: 77,
		fields: SDXL_FIELDS,
		assetEngine: 'image/stable-diffusion-xl-v1-0',
	},
	sd: {
		id: 'sd',
		nodeName: 'octoAiSd15',
		displayName: 'OctoAI SD 1.5',
		description: 'Generate images with Stable Diffusion 1.5 on OctoAI',
		path: '/generate/sd',
		resolutions: SD15_RESOLUTIONS,
		promptTokenLimit: 231,
		fields: new Set(),
		assetEngine: 'image/stable-diffusion-v1-5',
	},
	'controlnet-sdxl': {
		id: 'controlnet-sdxl',
		nodeName: 'octoAiControlNetSdxl',
		displayName: 'OctoAI ControlNet SDXL',
		description: 'Generate SDXL images guided by a control image (edges, depth, pose) on OctoAI',
		path: '/generate/controlnet-sdxl',
		resolutions: SDXL_RESOLUTIONS,
		promptTokenLimit: 77,
		fields: new Set([...SDXL_FIELDS, 'controlnet']),
		// The reference names octoai:canny_sdxl; depth and openpose follow the public library's naming.
		controlNets: ['octoai:canny_sdxl', 'octoai:depth_sdxl', 'octoai:openpose_sdxl'],
		assetEngine: 'image/stable-diffusion-xl-v1-0',
	},
	'controlnet-sd15': {
		id: 'controlnet-sd15',
		nodeName: 'octoAiControlNetSd15',
		displayName: 'OctoAI ControlNet SD 1.5',
		description: 'Generate SD 1.5 images guided by a control image (edges, depth, pose) on OctoAI',
		path: '/generate/controlnet-sd15',
		resolutions: SD15_RESOLUTIONS,
		promptTokenLimit: 231,
		fields: new Set(['controlnet']),
		controlNets: ['octoai:canny_sd15', 'octoai:depth_sd15', 'octoai:openpose_sd15'],
		assetEngine: 'image/stable-diffusion-v1-5',
	},
};

/** Numeric request fields: bounds from the reference (exclusive where it says "> 0"). */
export interface NumberLimit {
	min: number;
	minExclusive?: boolean;
	/** Absent where the reference states no upper bound. */
	max?: number;
	maxExclusive?: boolean;
	integer?: boolean;
}

export const LIMITS = {
	cfg_scale: { min: 0, minExclusive: true, max: 50 },
	steps: { min: 0, minExclusive: true, max: 200, integer: true },
	num_images: { min: 1, max: 16, integer: true },
	seed: { min: 0, minExclusive: true, max: 2 ** 32, maxExclusive: true, integer: true },
	strength: { min: 0, minExclusive: true, max: 1 },
	high_noise_frac: { min: 0, max: 1 },
	clip_skip: { min: 0, integer: true },
	inpaint_full_res_padding: { min: 0, integer: true },
	controlnet_conditioning_scale: { min: 0 },
	controlnet_early_stop: { min: 0, max: 1 },
} as const satisfies Record<string, NumberLimit>;

/** The API's defaults, used when the user leaves a field unset (and shown as field defaults). */
export const DEFAULTS = {
	sampler: 'DDIM',
	steps: 30,
	cfg_scale: 12,
	num_images: 1,
	strength: 0.8,
	high_noise_frac: 0.8,
	controlnet_conditioning_scale: 1,
	image_encoding: 'png',
} as const;

/** Checkpoints whose own defaults replace the API's (used unless the user sets the field). */
export const CHECKPOINT_DEFAULTS: Readonly<Record<string, { steps: number; cfg_scale: number }>> = {
	'octoai:lightning_sdxl': { steps: 8, cfg_scale: 3 },
};

export const LIGHTNING_CHECKPOINT = 'octoai:lightning_sdxl';

/** Samplers: the public docs' regular and premium (2x price) lists, then the SDK-only values. */
export const SAMPLERS: ReadonlyArray<{ value: string; premium?: boolean; sdkOnly?: boolean }> = [
	{ value: 'DDIM' },
	{ value: 'DDPM' },
	{ value: 'DPM_PLUS_PLUS_2M_KARRAS' },
	{ value: 'DPM_SINGLE' },
	{ value: 'DPM_SOLVER_MULTISTEP' },
	{ value: 'K_EULER' },
	{ value: 'K_EULER_ANCESTRAL' },
	{ value: 'PNDM' },
	{ value: 'UNI_PC' },
	{ value: 'DPM_2', premium: true },
	{ value: 'DPM_2_ANCESTRAL', premium: true },
	{ value: 'DPM_PLUS_PLUS_SDE_KARRAS', premium: true },
	{ value: 'HEUN', premium: true },
	{ value: 'KLMS', premium: true },
	{ value: 'LMS', sdkOnly: true },
	{ value: 'K_HEUN', sdkOnly: true },
	{ value: 'DPM_PLUS_PLUS_2M_SDE', sdkOnly: true },
	{ value: 'DPM_PLUS_PLUS_2M_SDE_KARRAS', sdkOnly: true },
	{ value: 'DPM_2_KARRAS', sdkOnly: true },
	{ value: 'DPM_2_ANCESTRAL_KARRAS', sdkOnly: true },
	{ value: 'LCM', sdkOnly: true },
];

/** SDXL style presets, exactly as the API spells them (case-sensitive). */
export const STYLE_PRESETS: readonly string[] = [
	'base', '3d-model', 'analog-film', 'anime', 'cinematic', 'comic-book', 'Craft Clay',
	'modeling-compound', 'digital-art', 'enhance', 'fantasy-art', 'isometric', 'line-art', 'low-poly',
	'neon-punk', 'origami', 'photographic', 'pixel-art', 'tile-texture', 'Advertising',
	'Food Photography', 'Real Estate', 'Abstract', 'Cubist', 'Graffiti', 'Hyperrealism', 'Impressionist',
	'Pointillism', 'Pop Art', 'Psychedelic', 'Renaissance', 'Steampunk', 'Surrealist', 'Typography',
	'Watercolor', 'Fighting Game', 'GTA', 'Super Mario', 'Minecraft', 'Pokémon', 'Retro Arcade',
	'Retro Game', 'RPG Fantasy Game', 'Strategy Game', 'Street Fighter', 'Legend of Zelda',
	'Architectural', 'Disco', 'Dreamscape', 'Dystopian', 'Fairy Tale', 'Gothic', 'Grunge', 'Horror',
	'Minimalist', 'Monochrome', 'Nautical', 'Space', 'Stained Glass', 'Techwear Fashion', 'Tribal',
	'Zentangle', 'Collage', 'Flat Papercut', 'Kirigami', 'Paper Mache', 'Paper Quilling',
	'Papercut Collage', 'Papercut Shadow Box', 'Stacked Papercut', 'Thick Layered Papercut', 'Alien',
	'Film Noir', 'HDR', 'Long Exposure', 'Neon Noir', 'Silhouette', 'Tilt-Shift',
];

export const IMAGE_ENCODINGS = ['png', 'jpeg'] as const;
export type ImageEncoding = (typeof IMAGE_ENCODINGS)[number];

export function supportsResolution(engine: EngineSpec, width: number, height: number): boolean {
	return engine.resolutions.some(([w, h]) => w === width && h === height);
}

export function formatResolution([width, height]: Resolution): string {
	return `${width}x${height}`;
}
