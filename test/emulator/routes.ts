// The API's route table: one row per endpoint, matched after auth.
import { listAssetsRoute } from './assets-route';
import { generateRoute } from './generate-route';
import { json, type Reply } from './http';
import type { ServerState } from './state';

/** What a route handler gets besides the server state. */
export interface RouteContext {
	/** Captures of the route pattern. */
	params: string[];
	query: URLSearchParams;
	/** The body as received, already parsed once for the log. */
	body: ParsedBody;
	requestId: string;
}

export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; text: string; error: SyntaxError };

interface Route {
	method: string;
	pattern: RegExp;
	handle: (state: ServerState, ctx: RouteContext) => Promise<Reply> | Reply;
}

const ROUTES: Route[] = [
	{ method: 'POST', pattern: /^\/generate\/([^/]+)$/, handle: generateRoute },
	{ method: 'GET', pattern: /^\/v1\/assets$/, handle: listAssetsRoute },
];

/** Runs the route that matches; FastAPI's 404/405 bodies otherwise. */
export async function dispatch(state: ServerState, method: string, path: string, ctx: Omit<RouteContext, 'params'>): Promise<Reply> {
	let pathMatched = false;
	for (const route of ROUTES) {
		const match = route.pattern.exec(path);
		if (!match) continue;
		pathMatched = true;
		if (route.method !== method) continue;
		return route.handle(state, { ...ctx, params: match.slice(1).map(decodeURIComponent) });
	}
	return pathMatched ? json(405, { detail: 'Method Not Allowed' }, { allow: allowed(path) }) : json(404, { detail: 'Not Found' });
}

function allowed(path: string): string {
	return ROUTES.filter((r) => r.pattern.test(path))
		.map((r) => r.method)
		.join(', ');
}
