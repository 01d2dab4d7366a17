// The API's route table: the rows of each route file, in order. A new endpoint is a file exporting
// its rows (see route-types.cts) and one line here. Rows marked `public` are the presigned upload
// URLs, which S3-style take no bearer token; every other row is matched after auth.
import { ASSET_CREATE_ROUTES } from './asset-create.cts';
import { ASSET_ROUTES } from './assets.cts';
import { ASYNC_ROUTES } from './async.cts';
import { GENERATE_ROUTES } from './generate.cts';
import { json, type Reply } from '../core/http.cts';
import type { Route } from './route-types.cts';
import { SVD_ROUTES } from './svd.cts';
import { TUNE_ROUTES } from './tunes.cts';
import { UPLOAD_ROUTES } from './uploads.cts';
import { UTILITY_ROUTES } from './utilities.cts';

const ROUTES: readonly Route[] = [
	...SVD_ROUTES,
	...GENERATE_ROUTES,
	...UTILITY_ROUTES,
	...ASSET_ROUTES,
	...ASSET_CREATE_ROUTES,
	...TUNE_ROUTES,
	...UPLOAD_ROUTES,
	...ASYNC_ROUTES,
];

/** The outcome of matching a path (relative to the basePath) and method against the table. */
export type RouteMatch =
	| { route: Route; params: string[] }
	/** The path exists for other methods (405), or not at all (404); `public` when its rows are public. */
	| { route?: undefined; status: 404 | 405; public: boolean; allow: string };

export function matchRoute(method: string, path: string, routes: readonly Route[] = ROUTES): RouteMatch {
	const rows = routes.map((route) => ({ route, match: route.pattern.exec(path) })).filter((r) => r.match !== null);
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
