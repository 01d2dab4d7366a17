import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { listAssetsPage, type AssetFilters } from './assets-api';
import { engineLabel, TUNE_BASES } from './enums';
import { PAGE_SIZE } from './pages';
import { listTunesPage } from './tunes-api';
import type { Page } from './types';

/**
 * One page of a picker: the API's name filters match whole names only, so the typed text is matched
 * as a case-insensitive substring here; the pagination token is the next offset.
 */
export async function pickerPage<T>(
	fetchPage: (offset: number) => Promise<Page<T>>,
	toItem: (entry: T) => INodeListSearchItems,
	filter: string | undefined,
	paginationToken: string | undefined,
	keep: (entry: T) => boolean = () => true,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	const page = await fetchPage(offset);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = page.data
		.filter(keep)
		.map(toItem)
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	return { results, paginationToken: page.has_more ? String(offset + page.data.length) : undefined };
}

/** The user's own assets (any kind and status); the value is the asset id. */
export async function searchOwnAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const filters: AssetFilters = { is_public: false };
	return await pickerPage(
		(offset) => listAssetsPage(this, filters, offset, PAGE_SIZE, 0),
		(asset) => ({
			name: `${asset.name} (${asset.asset_type.replace('_', ' ')}, ${asset.status})`,
			value: asset.id,
			description: asset.description || undefined,
		}),
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
		(asset) => ({
			name: asset.is_public === false ? `${asset.name} (yours)` : asset.name,
			value: asset.name,
			description: asset.description || `${engineLabel(asset.data.engine)} checkpoint`,
		}),
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
		(tune) => ({ name: `${tune.name} (${tune.status})`, value: tune.id }),
		filter,
		paginationToken,
	);
}
