// Engines and their resolution tables, transcribed from reference/octoai-api.md (Part A and §2.2).

/** A width x height pair, written `WxH`. */
export type Resolution = `${number}x${number}`;

const SDXL_FAMILY_SIZES: Resolution[] = [
	'640x1536', '768x1344', '832x1216', '896x1152', '1024x1024', '1152x896', '1216x832', '1344x768', '1536x640',
];

// The SDK's 25 pairs; the 9 the public docs name are all among them.
const SD15_SIZES: Resolution[] = [
	'384x704', '448x576', '512x512', '512x704', '512x768', '512x832', '576x448', '576x768', '576x1024',
	'640x512', '640x640', '640x768', '704x384', '704x1216', '768x512', '768x576', '768x1024', '832x512',
	'896x896', '1024x576', '1024x768', '1024x1024', '1024x1536', '1216x704', '1536x1024',
];

const FLUX_SIZES: Resolution[] = [
	'512x512', '576x1024', '640x1536', '768x1024', '768x1344', '832x1216', '896x1152', '1024x576',
	'1024x768', '1024x1024', '1152x896', '1216x832', '1344x768', '1536x640',
];

/** One image engine served at `POST /generate/{id}`. */
export interface EngineRule {
	id: EngineId;
	/** Supported width x height pairs. */
	resolutions: readonly Resolution[];
	defaultWidth: number;
	defaultHeight: number;
	/** Needs `controlnet_image` (reference: "Required for controlnet engines"). */
	controlnet: boolean;
	/**
	 * The asset-library `BaseEngine` of the model family this engine runs: checkpoints, LoRAs, textual
	 * inversions and VAEs must be built for it. ControlNet engines take their base family's assets.
	 */
	assetEngine: string;
	/** The `BaseEngine` a ControlNet must be built for (ControlNet engines only). */
	controlnetEngine?: string;
}

export const ENGINE_IDS = ['sdxl', 'sd', 'controlnet-sdxl', 'controlnet-sd15', 'sd3', 'flux-dev', 'flux-schnell'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

/** The engine table: one row per engine. */
export const ENGINES: Record<EngineId, EngineRule> = {
	sdxl: row('sdxl', SDXL_FAMILY_SIZES, 1024, false, 'image/stable-diffusion-xl-v1-0'),
	sd: row('sd', SD15_SIZES, 512, false, 'image/stable-diffusion-v1-5'),
	'controlnet-sdxl': { ...row('controlnet-sdxl', SDXL_FAMILY_SIZES, 1024, true, 'image/stable-diffusion-xl-v1-0'), controlnetEngine: 'image/controlnet-sdxl' },
	'controlnet-sd15': { ...row('controlnet-sd15', SD15_SIZES, 512, true, 'image/stable-diffusion-v1-5'), controlnetEngine: 'image/controlnet-sd15' },
	sd3: row('sd3', SDXL_FAMILY_SIZES, 1024, false, 'image/stable-diffusion-v3-medium'),
	'flux-dev': row('flux-dev', FLUX_SIZES, 1024, false, 'image/flux-dev'),
	'flux-schnell': row('flux-schnell', FLUX_SIZES, 1024, false, 'image/flux-schnell'),
};

function row(id: EngineId, resolutions: Resolution[], side: number, controlnet: boolean, assetEngine: string): EngineRule {
	return { id, resolutions, defaultWidth: side, defaultHeight: side, controlnet, assetEngine };
}

/** Named engine sets used by the field table's "engine notes" column. */
export const ENGINE_SETS = {
	all: ENGINE_IDS,
	sdxlOnly: ['sdxl', 'controlnet-sdxl'],
	controlnetOnly: ['controlnet-sdxl', 'controlnet-sd15'],
	notSd3OrFlux: ['sdxl', 'sd', 'controlnet-sdxl', 'controlnet-sd15'],
	notFlux: ['sdxl', 'sd', 'controlnet-sdxl', 'controlnet-sd15', 'sd3'],
	notSd3: ['sdxl', 'sd', 'controlnet-sdxl', 'controlnet-sd15', 'flux-dev', 'flux-schnell'],
} as const satisfies Record<string, readonly EngineId[]>;

export type EngineSetName = keyof typeof ENGINE_SETS;

/** Defaults the reference states for the SDXL Lightning checkpoint (fewer steps, lower cfg). */
export const LIGHTNING_CHECKPOINT = 'octoai:lightning_sdxl';

/** Finds an engine row by its path segment, or undefined for an unknown engine. */
export function findEngine(id: string): EngineRule | undefined {
	return Object.prototype.hasOwnProperty.call(ENGINES, id) ? ENGINES[id as EngineId] : undefined;
}
