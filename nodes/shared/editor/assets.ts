import type { INodeProperties } from 'n8n-workflow';

import type { PickableAssetType } from '../fields/registry/types';
import { modeValidation } from '../fields/asset-references';

const SEARCH_METHODS: Record<PickableAssetType, string> = {
	checkpoint: 'searchCheckpoints',
	lora: 'searchLoras',
	textual_inversion: 'searchTextualInversions',
	vae: 'searchVaes',
};

/** The listSearch method that lists one asset kind on an engine node. */
export function searchMethodName(assetType: PickableAssetType): string {
	return SEARCH_METHODS[assetType];
}

/**
 * A picker of the public and the user's own assets of one kind (listSearch, scoped to the engine's
 * model family), which also takes a typed name or an expression.
 */
export function assetLocator(
	displayName: string,
	name: string,
	searchListMethod: string,
	placeholder: string,
	description?: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder,
				validation: modeValidation('assetName'),
			},
		],
	};
}
