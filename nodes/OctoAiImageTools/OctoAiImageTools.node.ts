import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../shared/http/credential-test';
import { resourceProperty } from '../shared/editor/operation';
import { toolDescriptionProperty } from '../shared/tool/tool-description';
import { CREDENTIAL_TYPE } from '../shared/http/api-credential';
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
		// As an AI agent's tool the node answers with JSON and a link per file (shared/tool/tool-answer.ts).
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: CREDENTIAL_TEST_NAME }],
		properties: [
			toolDescriptionProperty(
				'Upscale an image, remove its background, fix faces and hands, make a mask from a prompt or place a product in a scene with OctoAI',
				'Give the image as a URL (for example a link from an OctoAI image tool answer) and the settings of the chosen operation.',
			),
			resourceProperty('Image', 'image'),
			...image.description,
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testOctoAiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
