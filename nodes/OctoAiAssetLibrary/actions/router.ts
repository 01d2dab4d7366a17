import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jsonOperation, routeOperation } from '../../shared/run/operation-router';
import type { BilledWork } from '../../shared/run/billed-work';
import * as asset from './asset';

const OPERATIONS = {
	createFromUrl: jsonOperation(asset.createFromUrl.execute),
	delete: jsonOperation(asset.delete.execute),
	get: jsonOperation(asset.get.execute),
	list: jsonOperation(asset.list.execute),
	upload: jsonOperation(asset.upload.execute),
};

/** The operations that create an asset: a run they stop names the assets other items created. */
const created: BilledWork = { unit: 'asset', made: 'created', ids: (results) => results.map((item) => String(item.json.id)) };

/** Runs the chosen asset operation once per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS, { createFromUrl: created, upload: created });
}
