import type { INodeProperties } from 'n8n-workflow';

import { fieldLabel } from '../fields';

/** Prompt and negative prompt, the two fields every engine starts with. */
export function promptProperties(): INodeProperties[] {
	return [
		{
			displayName: fieldLabel('prompt'),
			name: 'prompt',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			placeholder: 'e.g. a lighthouse on a cliff at dawn, (dramatic sky:1.2)',
			description:
				'What to generate. Weight words with brackets: (words) is 1.1x, ((words)) 1.21x, (words:0.8) sets the factor.',
		},
		{
			displayName: fieldLabel('negative_prompt'),
			name: 'negativePrompt',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: 'e.g. blurry, low quality',
			description:
				'What to keep out of the image. Textual inversions used as negative embeddings go here by their trigger word.',
		},
	];
}
