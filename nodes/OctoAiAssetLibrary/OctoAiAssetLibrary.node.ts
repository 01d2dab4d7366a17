import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchOwnAssets } from '../shared/methods/platform-search';
import { CREDENTIAL_TYPE } from '../shared/transport';
import * as asset from './actions/asset';
import { router } from './actions/router';

export class OctoAiAssetLibrary implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OctoAI Asset Library',
		name: 'octoAiAssetLibrary',
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'List, get, import, upload and delete checkpoints, LoRAs, textual inversions, VAEs and files on OctoAI',
		defaults: { name: 'OctoAI Asset Library' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Asset', value: 'asset' }],
				default: 'asset',
			},
			...asset.description,
		],
	};

	methods = { listSearch: { searchOwnAssets } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
