import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { TUNE_BASES } from '../../../shared/platform/enums';
import { listProperties, readFilters, readLimit } from '../../../shared/platform/properties';
import { listTunes, type TuneFilters } from '../../../shared/platform/tunes-api';
import { operationFields } from '../../../shared/properties/operation';
import { textValue } from '../../../shared/text-parameter';

const properties = listProperties([
	{
		displayName: 'Base Checkpoint ID',
		name: 'baseCheckpointId',
		type: 'string',
		default: '',
		description: 'Only tunes trained on this checkpoint (its asset ID)',
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		default: 'image/stable-diffusion-v1-5',
		options: TUNE_BASES.map((base) => ({ name: base.name, value: base.engine })),
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Exact tune name',
	},
	{
		displayName: 'Trigger Word',
		name: 'triggerWord',
		type: 'string',
		default: '',
	},
]);

export const description = operationFields('tune', 'list', properties);

/** Lists the user's tunes: one item per tune, walking the pages for Return All. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = readFilters(this, itemIndex);
	const query: TuneFilters = {};
	// Text or nothing: an object from an expression must not become "[object Object]" in the query.
	query.name = textValue(this, itemIndex, filters.name, 'Name') || undefined;
	query.engine = textValue(this, itemIndex, filters.engine, 'Engine') || undefined;
	query.base_checkpoint_id = textValue(this, itemIndex, filters.baseCheckpointId, 'Base Checkpoint ID') || undefined;
	const triggerWord = textValue(this, itemIndex, filters.triggerWord, 'Trigger Word');
	if (triggerWord) query.trigger_words = [triggerWord];
	const tunes = await listTunes(this, query, itemIndex, readLimit(this, itemIndex));
	return tunes as IDataObject[];
}
