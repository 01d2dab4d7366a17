import type { INodeProperties } from 'n8n-workflow';

import { IMAGE_INPUT_HINT } from '../image-source';
import { DEFAULTS, LIMITS } from '../engines';
import { fieldLabel } from '../fields';

// Defaults as plain identifiers: n8n's lint reads `default` statically and cannot follow a member access.
const { strength: defaultStrength } = DEFAULTS;

export const GENERATION_MODES = ['textToImage', 'imageToImage', 'inpainting', 'outpainting', 'photoMerge'] as const;
export type GenerationMode = (typeof GENERATION_MODES)[number];

const BINARY_HINT =
	'The image (PNG, JPEG or WebP): the name of an input binary field, an expression that resolves to a binary object, an http(s) URL or a data URI / base64 string';

/** The mode selector and the image inputs each mode needs, shown only for that mode. */
export function modeProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			noDataExpression: true,
			default: 'textToImage',
			options: [
				{ name: 'Image to Image', value: 'imageToImage', description: 'Start from an input image' },
				{ name: 'Inpainting', value: 'inpainting', description: 'Repaint the white area of a mask' },
				{
					name: 'Outpainting',
					value: 'outpainting',
					description: 'Fill the new area of a larger canvas marked white in a mask',
				},
				{
					name: 'Photo Merge',
					value: 'photoMerge',
					description: 'Put a subject from your photos into the image through a trigger word',
				},
				{ name: 'Text to Image', value: 'textToImage', description: 'Generate from the prompt alone' },
			],
		},
		{
			displayName: fieldLabel('init_image'),
			name: 'inputImage',
			hint: IMAGE_INPUT_HINT,
			type: 'string',
			default: 'data',
			required: true,
			description: BINARY_HINT,
			displayOptions: { show: { mode: ['imageToImage', 'inpainting', 'outpainting'] } },
		},
		{
			displayName: fieldLabel('mask_image'),
			name: 'maskImage',
			hint: IMAGE_INPUT_HINT,
			type: 'string',
			default: 'mask',
			required: true,
			description: `${BINARY_HINT}. White marks the area to paint, black is kept.`,
			displayOptions: { show: { mode: ['inpainting', 'outpainting'] } },
		},
		{
			displayName: fieldLabel('strength'),
			name: 'strength',
			type: 'number',
			typeOptions: { minValue: 0.01, maxValue: LIMITS.strength.max, numberPrecision: 2 },
			default: defaultStrength,
			description: 'How far to move away from the input image: near 0 keeps it, 1 ignores it',
			displayOptions: { show: { mode: ['imageToImage', 'inpainting'] } },
		},
		{
			displayName: fieldLabel('transfer_images'),
			name: 'transferImages',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Trigger Word',
			default: {},
			description: 'Photos of a subject, each set under the trigger word that the prompt uses for it',
			displayOptions: { show: { mode: ['photoMerge'] } },
			options: [
				{
					name: 'entries',
					displayName: 'Trigger Word',
					values: [
						{
							displayName: 'Trigger Word',
							name: 'triggerWord',
							type: 'string',
							default: '',
							placeholder: 'e.g. sks person',
							description: 'The word the prompt uses for this subject',
						},
						{
							displayName: 'Input Binary Fields',
							name: 'binaryFields',
							hint: IMAGE_INPUT_HINT,
							type: 'string',
							default: 'data',
							description:
								'Photos of the subject, separated by commas: binary field names, http(s) URLs or data URIs; or an expression resolving to binary objects',
						},
					],
				},
			],
		},
	];
}
