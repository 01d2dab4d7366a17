/**
 * The engine table: every fact about one OctoAI image engine that the nodes rely on, one row each.
 * Which request fields an engine takes is stated by its capability tags; the request-field registry
 * (./registry) tags each field with the capability it needs, so field descriptions, request
 * validation, the README's node table and tests all follow from these two tables.
 */

import type { WaitMode } from './run-options';

export type EngineId = 'sdxl' | 'sd' | 'controlnet-sdxl' | 'controlnet-sd15' | 'sd3' | 'flux-dev' | 'flux-schnell';

/**
 * What an engine can take beyond the fields every engine shares (reference §2.1 "Engine notes"):
 * - `negativePrompt`: negative_prompt (all but FLUX)
 * - `classicSd`: the SD 1.5 / SDXL toolbox: sampler, clip_skip, checkpoint, VAE, textual inversions,
 *   outpainting, photo merge (SD3 and FLUX take none of them)
 * - `sdxlText`: SDXL's second text encoder and refiner: prompt_2, negative_prompt_2, use_refiner,
 *   high_noise_frac, style_preset
 * - `loras`: LoRAs (all but SD3)
 * - `mask`: mask_image and full-resolution inpainting (all but SD3)
 * - `controlnet`: the ControlNet fields, with the control image required
 */
export type Capability = 'negativePrompt' | 'classicSd' | 'sdxlText' | 'loras' | 'mask' | 'controlnet';

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
	/** CLIP token budget for a prompt (weights and brackets do not count); absent where the API states none. */
	promptTokenLimit?: number;
	capabilities: ReadonlySet<Capability>;
	/** Public ControlNets offered in the dropdown (ControlNet engines only). */
	controlNets?: readonly string[];
	/**
	 * The asset library's engine name of the base model family: checkpoints, LoRAs, textual inversions
	 * and VAEs built for it fit this engine (ControlNet engines take their base family's assets).
	 */
	assetEngine: string;
	/**
	 * The Wait Mode the node starts with (default "sync"). An engine whose generations take long says
	 * "async", so no connection is held open for minutes (as the video node does, SVD_WAIT_MODE).
	 */
	defaultWaitMode?: WaitMode;
}

/** The asset library's `BaseEngine` names of the model families the engine rows run. */
export const ASSET_ENGINES = {
	sd15: 'image/stable-diffusion-v1-5',
	sdxl: 'image/stable-diffusion-xl-v1-0',
	sd3: 'image/stable-diffusion-v3-medium',
	fluxDev: 'image/flux-dev',
	fluxSchnell: 'image/flux-schnell',
} as const;

// Reference §2.2: SDXL and SD3 share these 9 pairs.
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

// Reference §2.2: the 14 FLUX pairs, the default (1024x1024) first.
const FLUX_RESOLUTIONS: readonly Resolution[] = [
	[1024, 1024],
	[512, 512],
	[576, 1024],
	[640, 1536],
	[768, 1024],
	[768, 1344],
	[832, 1216],
	[896, 1152],
	[1024, 576],
	[1024, 768],
	[1152, 896],
	[1216, 832],
	[1344, 768],
	[1536, 640],
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

const SD15_CAPABILITIES: readonly Capability[] = ['negativePrompt', 'classicSd', 'loras', 'mask'];
const SDXL_CAPABILITIES: readonly Capability[] = [...SD15_CAPABILITIES, 'sdxlText'];
const FLUX_CAPABILITIES: readonly Capability[] = ['loras', 'mask'];

export const ENGINES: Readonly<Record<EngineId, EngineSpec>> = {
	sdxl: {
		id: 'sdxl',
		nodeName: 'octoAiSdxl',
		displayName: 'OctoAI SDXL',
		description: 'Generate images with Stable Diffusion XL 1.0 on OctoAI',
		path: '/generate/sdxl',
		resolutions: SDXL_RESOLUTIONS,
		promptTokenLimit: 77,
		capabilities: new Set(SDXL_CAPABILITIES),
		assetEngine: ASSET_ENGINES.sdxl,
	},
	sd: {
		id: 'sd',
		nodeName: 'octoAiSd15',
		displayName: 'OctoAI SD 1.5',
		description: 'Generate images with Stable Diffusion 1.5 on OctoAI',
		path: '/generate/sd',
		resolutions: SD15_RESOLUTIONS,
		promptTokenLimit: 231,
		capabilities: new Set(SD15_CAPABILITIES),
		assetEngine: ASSET_ENGINES.sd15,
	},
	'controlnet-sdxl': {
		id: 'controlnet-sdxl',
		nodeName: 'octoAiControlNetSdxl',
		displayName: 'OctoAI ControlNet SDXL',
		description: 'Generate SDXL images guided by a control image (edges, depth, pose) on OctoAI',
		path: '/generate/controlnet-sdxl',
		resolutions: SDXL_RESOLUTIONS,
		promptTokenLimit: 77,
		capabilities: new Set([...SDXL_CAPABILITIES, 'controlnet']),
		// The reference names octoai:canny_sdxl; depth and openpose follow the public library's naming.
		controlNets: ['octoai:canny_sdxl', 'octoai:depth_sdxl', 'octoai:openpose_sdxl'],
		assetEngine: ASSET_ENGINES.sdxl,
	},
	'controlnet-sd15': {
		id: 'controlnet-sd15',
		nodeName: 'octoAiControlNetSd15',
		displayName: 'OctoAI ControlNet SD 1.5',
		description: 'Generate SD 1.5 images guided by a control image (edges, depth, pose) on OctoAI',
		path: '/generate/controlnet-sd15',
		resolutions: SD15_RESOLUTIONS,
		promptTokenLimit: 231,
		capabilities: new Set([...SD15_CAPABILITIES, 'controlnet']),
		controlNets: ['octoai:canny_sd15', 'octoai:depth_sd15', 'octoai:openpose_sd15'],
		assetEngine: ASSET_ENGINES.sd15,
	},
	sd3: {
		id: 'sd3',
		nodeName: 'octoAiSd3',
		displayName: 'OctoAI SD3',
		description: 'Generate images with Stable Diffusion 3 Medium on OctoAI',
		path: '/generate/sd3',
		resolutions: SDXL_RESOLUTIONS,
		capabilities: new Set(['negativePrompt']),
		assetEngine: ASSET_ENGINES.sd3,
	},
	'flux-dev': {
		id: 'flux-dev',
		nodeName: 'octoAiFluxDev',
		displayName: 'OctoAI FLUX.1 Dev',
		description: 'Generate images with FLUX.1 [dev] on OctoAI',
		path: '/generate/flux-dev',
		resolutions: FLUX_RESOLUTIONS,
		capabilities: new Set(FLUX_CAPABILITIES),
		assetEngine: ASSET_ENGINES.fluxDev,
	},
	'flux-schnell': {
		id: 'flux-schnell',
		nodeName: 'octoAiFluxSchnell',
		displayName: 'OctoAI FLUX.1 Schnell',
		description: 'Generate images fast with FLUX.1 [schnell] on OctoAI',
		path: '/generate/flux-schnell',
		resolutions: FLUX_RESOLUTIONS,
		capabilities: new Set(FLUX_CAPABILITIES),
		assetEngine: ASSET_ENGINES.fluxSchnell,
	},
};

export const ENGINE_LIST: readonly EngineSpec[] = Object.values(ENGINES);

/** SDXL Lightning: a checkpoint on the sdxl engine, with its own defaults and its own published price. */
export const LIGHTNING_CHECKPOINT = 'octoai:lightning_sdxl';

/** Checkpoints whose own defaults replace the API's (used unless the user sets the field). */
export const CHECKPOINT_DEFAULTS: Readonly<Record<string, { steps: number; cfg_scale: number }>> = {
	[LIGHTNING_CHECKPOINT]: { steps: 8, cfg_scale: 3 },
};

export function supportsResolution(engine: EngineSpec, width: number, height: number): boolean {
	return engine.resolutions.some(([w, h]) => w === width && h === height);
}

export function formatResolution([width, height]: Resolution): string {
	return `${width}x${height}`;
}
