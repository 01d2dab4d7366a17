import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../shared/http/credential-test';
import { CREDENTIAL_TYPE } from '../shared/http/api-credential';
import { executeVideo } from '../shared/video/execute';
import { videoProperties } from '../shared/video/properties';

export class OctoAiStableVideoDiffusion implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OctoAI Stable Video Diffusion',
		name: 'octoAiStableVideoDiffusion',
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		group: ['transform'],
		// 1.1: Concurrency left out means Auto (version 1 keeps 4 at once, as saved workflows expect).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["resolution"] === "auto" ? "image to video" : "image to video, " + $parameter["resolution"] }}',
		description: 'Turn an image into a short video with Stable Video Diffusion on OctoAI',
		defaults: { name: 'OctoAI Stable Video Diffusion' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true, testedBy: CREDENTIAL_TEST_NAME }],
		// As an AI agent's tool the node answers with JSON and a link per file (shared/tool/tool-answer.ts).
		usableAsTool: true,
		properties: videoProperties(),
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testOctoAiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeVideo.call(this);
	}
}
