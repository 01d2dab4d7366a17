import type { INodePropertyOptions } from 'n8n-workflow';

import { ASSET_ENGINES } from '../fields/engines';

/** Asset kinds a user creates for image generation (reference §4 `AssetType`; `latent` is audio-only). */
export const ASSET_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'Checkpoint', value: 'checkpoint' },
	{ name: 'File', value: 'file', description: 'A plain file, e.g. a training image for fine-tuning' },
	{ name: 'LoRA', value: 'lora' },
	{ name: 'Textual Inversion', value: 'textual_inversion' },
	{ name: 'VAE', value: 'vae' },
];

/** Names of a user's own assets: letters, digits, "_" and "-" (no colon, so `owner:name` stays unambiguous). */
export const ASSET_NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
/** Longest asset name the API takes. */
export const ASSET_NAME_MAX = 64;
/** Longest tune name the API takes. */
export const TUNE_NAME_MAX = 128;

/** Asset kinds that hold model weights (everything but `file`): they need an engine and are safetensors or pt. */
export const MODEL_ASSET_TYPES = ['checkpoint', 'lora', 'textual_inversion', 'vae'];

/** Asset kinds that carry trigger words. */
export const TRIGGER_WORD_ASSET_TYPES = ['lora', 'textual_inversion'];

/** The image engines of the API's `BaseEngine` enum (reference §4), which image assets are built for. */
export const IMAGE_ENGINE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'ControlNet SD 1.5', value: 'image/controlnet-sd15' },
	{ name: 'ControlNet SDXL', value: 'image/controlnet-sdxl' },
	{ name: 'FLUX.1 Dev', value: ASSET_ENGINES.fluxDev },
	{ name: 'FLUX.1 Schnell', value: ASSET_ENGINES.fluxSchnell },
	{ name: 'SD 1.5', value: ASSET_ENGINES.sd15 },
	{ name: 'SD3 Medium', value: ASSET_ENGINES.sd3 },
	{ name: 'SDXL', value: ASSET_ENGINES.sdxl },
	{ name: 'SSD-1B', value: 'image/stable-diffusion-ssd' },
];

export const DATA_TYPE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'FP16', value: 'fp16' },
	{ name: 'FP32', value: 'fp32' },
	{ name: 'INT4', value: 'int4' },
	{ name: 'INT8', value: 'int8' },
];

/** `FileFormat`: the formats of model weights. */
export const MODEL_FILE_FORMAT_OPTIONS: INodePropertyOptions[] = [
	{ name: 'PyTorch (.pt)', value: 'pt' },
	{ name: 'Safetensors', value: 'safetensors' },
];

/** `FileExtension`: the formats a `file` asset may declare. */
export const FILE_EXTENSIONS = ['jpeg', 'jpg', 'jsonl', 'mp3', 'png', 'txt', 'wav'];

/**
 * The model families a LoRA can be fine-tuned on, each with the public base checkpoint used when the
 * user picks none. Engines come from the engine table, so the tune's LoRA fits those engine nodes.
 */
export const TUNE_BASES = [
	{ name: 'SD 1.5', engine: ASSET_ENGINES.sd15, defaultCheckpoint: 'octoai:default-sd15' },
	{ name: 'SDXL', engine: ASSET_ENGINES.sdxl, defaultCheckpoint: 'octoai:default-sdxl' },
] as const;

/** Display name of an asset engine value, for messages. */
export function engineLabel(engine: string | undefined): string {
	return IMAGE_ENGINE_OPTIONS.find((option) => option.value === engine)?.name ?? engine ?? 'no engine';
}
