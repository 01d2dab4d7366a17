import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../shared/http/credential-test';
import { resourceProperty } from '../shared/editor/operation';
import { searchBaseCheckpoints, searchTunes } from '../shared/editor/list-search/platform-search';
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
		// Literal strings: n8n's lint (credential-test-required) reads them statically from dist.
		credentials: [{ name: 'octoAiApi', required: true, testedBy: 'octoAiApiTest' }],
		properties: [resourceProperty('Tune', 'tune'), ...tune.description],
	};

	methods = { listSearch: { searchBaseCheckpoints, searchTunes }, credentialTest: { [CREDENTIAL_TEST_NAME]: testOctoAiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
