// GET /v1/assets (list), GET and DELETE /v1/assets/{id | owner:name}.
import { json, type Reply } from '../core/http.cts';
import type { AssetQuery } from '../state/asset-record.cts';
import { ASSET_GET_QUERY, ASSET_LIST_QUERY } from '../rules/queries.cts';
import { noInput, route, type CallerContext, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';
import { retrievalTransfer, transferApi } from './transfer.cts';
import { queryInput } from './input.cts';

const ASSET = /^\/v1\/assets\/([^/]+)$/;

/** GET /v1/assets: public assets and the caller's own, with the SDK's filters and limit/offset pagination. */
function listAssets(state: ServerState, ctx: CallerContext, query: AssetQuery): Reply {
	return json(200, state.assets.list(ctx.tenant, query, Date.now()));
}

/** GET /v1/assets/{id | owner:name | name}: RetrieveAssetResponse; another tenant's asset is a 404. */
function getAsset(state: ServerState, ctx: CallerContext, query: { transfer_api_type?: string }): Reply {
	const record = state.assets.byRef(ctx.tenant, ctx.params[0]);
	if (!record) return notFound(ctx.params[0]);
	const transfer = retrievalTransfer(record, query.transfer_api_type);
	return json(200, { asset: state.assets.view(record, Date.now()), transfer_api: transferApi(record, transfer, ctx.baseUrl) });
}

/** DELETE /v1/assets/{id}: `{id, deleted_at}`; public assets are 403, deleted or foreign ones 404. */
function deleteAsset(state: ServerState, ctx: CallerContext): Reply {
	const record = state.assets.byId(ctx.tenant, ctx.params[0]);
	if (!record || record.deletedAt !== undefined) return notFound(ctx.params[0]);
	if (record.isPublic) return json(403, { detail: `Asset ${record.name} belongs to the public library and cannot be deleted` });
	const now = Date.now();
	state.assets.delete(record, now);
	return json(200, { id: record.id, deleted_at: new Date(now).toISOString() });
}

export function notFound(ref: string): Reply {
	return json(404, { detail: `Asset ${ref} not found` });
}

export const ASSET_ROUTES: Route[] = [
	route({ method: 'GET', pattern: /^\/v1\/assets$/, validate: queryInput<AssetQuery>(ASSET_LIST_QUERY), handle: listAssets }),
	route({ method: 'GET', pattern: ASSET, validate: queryInput<{ transfer_api_type?: string }>(ASSET_GET_QUERY), handle: getAsset }),
	route({ method: 'DELETE', pattern: ASSET, validate: noInput, handle: deleteAsset }),
];
