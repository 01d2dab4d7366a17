import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { jsonItems, runItems } from '../../shared/item-loop';
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
		// One unit of work whose results and error pair with every input item.
		const all = this.getInputData().map((_, item) => ({ item }));
		return [await runItems(this, async () => jsonItems(await tune.create.execute.call(this), all), { count: 1, pairedItem: () => all })];
	}
	const execute = PER_ITEM[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
	return [await runItems(this, async (itemIndex) => jsonItems(await execute.call(this, itemIndex), { item: itemIndex }))];
}
