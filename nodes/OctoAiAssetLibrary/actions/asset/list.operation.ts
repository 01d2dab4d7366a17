import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { listAssets, type AssetFilters } from '../../../shared/platform/assets-api';
import { STOPPED_LIST_ADVICE } from '../../../shared/platform/list-advice';
import { ASSET_TYPE_OPTIONS, DATA_TYPE_OPTIONS, IMAGE_ENGINE_OPTIONS } from '../../../shared/platform/enums';
import { FILTER_TEXT_MAX } from '../../../shared/platform/limits';
import { listProperties, readFilters, readLimit } from '../../../shared/platform/list-operation';
import { choiceList, choiceValue } from '../../../shared/fields/choice-parameter';
import { operationFields } from '../../../shared/editor/operation';
import { textValue } from '../../../shared/fields/text-parameter';

const VISIBILITY_OPTIONS = [
	{ name: 'Private (Yours)', value: 'private' },
	{ name: 'Public (OctoAI Library)', value: 'public' },
];

const properties = listProperties([
	{
		displayName: 'Asset Types',
		name: 'assetTypes',
		type: 'multiOptions',
		default: [],
		options: ASSET_TYPE_OPTIONS,
	},
	{
		displayName: 'Data Type',
		name: 'dataType',
		type: 'options',
		default: 'fp16',
		options: DATA_TYPE_OPTIONS,
	},
	{
		displayName: 'Engines',
		name: 'engines',
		type: 'multiOptions',
		default: [],
		options: IMAGE_ENGINE_OPTIONS,
		description: 'Only assets built for one of these model families',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		placeholder: 'e.g. my-lora or octoai:add-detail',
		description: 'Exact asset name, with or without the owner prefix',
	},
	{
		displayName: 'Owner',
		name: 'owner',
		type: 'string',
		default: '',
		placeholder: 'e.g. octoai',
		description: 'Only assets of this owner (octoai for the public library)',
	},
	{
		displayName: 'Visibility',
		name: 'visibility',
		type: 'options',
		default: 'private',
		options: VISIBILITY_OPTIONS,
	},
]);

export const description = operationFields('asset', 'list', properties);

/** Lists assets with the chosen filters: one item per asset, walking the pages for Return All. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = readFilters(this, itemIndex);
	const query: AssetFilters = {};
	// Text or nothing: an object from an expression must not become "[object Object]" in the query.
	query.name = textValue(this, itemIndex, filters.name, 'Name', FILTER_TEXT_MAX) || undefined;
	query.owner = textValue(this, itemIndex, filters.owner, 'Owner', FILTER_TEXT_MAX) || undefined;
	const types = choiceList(this, itemIndex, filters.assetTypes, 'Asset Types', ASSET_TYPE_OPTIONS);
	if (types.length > 0) query.asset_type = types;
	const engines = choiceList(this, itemIndex, filters.engines, 'Engines', IMAGE_ENGINE_OPTIONS);
	if (engines.length > 0) query.engine = engines;
	const visibility = choiceValue(this, itemIndex, filters.visibility, 'Visibility', VISIBILITY_OPTIONS);
	if (visibility) query.is_public = visibility === 'public';
	query.data_type = choiceValue(this, itemIndex, filters.dataType, 'Data Type', DATA_TYPE_OPTIONS);
	const assets = await listAssets(this, query, itemIndex, readLimit(this, itemIndex), STOPPED_LIST_ADVICE);
	return assets as unknown as IDataObject[];
}
