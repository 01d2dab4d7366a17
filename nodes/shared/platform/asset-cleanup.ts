import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { deleteAsset } from './assets-api';
import type { Asset } from './types';

/**
 * Deletes assets that a failed operation created and no longer needs, one after the other; never
 * throws. After Stop nothing more is sent, so every asset is reported as kept.
 */
export async function deleteCreatedAssets(
	ctx: IExecuteFunctions,
	assets: readonly Asset[],
	itemIndex: number,
): Promise<{ deleted: Asset[]; kept: Asset[] }> {
	const deleted: Asset[] = [];
	const kept: Asset[] = [];
	for (const asset of assets) {
		const ok =
			!ctx.getExecutionCancelSignal()?.aborted &&
			(await deleteAsset(ctx, asset.id, itemIndex).then(
				() => true,
				() => false,
			));
		(ok ? deleted : kept).push(asset);
	}
	return { deleted, kept };
}

/**
 * The error to throw, with `note` added to its description. Errors of other kinds (none are expected)
 * become a NodeOperationError, so the note is never lost.
 */
export function withNote(ctx: IExecuteFunctions, error: unknown, note: string, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = error.description ? `${error.description} ${note}` : note;
		return error;
	}
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex, description: note });
}

/** `"name" (id)` of each asset, for a sentence. */
export function assetList(assets: readonly Asset[]): string {
	return assets.map((asset) => `"${asset.name}" (${asset.id})`).join(', ');
}

/** "<What> stays in your library: …; delete it with …", for assets a failed operation leaves behind. */
export function keptNote(what: { one: string; many: string }, kept: readonly Asset[]): string {
	const one = kept.length === 1;
	return `${one ? `${what.one} stays` : `${what.many} stay`} in your library: ${assetList(kept)}; delete ${one ? 'it' : 'them'} with the Asset Library's Delete operation.`;
}
