import type { INodeProperties } from 'n8n-workflow';

/** Where generated images go: the binary field name on each output item. */
export function outputProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Put Output in Field',
			name: 'outputField',
			type: 'string',
			default: 'data',
			required: true,
			description:
				'Name of the binary field for the generated image. With "All Images in One Item", later images go to data_1, data_2, … (for the default name).',
		},
	];
}
