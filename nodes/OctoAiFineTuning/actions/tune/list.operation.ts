import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { TUNE_BASES } from '../../../shared/platform/enums';
import { FILTER_TEXT_MAX } from '../../../shared/platform/limits';
import { listProperties, readFilters, readLimit } from '../../../shared/platform/list-operation';
import { choiceValue } from '../../../shared/fields/choice-parameter';
import { listTunes, type TuneFilters } from '../../../shared/platform/tunes-api';
import { STOPPED_LIST_ADVICE } from '../../../shared/platform/list-advice';
import { operationFields } from '../../../shared/editor/operation';
import { textValue } from '../../../shared/fields/text-parameter';

const ENGINE_OPTIONS = TUNE_BASES.map((base) => ({ name: base.name, value: base.engine }));

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
		options: ENGINE_OPTIONS,
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
	query.name = textValue(this, itemIndex, filters.name, 'Name', FILTER_TEXT_MAX) || undefined;
	query.engine = choiceValue(this, itemIndex, filters.engine, 'Engine', ENGINE_OPTIONS);
	query.base_checkpoint_id = textValue(this, itemIndex, filters.baseCheckpointId, 'Base Checkpoint ID', FILTER_TEXT_MAX) || undefined;
	const triggerWord = textValue(this, itemIndex, filters.triggerWord, 'Trigger Word', FILTER_TEXT_MAX);
	if (triggerWord) query.trigger_words = [triggerWord];
	const tunes = await listTunes(this, query, itemIndex, readLimit(this, itemIndex), STOPPED_LIST_ADVICE);
	return tunes as IDataObject[];
}
