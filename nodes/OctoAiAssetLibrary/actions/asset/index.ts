import type { INodeProperties } from 'n8n-workflow';

import * as createFromUrl from './createFromUrl.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';
import * as upload from './upload.operation';

export { createFromUrl, del as delete, get, list, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Create From URL',
				value: 'createFromUrl',
				action: 'Create an asset from a URL',
				description: 'Import a checkpoint, LoRA, textual inversion, VAE or file that OctoAI downloads',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete an asset',
				description: 'Delete one of your assets',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an asset',
				description: 'Get an asset by ID or name',
			},
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get many assets',
				description: 'List public and private assets, with filters',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload an asset',
				description: 'Upload a file from a binary field as a new asset',
			},
		],
		default: 'list',
	},
	...list.description,
	...get.description,
	...createFromUrl.description,
	...upload.description,
	...del.description,
];
