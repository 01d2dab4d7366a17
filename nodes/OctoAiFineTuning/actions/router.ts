import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runOnceForAll, runPerItem } from '../../shared/platform/items';
import * as tune from './tune';

type PerItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

const PER_ITEM: Record<string, PerItemOperation> = {
	cancel: tune.cancel.execute,
	delete: tune.delete.execute,
	get: tune.get.execute,
	list: tune.list.execute,
};

/**
 * Creating a tune runs once for all input items (their images train one LoRA); every other
 * operation runs once per item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (operation === 'create') {
		return [await runOnceForAll(this, async () => await tune.create.execute.call(this))];
	}
	const execute = PER_ITEM[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [await runPerItem(this, async (itemIndex) => await execute.call(this, itemIndex))];
}
