import type { IDataObject } from 'n8n-workflow';

import { getAsset } from '../../../shared/platform/assets-api';
import { referenceOperation } from '../../../shared/editor/operation';
import { assetReference } from './fields';

/** One asset by id or name. */
export const { description, execute } = referenceOperation('asset', 'get', assetReference, async (ctx, ref, itemIndex) => [
	(await getAsset(ctx, ref, itemIndex)).asset as unknown as IDataObject,
]);
