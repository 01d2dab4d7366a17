import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import type { EngineSpec } from '../engines';
import { octoAiRequest } from '../transport';

/** The asset kinds an engine node lets users pick, as the asset library names them. */
export type PickableAssetType = 'checkpoint' | 'lora' | 'textual_inversion' | 'vae';

interface AssetSummary {
	name: string;
	description?: string;
	is_public?: boolean;
	status?: string;
	data?: { trigger_words?: string[] };
}

const PAGE_SIZE = 100;

/**
 * One page of the public and the user's own ready assets of a kind, built for the engine's model
 * family, whose name contains the typed filter. The API's `name` filter matches whole names only,
 * so the substring match happens here; the pagination token is the next offset.
 */
async function searchAssets(
	ctx: ILoadOptionsFunctions,
	engine: EngineSpec,
	assetType: PickableAssetType,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0) || 0;
	const page = await octoAiRequest<{ data: AssetSummary[]; has_more: boolean }>(
		ctx,
		{
			api: 'platform',
			method: 'GET',
			path: '/v1/assets',
			qs: { asset_type: assetType, engine: engine.assetEngine, limit: PAGE_SIZE, offset } as IDataObject,
		},
		0,
	);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = page.data
		.filter((asset) => asset.status === undefined || asset.status === 'ready')
		.filter((asset) => !needle || asset.name.toLowerCase().includes(needle))
		.map((asset) => ({
			name: asset.is_public === false ? `${asset.name} (yours)` : asset.name,
			value: asset.name,
			description: describe(asset),
		}));
	return { results, paginationToken: page.has_more ? String(offset + PAGE_SIZE) : undefined };
}

function describe(asset: AssetSummary): string | undefined {
	const words = asset.data?.trigger_words?.filter(Boolean) ?? [];
	const trigger = words.length > 0 ? `Trigger: ${words.join(', ')}` : '';
	return [asset.description, trigger].filter(Boolean).join('. ') || undefined;
}

/** The listSearch methods of an engine node: one picker per asset kind, scoped to the engine. */
export function assetSearchMethods(engine: EngineSpec) {
	const picker = (assetType: PickableAssetType) =>
		async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
			return await searchAssets(this, engine, assetType, filter, paginationToken);
		};
	return {
		searchCheckpoints: picker('checkpoint'),
		searchLoras: picker('lora'),
		searchTextualInversions: picker('textual_inversion'),
		searchVaes: picker('vae'),
	};
}
