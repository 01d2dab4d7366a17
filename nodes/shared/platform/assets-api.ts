import type { IExecuteFunctions } from 'n8n-workflow';

import type { RequestContext } from '../http/api-request';
import { octoAiRequest } from '../http/transport';
import { collectPages, stoppedWalk } from './pages';
import { readPolicyUntil, RETRY_POLICY, SEND_ONCE_POLICY } from './policies';
import { compactQuery, segment } from './query';
import { assetPageShape, assetShape, objectShape } from '../http/response-shapes';
import type { Asset, AssetResponse, CreateAssetRequest, Page } from './types';

/** Filters of GET /v1/assets; lists are sent as repeated keys. */
/** What a 404 of a call on one asset most likely means. */
const ASSET_NOT_FOUND = 'Check the asset ID or name.';

export interface AssetFilters {
	name?: string;
	owner?: string;
	asset_type?: string[];
	engine?: string[];
	is_public?: boolean;
	data_type?: string;
}

/** One page of the asset list. */
export async function listAssetsPage(
	ctx: RequestContext,
	filters: AssetFilters,
	offset: number,
	limit: number,
	itemIndex: number,
): Promise<Page<Asset>> {
	return await octoAiRequest<Page<Asset>>(
		ctx,
		{ api: 'platform', method: 'GET', path: '/v1/assets', qs: compactQuery({ ...filters, limit, offset }), shape: assetPageShape },
		itemIndex,
		RETRY_POLICY,
	);
}

/** Every matching asset (walking the pages), or the first `max`. */
export async function listAssets(
	ctx: RequestContext,
	filters: AssetFilters,
	itemIndex: number,
	max: number | undefined,
	/** What the user can do when the pages make no progress (the list operation's own fields). */
	advice: string,
): Promise<Asset[]> {
	return await collectPages((offset, limit) => listAssetsPage(ctx, filters, offset, limit, itemIndex), max).catch(
		stoppedWalk(ctx, 'assets', itemIndex, advice),
	);
}

/** An asset by id, bare name, `owner:name` or `octoai:name`; `deadline`: the wait's, when read by one. */
export async function getAsset(ctx: RequestContext, reference: string, itemIndex: number, deadline?: number): Promise<AssetResponse> {
	return await octoAiRequest<AssetResponse>(
		ctx,
		{ api: 'platform', method: 'GET', path: `/v1/assets/${segment(ctx, reference, 'Asset', itemIndex)}`, shape: assetShape, notFound: ASSET_NOT_FOUND },
		itemIndex,
		readPolicyUntil(deadline),
	);
}

export async function createAsset(
	ctx: IExecuteFunctions,
	body: CreateAssetRequest,
	itemIndex: number,
): Promise<AssetResponse> {
	return await octoAiRequest<AssetResponse>(
		ctx,
		// The export's CreateAssetRequest lists description as required (nullable): always sent.
		{ api: 'platform', method: 'POST', path: '/v1/assets', body: { ...body, description: body.description ?? null } as never, shape: assetShape },
		itemIndex,
		SEND_ONCE_POLICY,
	);
}

/**
 * Tells the API the bytes are in place; it then validates them (status uploaded → ready or rejected).
 * The body states the default `skip_validation: false` because n8n's request helper drops an empty
 * `{}` body, and the SDK always sends one.
 */
export async function completeUpload(
	ctx: IExecuteFunctions,
	assetId: string,
	itemIndex: number,
): Promise<{ error?: string }> {
	return await octoAiRequest<{ error?: string }>(
		ctx,
		{ api: 'platform', method: 'POST', path: `/v1/assets/${segment(ctx, assetId, 'Asset ID', itemIndex)}/complete-upload`, body: { skip_validation: false }, shape: objectShape, notFound: ASSET_NOT_FOUND },
		itemIndex,
		RETRY_POLICY,
	);
}

export async function deleteAsset(
	ctx: IExecuteFunctions,
	assetId: string,
	itemIndex: number,
): Promise<{ id: string; deleted_at: string }> {
	return await octoAiRequest<{ id: string; deleted_at: string }>(
		ctx,
		{ api: 'platform', method: 'DELETE', path: `/v1/assets/${segment(ctx, assetId, 'Asset', itemIndex)}`, shape: objectShape, notFound: ASSET_NOT_FOUND },
		itemIndex,
		RETRY_POLICY,
	);
}
