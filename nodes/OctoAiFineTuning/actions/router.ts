import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jsonItems, runItems } from '../../shared/run/item-loop';
import { jsonOperation, routeOperation } from '../../shared/run/operation-router';
import * as tune from './tune';

const PER_ITEM = {
	cancel: jsonOperation(tune.cancel.execute),
	delete: jsonOperation(tune.delete.execute),
	get: jsonOperation(tune.get.execute),
	list: jsonOperation(tune.list.execute),
};

/**
 * Creating a tune runs once for all input items (their images train one LoRA); every other
 * operation runs once per item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (this.getNodeParameter('operation', 0) === 'create') {
		// One unit of work whose results and error pair with every input item.
		const all = this.getInputData().map((_, item) => ({ item }));
		return [await runItems(this, async () => jsonItems(await tune.create.execute.call(this), all), { count: 1, pairedItem: () => all })];
	}
	return await routeOperation(this, PER_ITEM);
}
