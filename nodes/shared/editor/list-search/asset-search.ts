import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { answerText, textList } from '../../messages/answer-values';
import type { EngineSpec } from '../../fields/engines';
import { engineFields } from '../../fields/registry';
import type { PickableAssetType } from '../../fields/registry/types';
import { searchMethodName } from '../assets';
import { listAssetsPage } from '../../platform/assets-api';
import { PAGE_SIZE } from '../../platform/pages';
import type { Asset } from '../../platform/types';
import { pickerPage } from './picker-page';
import { searchItem } from './search-item';

function describe(asset: Asset): string | undefined {
	const words = textList(asset.data?.trigger_words);
	const trigger = words.length > 0 ? `Trigger: ${words.join(', ')}` : '';
	return [answerText(asset.description), trigger].filter(Boolean).join('. ') || undefined;
}

/**
 * The listSearch methods of an engine node: one picker per asset kind the engine takes, listing the public and the
 * user's own ready assets built for the engine's model family. The value is the name a generation
 * request uses.
 */
export function assetSearchMethods(engine: EngineSpec) {
	const picker = (assetType: PickableAssetType) =>
		async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
			const filters = { asset_type: [assetType], engine: [engine.assetEngine] };
			return await pickerPage(
				(offset) => listAssetsPage(this, filters, offset, PAGE_SIZE, 0),
				(asset) => searchItem(asset, 'name', asset.is_public === false ? 'yours' : undefined, describe(asset)),
				filter,
				paginationToken,
				(asset) => asset.status === 'ready',
			);
		};
	const methods: Record<string, ReturnType<typeof picker>> = {};
	for (const row of engineFields(engine)) {
		if (row.asset) methods[searchMethodName(row.asset)] = picker(row.asset);
	}
	return methods;
}
