import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_TEST_NAME, testOctoAiCredential } from '../shared/http/credential-test';
import { engineNodeDescription } from '../shared/editor/description';
import { ENGINES } from '../shared/fields/engines';
import { executeEngine } from '../shared/generation/execute';
import { assetSearchMethods } from '../shared/editor/list-search/asset-search';

const engine = ENGINES['sd3'];

export class OctoAiSd3 implements INodeType {
	description: INodeTypeDescription = {
		...engineNodeDescription(engine),
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		subtitle: '={{ $parameter["mode"].replace(/([A-Z])/g, " $1").toLowerCase() }}',
		// As an AI agent's tool the node answers with JSON and a link per image (shared/tool/tool-answer.ts).
		usableAsTool: true,
	};

	methods = {
		listSearch: assetSearchMethods(engine),
		credentialTest: { [CREDENTIAL_TEST_NAME]: testOctoAiCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeEngine.call(this, engine);
	}
}
