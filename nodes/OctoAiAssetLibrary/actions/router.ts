import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { jsonItems, runItems } from '../../shared/item-loop';
import * as asset from './asset';

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

const OPERATIONS: Record<string, Operation> = {
	createFromUrl: asset.createFromUrl.execute,
	delete: asset.delete.execute,
	get: asset.get.execute,
	list: asset.list.execute,
	upload: asset.upload.execute,
};

/** Runs the chosen asset operation once per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [await runItems(this, async (itemIndex) => jsonItems(await execute.call(this, itemIndex), { item: itemIndex }))];
}
