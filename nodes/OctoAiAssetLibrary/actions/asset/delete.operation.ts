import { deleteAsset, getAsset } from '../../../shared/platform/assets-api';
import { referenceOperation } from '../../../shared/editor/operation';
import { assetReference } from './fields';

/**
 * Deletes an asset. DELETE takes only an id, so a name is looked up first; the lookup also makes a
 * wrong name fail with "not found" instead of deleting something else.
 */
export const { description, execute } = referenceOperation('asset', 'delete', assetReference, async (ctx, ref, itemIndex) => {
	const { asset } = await getAsset(ctx, ref, itemIndex);
	const deleted = await deleteAsset(ctx, asset.id, itemIndex);
	return [{ id: deleted.id ?? asset.id, name: asset.name, deleted: true, deleted_at: deleted.deleted_at ?? null }];
});
