import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchBaseCheckpoints, searchTunes } from '../shared/methods/platform-search';
import { CREDENTIAL_TYPE } from '../shared/transport';
import { router } from './actions/router';
import * as tune from './actions/tune';

export class OctoAiFineTuning implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OctoAI Fine-Tuning',
		name: 'octoAiFineTuning',
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Train LoRAs on your images with OctoAI, and get, list, cancel and delete tunes',
		defaults: { name: 'OctoAI Fine-Tuning' },
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
				options: [{ name: 'Tune', value: 'tune' }],
				default: 'tune',
			},
			...tune.description,
		],
	};

	methods = { listSearch: { searchBaseCheckpoints, searchTunes } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
