import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { cancel, create, del as delete, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tune'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel a tune',
				description: 'Stop a pending or running tune',
			},
			{
				name: 'Create LoRA Tune',
				value: 'create',
				action: 'Create a tune',
				description: 'Train a LoRA on the images of all input items',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a tune',
				description: 'Delete a tune (its LoRA stays in the asset library)',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a tune',
				description: 'Get a tune with its status and, once trained, its LoRA',
			},
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get many tunes',
				description: 'List your tunes, with filters',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...list.description,
	...cancel.description,
	...del.description,
];
