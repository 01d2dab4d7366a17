import type { IDataObject } from 'n8n-workflow';

import { cancelTune } from '../../../shared/platform/tunes-api';
import { referenceOperation } from '../../../shared/editor/operation';
import { tuneReference } from './locator';

/** Stops a pending or running tune; returns the tune as the API reports it afterwards. */
export const { description, execute } = referenceOperation('tune', 'cancel', tuneReference, async (ctx, id, itemIndex) => [
	(await cancelTune(ctx, id, itemIndex)) as IDataObject,
]);
