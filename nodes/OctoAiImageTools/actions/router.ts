import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runItems } from '../../shared/item-loop';
import * as image from './image';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const OPERATIONS: Record<string, Operation> = {
	fixFaces: image.fixFaces.execute,
	productScene: image.productScene.execute,
	removeBackground: image.removeBackground.execute,
	segment: image.segment.execute,
	upscale: image.upscale.execute,
};

/** Runs the chosen image operation once per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [
		await runItems(this, async (itemIndex) =>
			(await execute.call(this, itemIndex)).map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
		),
	];
}
