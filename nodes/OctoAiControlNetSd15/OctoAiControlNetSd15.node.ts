import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { engineNodeDescription } from '../shared/description';
import { ENGINES } from '../shared/engines';
import { executeEngine } from '../shared/execute';

const engine = ENGINES['controlnet-sd15'];

export class OctoAiControlNetSd15 implements INodeType {
	description = engineNodeDescription(engine);

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeEngine.call(this, engine);
	}
}
