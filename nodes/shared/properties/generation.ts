import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY } from '../concurrency';
import { spendingProperties } from './spending';
import { RUN_OPTION_LIMITS } from '../run-options';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from '../transport';
import { DEFAULT_MAX_INPUT_IMAGE_MB as defaultMaxInputImageMb } from '../binary';
import { DEFAULTS, LIMITS, SAMPLERS, STYLE_PRESETS, type EngineOnlyField, type EngineSpec } from '../engines';
import { fieldLabel } from '../fields';
import { assetLocator } from './assets';

// Defaults as plain identifiers: n8n's lint reads `default` statically and cannot follow a member access.
const {
	cfg_scale: defaultCfgScale,
	high_noise_frac: defaultHighNoiseFrac,
	image_encoding: defaultImageEncoding,
	num_images: defaultNumImages,
	sampler: defaultSampler,
	steps: defaultSteps,
} = DEFAULTS;

function samplerLabel(sampler: (typeof SAMPLERS)[number]): string {
	return sampler.premium ? `${sampler.value} (Premium, 2x Price)` : sampler.value;
}

/** Number of images and sampler, shown on the node; the rest of the knobs sit in Options. */
export function generationProperties(): INodeProperties[] {
	return [
		{
			displayName: fieldLabel('num_images'),
			name: 'numImages',
			type: 'number',
			typeOptions: { minValue: LIMITS.num_images.min, maxValue: LIMITS.num_images.max },
			default: defaultNumImages,
			description: 'How many images one request generates (each is billed)',
		},
		{
			displayName: fieldLabel('sampler'),
			name: 'sampler',
			type: 'options',
			default: defaultSampler,
			options: [...SAMPLERS]
				.sort((a, b) => a.value.localeCompare(b.value))
				.map((s) => ({ name: samplerLabel(s), value: s.value })),
			description: 'The diffusion scheduler. Premium samplers cost twice as much.',
		},
	];
}

/** The "Options" collection: optional parameters, each only where the engine (and mode) takes it. */
export function optionsProperty(engine: EngineSpec): INodeProperties {
	const has = (field: EngineOnlyField) => engine.fields.has(field);
	const options: INodeProperties[] = [
		{
			displayName: 'All Images in One Item',
			name: 'allImagesInOneItem',
			type: 'boolean',
			default: false,
			description:
				'Whether to put all images of a request into one item (data, data_1, …) instead of one item per image',
		},
		{
			displayName: fieldLabel('cfg_scale'),
			name: 'cfgScale',
			type: 'number',
			typeOptions: { minValue: 0.1, maxValue: LIMITS.cfg_scale.max, numberPrecision: 1 },
			default: defaultCfgScale,
			description: `How closely to follow the prompt. Unset: ${DEFAULTS.cfg_scale}, or the checkpoint's own default (3 for SDXL Lightning).`,
		},
		{
			displayName: fieldLabel('clip_skip'),
			name: 'clipSkip',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Number of final text-encoder layers to skip (some checkpoints are trained for 1 or 2)',
		},
		{
			displayName: 'Drop Images Removed for Safety',
			name: 'dropRemovedForSafety',
			type: 'boolean',
			default: false,
			description: 'Whether to leave out items for images the safety filter removed, instead of an item with the flag',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: RUN_OPTION_LIMITS.concurrency.min, maxValue: RUN_OPTION_LIMITS.concurrency.max },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many requests to send at once. Results keep the input order; a rate limit (429) slows all of them down together.',
		},
		{
			displayName: fieldLabel('image_encoding'),
			name: 'imageEncoding',
			type: 'options',
			default: defaultImageEncoding,
			options: [
				{ name: 'JPEG', value: 'jpeg', description: 'Smaller files, faster' },
				{ name: 'PNG', value: 'png', description: 'Lossless' },
			],
		},
		{
			displayName: 'Max Input Image Size (MB)',
			name: 'maxInputImageMB',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: defaultMaxInputImageMb,
			description: 'Larger input images are refused before sending; they would be slow to upload and are resized by the API anyway',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: RUN_OPTION_LIMITS.maxRetries.min, maxValue: RUN_OPTION_LIMITS.maxRetries.max },
			default: DEFAULT_MAX_RETRIES,
			description:
				'Retries after a rate limit (429), server error (5xx) or dropped connection. Each retry may be billed as a new generation.',
		},
		{
			displayName: fieldLabel('seed'),
			name: 'seed',
			type: 'string',
			default: '',
			placeholder: 'e.g. 42 or 42, 43, 44',
			description:
				'Empty for random; one number; or a comma-separated list with one seed per image (as many as Number of Images)',
		},
		{
			displayName: fieldLabel('steps'),
			name: 'steps',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: LIMITS.steps.max },
			default: defaultSteps,
			description: `Denoising steps. Unset: ${DEFAULTS.steps}, or the checkpoint's own default (8 for SDXL Lightning).`,
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TIMEOUT_SECONDS,
			description: 'How long to wait for one request before giving up',
		},
		assetLocator(fieldLabel('vae'), 'vae', 'searchVaes', 'e.g. octoai:sdxl-vae-fp16-fix', 'Custom VAE from the asset library'),
		{
			displayName: fieldLabel('inpaint_full_res'),
			name: 'inpaintFullRes',
			type: 'boolean',
			default: false,
			description: 'Whether to repaint the masked area at full resolution, then fit it back in',
			displayOptions: { show: { '/mode': ['inpainting'] } },
		},
		{
			displayName: fieldLabel('inpaint_full_res_padding'),
			name: 'inpaintFullResPadding',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 32,
			description: 'Pixels of context around the mask when inpainting at full resolution',
			displayOptions: { show: { '/mode': ['inpainting'] } },
		},
	];
	if (has('prompt_2')) {
		options.push({
			displayName: fieldLabel('prompt_2'),
			name: 'prompt2',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: "SDXL's second text encoder prompt, for the overall style. Empty copies the prompt.",
		});
	}
	if (has('negative_prompt_2')) {
		options.push({
			displayName: fieldLabel('negative_prompt_2'),
			name: 'negativePrompt2',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: "Negative prompt for SDXL's second text encoder",
		});
	}
	if (has('use_refiner')) {
		options.push({
			displayName: fieldLabel('use_refiner'),
			name: 'useRefiner',
			type: 'boolean',
			default: false,
			description: 'Whether to finish the image with the SDXL refiner model',
		});
	}
	if (has('high_noise_frac')) {
		options.push({
			displayName: fieldLabel('high_noise_frac'),
			name: 'highNoiseFrac',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: defaultHighNoiseFrac,
			description: 'Fraction of denoising the base model does before the refiner takes over',
		});
	}
	if (has('style_preset')) {
		options.push({
			displayName: fieldLabel('style_preset'),
			name: 'stylePreset',
			type: 'options',
			default: 'base',
			options: [...STYLE_PRESETS].sort((a, b) => a.localeCompare(b)).map((s) => ({ name: s, value: s })),
			description: 'A style applied on top of the prompt',
		});
	}
	if (has('controlnet')) {
		options.push({
			displayName: fieldLabel('controlnet_early_stop'),
			name: 'earlyStop',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
			default: 1,
			description: 'Fraction of the steps after which the ControlNet stops steering',
		});
	}
	options.push(...spendingProperties());
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
