// The presigned URLs of `presigned-url` transfers, served by the emulator in S3's place: PUT the raw
// file, GET it back. Like S3 they are authorized by the signature in the URL, never by a bearer
// token; the server logs a warning when a client sends one anyway (it would leak to the storage host).
import { createHash } from 'node:crypto';
import type { AssetRecord } from '../state/asset-record.cts';
import { json, type Reply } from '../core/http.cts';
import { route, type Checked, type Route, type RouteContext } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';

/** Validates a presigned URL: the asset exists and the signature matches the URL's use; the handler gets the asset. */
function signedAsset(use: 'put' | 'get') {
	return (state: ServerState, ctx: RouteContext): Checked<AssetRecord> => {
		const record = state.assets.forTransfer(ctx.params[0]);
		if (!record || record.deletedAt !== undefined) return { ok: false, reply: json(404, { detail: 'No such upload' }) };
		if (ctx.query.get('signature') !== record.signatures[use]) {
			return { ok: false, reply: json(403, { detail: `Missing or wrong signature: use the ${use}_url exactly as the API returned it` }) };
		}
		return { ok: true, value: record };
	};
}

/** PUT /_uploads/{asset id}?signature=...: stores the body as the asset's file until complete-upload. */
function putUpload(_state: ServerState, ctx: RouteContext, record: AssetRecord): Reply {
	if (record.completedAt !== undefined) return json(409, { detail: 'The upload of this asset is already complete; create a new asset to upload another file' });
	record.bytes = Buffer.from(ctx.raw);
	return { status: 200, headers: { etag: `"${createHash('md5').update(ctx.raw).digest('hex')}"` }, body: '' };
}

/** GET /_uploads/{asset id}?signature=...: the uploaded file. */
function getUpload(_state: ServerState, _ctx: RouteContext, record: AssetRecord): Reply {
	if (!record.bytes) return json(404, { detail: 'Nothing has been uploaded for this asset yet' });
	return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: record.bytes };
}

const UPLOAD = /^\/_uploads\/([^/]+)$/;

export const UPLOAD_ROUTES: Route[] = [
	route({ method: 'PUT', pattern: UPLOAD, public: true, rawBody: true, validate: signedAsset('put'), handle: putUpload }),
	route({ method: 'GET', pattern: UPLOAD, public: true, validate: signedAsset('get'), handle: getUpload }),
];
