import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { jsonOperation, routeOperation } from '../../shared/run/operation-router';
import * as asset from './asset';

const OPERATIONS = {
	createFromUrl: jsonOperation(asset.createFromUrl.execute),
	delete: jsonOperation(asset.delete.execute),
	get: jsonOperation(asset.get.execute),
	list: jsonOperation(asset.list.execute),
	upload: jsonOperation(asset.upload.execute),
};

/** Runs the chosen asset operation once per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS);
}
