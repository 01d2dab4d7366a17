import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { getAsset } from '../../../shared/platform/assets-api';
import { assetLocator, readAssetReference } from './fields';

const properties: INodeProperties[] = [assetLocator];

const displayOptions = { show: { resource: ['asset'], operation: ['get'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/** One asset by id or name. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { asset } = await getAsset(this, readAssetReference(this, itemIndex), itemIndex);
	return [asset as unknown as IDataObject];
}
