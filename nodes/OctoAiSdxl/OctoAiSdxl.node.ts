import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { engineNodeDescription } from '../shared/description';
import { ENGINES } from '../shared/engines';
import { executeEngine } from '../shared/execute';

const engine = ENGINES['sdxl'];

export class OctoAiSdxl implements INodeType {
	description = engineNodeDescription(engine);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeEngine.call(this, engine);
	}
}
