import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listAssetsPage, type AssetFilters } from '../../platform/assets-api';
import { engineLabel, TUNE_BASES } from '../../platform/enums';
import { PAGE_SIZE } from '../../platform/pages';
import { listTunesPage } from '../../platform/tunes-api';
import { pickerPage } from './picker-page';
import { searchItem } from './search-item';

/** The listSearch methods of the Asset Library and Fine-Tuning nodes. */

/** The user's own assets (any kind and status); the value is the asset id. */
export async function searchOwnAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const filters: AssetFilters = { is_public: false };
	return await pickerPage(
		(offset) => listAssetsPage(this, filters, offset, PAGE_SIZE, 0),
		(asset) => searchItem(asset, 'id', `${(asset.asset_type ?? 'asset').replace('_', ' ')}, ${asset.status}`, asset.description),
		filter,
		paginationToken,
	);
}

/** Ready checkpoints, public and own, of the model family chosen in the node's Engine field. */
export async function searchBaseCheckpoints(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const engine = String(this.getNodeParameter('engine', TUNE_BASES[0].engine));
	const filters: AssetFilters = { asset_type: ['checkpoint'], engine: [engine] };
	return await pickerPage(
		(offset) => listAssetsPage(this, filters, offset, PAGE_SIZE, 0),
		(asset) =>
			searchItem(
				asset,
				'name',
				asset.is_public === false ? 'yours' : undefined,
				asset.description || `${engineLabel(asset.data?.engine)} checkpoint`,
			),
		filter,
		paginationToken,
		(asset) => asset.status === 'ready',
	);
}

/** The user's fine-tunes; the value is the tune id. */
export async function searchTunes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await pickerPage(
		(offset) => listTunesPage(this, {}, offset, PAGE_SIZE, 0),
		(tune) => searchItem(tune, 'id', tune.status),
		filter,
		paginationToken,
	);
}
