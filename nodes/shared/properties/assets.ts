import type { INodeProperties } from 'n8n-workflow';

import { LIGHTNING_CHECKPOINT, type EngineSpec } from '../engines';
import { fieldLabel } from '../fields';
import { modeValidation } from '../platform/references';

/**
 * A picker of the public and the user's own assets of one kind (listSearch, scoped to the engine's
 * model family), which also takes a typed name or an expression.
 */
export function assetLocator(
	displayName: string,
	name: string,
	searchListMethod: string,
	placeholder: string,
	description?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder,
				validation: modeValidation('assetName'),
			},
		],
	};
}

/** Custom assets: checkpoint, LoRAs with weights, textual inversions with trigger words. */
export function assetProperties(engine: EngineSpec): INodeProperties[] {
	const lightning = engine.id === 'sdxl' ? ` Use ${LIGHTNING_CHECKPOINT} for SDXL Lightning (8 steps, CFG 3 by default)` : '';
	return [
		assetLocator(
			fieldLabel('checkpoint'),
			'checkpoint',
			'searchCheckpoints',
			'e.g. octoai:RealVisXL',
			`Custom checkpoint from the public (octoai:…) or your private asset library. Empty uses the engine's base model.${lightning}.`,
		),
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
						assetLocator('LoRA', 'name', 'searchLoras', 'e.g. octoai:add-detail'),
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
						assetLocator('Textual Inversion', 'name', 'searchTextualInversions', 'e.g. octoai:NegativeXL'),
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
