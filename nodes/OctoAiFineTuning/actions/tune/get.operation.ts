import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { tuneResult } from '../../../shared/platform/tune-result';
import { getTune } from '../../../shared/platform/tunes-api';
import { readTuneId, tuneLocator } from './locator';

const properties: INodeProperties[] = [tuneLocator];

const displayOptions = { show: { resource: ['tune'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** One tune with its status; a succeeded one also names its LoRA. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const tune = await getTune(this, readTuneId(this, itemIndex), itemIndex);
	return [await tuneResult(this, tune, itemIndex)];
}
