import type { INodeProperties } from 'n8n-workflow';

import { LIGHTNING_CHECKPOINT, type EngineSpec } from '../engines';
import { fieldLabel } from '../fields';

/** Custom assets: checkpoint, LoRAs with weights, textual inversions with trigger words. */
export function assetProperties(engine: EngineSpec): INodeProperties[] {
	const lightning = engine.id === 'sdxl' ? ` Use ${LIGHTNING_CHECKPOINT} for SDXL Lightning (8 steps, CFG 3 by default)` : '';
	return [
		{
			displayName: fieldLabel('checkpoint'),
			name: 'checkpoint',
			type: 'string',
			default: '',
			placeholder: 'e.g. octoai:RealVisXL',
			description: `Custom checkpoint from the public (octoai:…) or your private asset library. Empty uses the engine's base model.${lightning}.`,
		},
		{
			displayName: fieldLabel('loras'),
			name: 'loras',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add LoRA',
			default: {},
			description: 'LoRAs to apply, each with its weight',
			options: [
				{
					name: 'entries',
					displayName: 'LoRA',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. octoai:add-detail',
						},
						{
							displayName: 'Weight',
							name: 'weight',
							type: 'number',
							typeOptions: { numberPrecision: 2 },
							default: 1,
							description: 'How strongly the LoRA applies (1 = as trained)',
						},
					],
				},
			],
		},
		{
			displayName: fieldLabel('textual_inversions'),
			name: 'textualInversions',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Textual Inversion',
			default: {},
			description:
				'Textual inversions, each triggered by its word in the prompt, or in the negative prompt for a negative embedding',
			options: [
				{
					name: 'entries',
					displayName: 'Textual Inversion',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'e.g. octoai:NegativeXL',
						},
						{
							displayName: 'Trigger Word',
							name: 'triggerWord',
							type: 'string',
							default: '',
							placeholder: 'e.g. negativexl',
							description: 'The word that invokes it in the prompt or negative prompt',
						},
					],
				},
			],
		},
	];
}
