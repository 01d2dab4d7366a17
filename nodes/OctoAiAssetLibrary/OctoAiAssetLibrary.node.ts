import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../shared/http/credential-test';
import { resourceProperty } from '../shared/editor/operation';
import { searchOwnAssets } from '../shared/editor/list-search/platform-search';
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
		// Literal strings: n8n's lint (credential-test-required) reads them statically from dist.
		credentials: [{ name: 'octoAiApi', required: true, testedBy: 'octoAiApiTest' }],
		properties: [resourceProperty('Asset', 'asset'), ...asset.description],
	};

	methods = { listSearch: { searchOwnAssets }, credentialTest: { [CREDENTIAL_TEST_NAME]: testOctoAiCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
