import { tuneResult } from '../../../shared/platform/tune-result';
import { getTune } from '../../../shared/platform/tunes-api';
import { referenceOperation } from '../../../shared/editor/operation';
import { tuneReference } from './locator';

/** One tune with its status; a succeeded one also names its LoRA. */
export const { description, execute } = referenceOperation('tune', 'get', tuneReference, async (ctx, id, itemIndex) => [
	await tuneResult(ctx, await getTune(ctx, id, itemIndex), itemIndex),
]);
