// POST /v1/assets (CreateAssetRequest) and POST /v1/assets/{id}/complete-upload.
import { download } from '../core/download.cts';
import type { AssetData, NewAsset, Transfer } from '../state/asset-record.cts';
import { notFound } from './assets.cts';
import { json, type Reply } from '../core/http.cts';
import type { AssetType } from '../rules/asset-enums.cts';
import { COMPLETE_UPLOAD_REQUEST, CREATE_ASSET_REQUEST, CREATE_ASSET_RULES } from '../rules/asset-requests.cts';
import { route, type CallerContext, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';
import { transferApi } from './transfer.cts';
import { bodyInput } from './input.cts';

interface CreateAssetBody {
	name: string;
	asset_type: AssetType;
	data: AssetData;
	description?: string;
	url?: string;
	hf_repo?: string;
	skip_validation?: boolean;
	transfer_api_type?: 'presigned-url' | 'sts' | 'gcp-oauth' | 'any';
}

/**
 * Creates a private asset. With `url` the emulator downloads the file itself (loopback only) and the
 * asset goes `uploaded` -> `ready`/`rejected` without complete-upload; otherwise the answer carries
 * the transfer to upload through (presigned-url unless `transfer_api_type` asks otherwise).
 */
async function createAsset(state: ServerState, ctx: CallerContext, body: CreateAssetBody): Promise<Reply> {
	const fetched = body.url !== undefined || body.hf_repo !== undefined;
	const input: NewAsset = {
		name: body.name,
		assetType: body.asset_type,
		data: body.data,
		description: body.description,
		transfer: fetched ? 'none' : transferOf(body.transfer_api_type),
		url: body.url,
		hfRepo: body.hf_repo,
		skipValidation: body.skip_validation,
	};
	const record = state.assets.create(ctx.tenant, input, Date.now());
	if (!record) return json(409, { detail: `An asset named ${body.name} already exists in the library of ${ctx.tenant.name}` });
	if (body.url !== undefined) {
		await state.assets.complete(record, await download(body.url), false, Date.now());
	} else if (body.hf_repo !== undefined) {
		const failed = `Download from Hugging Face repo ${body.hf_repo} failed: the emulator does not reach the internet`;
		await state.assets.complete(record, { failed }, false, Date.now());
	}
	return json(200, { asset: state.assets.view(record, Date.now()), transfer_api: transferApi(record, record.transfer, ctx.baseUrl) });
}

/**
 * Marks the upload done: the asset is `uploaded`, then after `assetReadyMs` `ready`, or `rejected`
 * when the file is not a plausible asset of its kind (unless `skip_validation`).
 */
async function completeUpload(state: ServerState, ctx: CallerContext, body: { skip_validation?: boolean }): Promise<Reply> {
	const record = state.assets.byId(ctx.tenant, ctx.params[0]);
	if (!record || record.deletedAt !== undefined) return notFound(ctx.params[0]);
	if (record.isPublic) return json(403, { detail: `Asset ${record.name} belongs to the public library` });
	const now = Date.now();
	if (record.completedAt !== undefined) {
		return json(409, { detail: `The upload of asset ${record.id} is already complete (status ${state.assets.status(record, now)})` });
	}
	if (!record.bytes) {
		return json(400, { detail: `Nothing was uploaded for asset ${record.id}: PUT the file to the put_url of its presigned-url transfer first` });
	}
	await state.assets.complete(record, { bytes: record.bytes }, body.skip_validation === true, now);
	return json(200, {});
}

export const ASSET_CREATE_ROUTES: Route[] = [
	route({ method: 'POST', pattern: /^\/v1\/assets$/, validate: bodyInput<CreateAssetBody>(CREATE_ASSET_REQUEST, { rules: CREATE_ASSET_RULES }), handle: createAsset }),
	route({
		method: 'POST',
		pattern: /^\/v1\/assets\/([^/]+)\/complete-upload$/,
		validate: bodyInput<{ skip_validation?: boolean }>(COMPLETE_UPLOAD_REQUEST, { whenEmpty: {} }),
		handle: completeUpload,
	}),
];

function transferOf(asked: CreateAssetBody['transfer_api_type']): Transfer {
	return asked === undefined || asked === 'any' ? 'presigned-url' : asked;
}
