import type { IDataObject } from 'n8n-workflow';

import { deleteTune } from '../../../shared/platform/tunes-api';
import { referenceOperation } from '../../../shared/editor/operation';
import { tuneReference } from './locator';

/** Deletes a tune (its LoRA stays in the asset library). */
export const { description, execute } = referenceOperation('tune', 'delete', tuneReference, async (ctx, id, itemIndex) => {
	const response = await deleteTune(ctx, id, itemIndex);
	return [{ id, deleted: true, ...(response as IDataObject) }];
});
