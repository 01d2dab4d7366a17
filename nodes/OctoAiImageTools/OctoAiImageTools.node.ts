import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../shared/credential-test';
import { CREDENTIAL_TYPE } from '../shared/transport';
import * as image from './actions/image';
import { router } from './actions/router';

export class OctoAiImageTools implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OctoAI Image Tools',
		name: 'octoAiImageTools',
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Upscale, remove backgrounds, fix faces and hands, make masks from a prompt, and place products in scenes with OctoAI',
		defaults: { name: 'OctoAI Image Tools' },
		// Deliberately not an AI Agent tool: n8n 2.41 drops a tool's binary output, so the billed
		// image would be lost (README, AI Agents). The key stays: n8n's lint asks every node to decide.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: CREDENTIAL_TEST_NAME }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Image', value: 'image' }],
				default: 'image',
			},
			...image.description,
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testOctoAiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
