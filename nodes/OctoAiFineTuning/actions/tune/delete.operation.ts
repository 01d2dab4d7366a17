import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { deleteTune } from '../../../shared/platform/tunes-api';
import { readTuneId, tuneLocator } from './locator';

const properties: INodeProperties[] = [tuneLocator];

const displayOptions = { show: { resource: ['tune'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Deletes a tune (its LoRA stays in the asset library). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const id = readTuneId(this, itemIndex);
	const response = await deleteTune(this, id, itemIndex);
	return [{ id, deleted: true, ...(response as IDataObject) }];
}
