// The presigned URLs of `presigned-url` transfers, served by the emulator in S3's place: PUT the raw
// file, GET it back. Like S3 they are authorized by the signature in the URL, never by a bearer
// token; the server logs a warning when a client sends one anyway (it would leak to the storage host).
import { createHash } from 'node:crypto';
import type { AssetRecord } from './assets';
import { json, type Reply } from './http';
import type { RouteContext } from './routes';
import type { ServerState } from './state';

/** PUT /_uploads/{asset id}?signature=...: stores the body as the asset's file until complete-upload. */
export function putUploadRoute(state: ServerState, ctx: RouteContext): Reply {
	const record = state.assets.forTransfer(ctx.params[0]);
	const refused = refusal(record, ctx, 'put');
	if (refused) return refused;
	if (record!.completedAt !== undefined) return json(409, { detail: 'The upload of this asset is already complete; create a new asset to upload another file' });
	record!.bytes = Buffer.from(ctx.raw);
	return { status: 200, headers: { etag: `"${createHash('md5').update(ctx.raw).digest('hex')}"` }, body: '' };
}

/** GET /_uploads/{asset id}?signature=...: the uploaded file. */
export function getUploadRoute(state: ServerState, ctx: RouteContext): Reply {
	const record = state.assets.forTransfer(ctx.params[0]);
	const refused = refusal(record, ctx, 'get');
	if (refused) return refused;
	if (!record!.bytes) return json(404, { detail: 'Nothing has been uploaded for this asset yet' });
	return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: record!.bytes };
}

function refusal(record: AssetRecord | undefined, ctx: RouteContext, use: 'put' | 'get'): Reply | undefined {
	if (!record || record.deletedAt !== undefined) return json(404, { detail: 'No such upload' });
	if (ctx.query.get('signature') !== record.signatures[use]) {
		return json(403, { detail: `Missing or wrong signature: use the ${use}_url exactly as the API returned it` });
	}
	return undefined;
}
