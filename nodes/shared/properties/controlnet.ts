import type { INodeProperties } from 'n8n-workflow';

import { IMAGE_INPUT_HINT } from '../image-source';
import { DEFAULTS, LIMITS, type EngineSpec } from '../engines';
import { apiOptions } from '../display-names';
import { fieldLabel } from '../fields';

// Defaults as plain identifiers: n8n's lint reads `default` statically and cannot follow a member access.
const { controlnet_conditioning_scale: defaultControlnetConditioningScale } = DEFAULTS;

/** ControlNet name (public ones or free text), control image and its strength; ControlNet engines only. */
export function controlNetProperties(engine: EngineSpec): INodeProperties[] {
	if (!engine.fields.has('controlnet')) return [];
	const publicNets = engine.controlNets ?? [];
	const firstNet = publicNets[0] ?? 'custom';
	return [
		{
			displayName: fieldLabel('controlnet'),
			name: 'controlNet',
			type: 'options',
			default: firstNet,
			options: [
				...apiOptions(publicNets),
				{ name: 'Other (Type a Name)', value: 'custom', description: 'A ControlNet from your asset library' },
			],
			description: 'Which kind of guidance the control image gives',
		},
		{
			displayName: 'ControlNet Name',
			name: 'controlNetName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. my-controlnet',
			displayOptions: { show: { controlNet: ['custom'] } },
		},
		{
			displayName: fieldLabel('controlnet_image'),
			name: 'controlImage',
			hint: IMAGE_INPUT_HINT,
			type: 'string',
			default: 'data',
			required: true,
			description:
				'The control image (PNG, JPEG or WebP): the name of an input binary field, an expression that resolves to a binary object, an http(s) URL or a data URI / base64 string',
		},
		{
			displayName: fieldLabel('controlnet_conditioning_scale'),
			name: 'conditioningScale',
			type: 'number',
			typeOptions: { minValue: LIMITS.controlnet_conditioning_scale.min, numberPrecision: 2 },
			default: defaultControlnetConditioningScale,
			description: 'How strongly the control image steers the result',
		},
		{
			displayName: fieldLabel('controlnet_preprocess'),
			name: 'preprocess',
			type: 'boolean',
			default: false,
			description:
				'Whether OctoAI should build the control map (e.g. edges for canny) from a plain photo; off when the image already is a control map',
		},
	];
}
