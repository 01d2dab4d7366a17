import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { engineNodeDescription } from '../shared/description';
import { ENGINES } from '../shared/engines';
import { executeEngine } from '../shared/execute';
import { assetSearchMethods } from '../shared/methods/asset-search';

const engine = ENGINES['sd3'];

export class OctoAiSd3 implements INodeType {
	description: INodeTypeDescription = {
		...engineNodeDescription(engine),
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		subtitle: '={{ $parameter["mode"].replace(/([A-Z])/g, " $1").toLowerCase() }}',
		usableAsTool: true,
	};

	methods = { listSearch: assetSearchMethods(engine) };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeEngine.call(this, engine);
	}
}
