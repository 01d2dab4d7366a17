import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { deleteAsset, getAsset } from '../../../shared/platform/assets-api';
import { assetLocator, readAssetReference } from './fields';

const properties: INodeProperties[] = [assetLocator];

const displayOptions = { show: { resource: ['asset'], operation: ['delete'] } };

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * Deletes an asset. DELETE takes only an id, so a name is looked up first; the lookup also makes a
 * wrong name fail with "not found" instead of deleting something else.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { asset } = await getAsset(this, readAssetReference(this, itemIndex), itemIndex);
	const deleted = await deleteAsset(this, asset.id, itemIndex);
	return [{ id: deleted.id ?? asset.id, name: asset.name, deleted: true, deleted_at: deleted.deleted_at ?? null }];
}
