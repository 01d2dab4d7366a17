import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { cancelTune } from '../../../shared/platform/tunes-api';
import { readTuneId, tuneLocator } from './locator';

const properties: INodeProperties[] = [tuneLocator];

const displayOptions = { show: { resource: ['tune'], operation: ['cancel'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** Stops a pending or running tune; returns the tune as the API reports it afterwards. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const tune = await cancelTune(this, readTuneId(this, itemIndex), itemIndex);
	return [tune as IDataObject];
}
