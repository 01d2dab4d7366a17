// The API's route table: one row per endpoint. Rows marked `public` are the presigned upload URLs,
// which S3-style take no bearer token; every other row is matched after auth.
import { completeUploadRoute, createAssetRoute } from './asset-create-route';
import { deleteAssetRoute, getAssetRoute, listAssetsRoute } from './assets-route';
import { generateRoute } from './generate-route';
import { json, type Reply } from './http';
import type { ServerState } from './state';
import type { Tenant } from './tenants';
import { cancelTuneRoute, createTuneRoute, deleteTuneRoute, getTuneRoute, listTunesRoute } from './tunes-route';
import { getUploadRoute, putUploadRoute } from './uploads-route';
import { UTILITY_PATH, utilityRoute } from './utilities/route';

/** What a route handler gets besides the server state. */
export interface RouteContext {
	/** Captures of the route pattern, URL-decoded. */
	params: string[];
	query: URLSearchParams;
	/** The body as received, already parsed once for the log. */
	body: ParsedBody;
	/** The body's bytes, for uploads. */
	raw: Buffer;
	requestId: string;
	/** Scheme, host and basePath the caller used, for URLs the emulator hands out. */
	baseUrl: string;
}

/** The context of an authenticated route: whose account the token belongs to. */
export interface CallerContext extends RouteContext {
	tenant: Tenant;
}

export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; text: string; error: SyntaxError };

type Handler<C> = (state: ServerState, ctx: C) => Promise<Reply> | Reply;

/** A route row: bearer-authenticated, or `public` (authorized by its URL's signature instead). */
export type Route = { method: string; pattern: RegExp } & (
	| { public?: false; handle: Handler<CallerContext> }
	/** `rawBody`: the body is file bytes; the log records only their size. */
	| { public: true; rawBody?: boolean; handle: Handler<RouteContext> }
);

const ASSET = /^\/v1\/assets\/([^/]+)$/;
const TUNE = /^\/v1\/tune\/([^/]+)$/;
const UPLOAD = /^\/_uploads\/([^/]+)$/;

const ROUTES: Route[] = [
	{ method: 'POST', pattern: /^\/generate\/([^/]+)$/, handle: generateRoute },
	{ method: 'POST', pattern: UTILITY_PATH, handle: utilityRoute },
	{ method: 'GET', pattern: /^\/v1\/assets$/, handle: listAssetsRoute },
	{ method: 'POST', pattern: /^\/v1\/assets$/, handle: createAssetRoute },
	{ method: 'GET', pattern: ASSET, handle: getAssetRoute },
	{ method: 'DELETE', pattern: ASSET, handle: deleteAssetRoute },
	{ method: 'POST', pattern: /^\/v1\/assets\/([^/]+)\/complete-upload$/, handle: completeUploadRoute },
	{ method: 'POST', pattern: /^\/v1\/tune$/, handle: createTuneRoute },
	{ method: 'GET', pattern: /^\/v1\/tunes$/, handle: listTunesRoute },
	{ method: 'GET', pattern: TUNE, handle: getTuneRoute },
	{ method: 'DELETE', pattern: TUNE, handle: deleteTuneRoute },
	{ method: 'POST', pattern: /^\/v1\/tune\/([^/]+)\/cancel$/, handle: cancelTuneRoute },
	{ method: 'PUT', pattern: UPLOAD, public: true, rawBody: true, handle: putUploadRoute },
	{ method: 'GET', pattern: UPLOAD, public: true, handle: getUploadRoute },
];

/** The outcome of matching a path (relative to the basePath) and method against the table. */
export type RouteMatch =
	| { route: Route; params: string[] }
	/** The path exists for other methods (405), or not at all (404); `public` when its rows are public. */
	| { route?: undefined; status: 404 | 405; public: boolean; allow: string };

export function matchRoute(method: string, path: string): RouteMatch {
	const rows = ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter((r) => r.match !== null);
	const hit = rows.find((r) => r.route.method === method);
	if (hit) {
		const params = decodeAll(hit.match!.slice(1));
		if (params) return { route: hit.route, params };
		return { status: 404, public: hit.route.public === true, allow: '' };
	}
	return {
		status: rows.length > 0 ? 405 : 404,
		public: rows.length > 0 && rows.every((r) => r.route.public === true),
		allow: rows.map((r) => r.route.method).join(', '),
	};
}

/** FastAPI's 404/405 bodies for a path that matched no row. */
export function noRoute(match: Extract<RouteMatch, { status: number }>): Reply {
	return match.status === 405 ? json(405, { detail: 'Method Not Allowed' }, { allow: match.allow }) : json(404, { detail: 'Not Found' });
}

/** URL-decodes path captures; undefined for a malformed escape (a 404, not an emulator error). */
function decodeAll(parts: string[]): string[] | undefined {
	try {
		return parts.map(decodeURIComponent);
	} catch {
		return undefined;
	}
}
