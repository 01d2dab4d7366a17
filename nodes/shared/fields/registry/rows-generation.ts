import type { EngineRow } from './types';
import { SAMPLERS } from './values';

/** "(Premium, 2x Price)" beside the samplers that cost twice as much. */
const PREMIUM_NOTES = Object.fromEntries(SAMPLERS.filter((s) => s.premium).map((s) => [s.value, '(Premium, 2x Price)']));

/** Size, how many images and how, and the assets: the middle of an engine node, in editor order. */
export const GENERATION_ROWS: readonly EngineRow[] = [
	{
		wire: 'width',
		param: 'width',
		place: 'size',
		label: 'Width',
		value: { type: 'number', limit: { min: 1, integer: true } },
		read: 'size',
		description: 'Width in pixels; with Height it must form a supported resolution',
	},
	{
		wire: 'height',
		param: 'height',
		place: 'size',
		label: 'Height',
		value: { type: 'number', limit: { min: 1, integer: true } },
		read: 'size',
		description: 'Height in pixels; with Width it must form a supported resolution',
	},
	{
		wire: 'num_images',
		param: 'numImages',
		place: 'generation',
		label: 'Number of Images',
		value: { type: 'number', limit: { min: 1, max: 16, integer: true } },
		read: 'value',
		default: 1,
		description: 'How many images one request generates (each is billed)',
	},
	{
		wire: 'sampler',
		param: 'sampler',
		place: 'generation',
		needs: 'classicSd',
		label: 'Sampler',
		value: { type: 'enum', values: SAMPLERS.map((s) => s.value), what: 'samplers', notes: PREMIUM_NOTES },
		read: 'value',
		default: 'DDIM',
		description: 'The diffusion scheduler. Premium samplers cost twice as much.',
	},
	{
		wire: 'checkpoint',
		param: 'checkpoint',
		place: 'assets',
		needs: 'classicSd',
		label: 'Checkpoint',
		value: { type: 'name' },
		read: 'asset',
		asset: 'checkpoint',
		placeholder: 'e.g. octoai:RealVisXL',
		description: `Custom checkpoint from the public (octoai:…) or your private asset library. Empty uses the engine's base model.`,
	},
	{
		wire: 'loras',
		param: 'loras',
		place: 'assets',
		needs: 'loras',
		label: 'LoRAs',
		value: { type: 'nameMap', of: 'number' },
		read: 'pairs',
		asset: 'lora',
		placeholder: 'e.g. octoai:add-detail',
		description: 'LoRAs to apply, each with its weight',
		entry: {
			label: 'LoRA',
			valueField: {
				displayName: 'Weight',
				name: 'weight',
				type: 'number',
				typeOptions: { numberPrecision: 2 },
				default: 1,
				description: 'How strongly the LoRA applies (1 = as trained)',
			},
		},
	},
	{
		wire: 'textual_inversions',
		param: 'textualInversions',
		place: 'assets',
		needs: 'classicSd',
		label: 'Textual Inversions',
		value: { type: 'nameMap', of: 'text' },
		read: 'pairs',
		asset: 'textual_inversion',
		placeholder: 'e.g. octoai:NegativeXL',
		description:
			'Textual inversions, each triggered by its word in the prompt, or in the negative prompt for a negative embedding',
		entry: {
			label: 'Textual Inversion',
			valueField: {
				displayName: 'Trigger Word',
				name: 'triggerWord',
				type: 'string',
				default: '',
				placeholder: 'e.g. negativexl',
				description: 'The word that invokes it in the prompt or negative prompt',
			},
		},
	},
];
