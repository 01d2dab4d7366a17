// GET /v1/assets (list), GET and DELETE /v1/assets/{id | owner:name}.
import { json, type Reply } from './http';
import type { AssetQuery } from './assets';
import { ASSET_GET_QUERY, ASSET_LIST_QUERY } from './rules/queries';
import type { CallerContext } from './routes';
import type { ServerState } from './state';
import { retrievalTransfer, transferApi } from './transfer';
import { parseQuery } from './validation/query';

/** GET /v1/assets: public assets and the caller's own, with the SDK's filters and limit/offset pagination. */
export function listAssetsRoute(state: ServerState, ctx: CallerContext): Reply {
	const parsed = parseQuery(ASSET_LIST_QUERY, ctx.query);
	if (!parsed.ok) return json(422, { detail: parsed.errors });
	return json(200, state.assets.list(ctx.tenant, parsed.value as unknown as AssetQuery, Date.now()));
}

/** GET /v1/assets/{id | owner:name | name}: RetrieveAssetResponse; another tenant's asset is a 404. */
export function getAssetRoute(state: ServerState, ctx: CallerContext): Reply {
	const parsed = parseQuery(ASSET_GET_QUERY, ctx.query);
	if (!parsed.ok) return json(422, { detail: parsed.errors });
	const record = state.assets.byRef(ctx.tenant, ctx.params[0]);
	if (!record) return notFound(ctx.params[0]);
	const transfer = retrievalTransfer(record, parsed.value.transfer_api_type as string | undefined);
	return json(200, { asset: state.assets.view(record, Date.now()), transfer_api: transferApi(record, transfer, ctx.baseUrl) });
}

/** DELETE /v1/assets/{id}: `{id, deleted_at}`; public assets are 403, deleted or foreign ones 404. */
export function deleteAssetRoute(state: ServerState, ctx: CallerContext): Reply {
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
