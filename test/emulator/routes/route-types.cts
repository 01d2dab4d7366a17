// The shape of a route row and what its validator and handler receive. Kept apart from the route
// table (table.cts) so route files import these types without importing the table that imports them.
import type { Reply } from '../core/http.cts';
import type { ServerState } from '../state/server-state.cts';
import type { Tenant } from '../state/tenants.cts';

export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; text: string; error: SyntaxError };

/** What a validator and handler get besides the server state. */
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

/** A validator's verdict: the input the handler works on, or the reply (422, 404...) that refuses the request. */
export type Checked<I> = { ok: true; value: I } | { ok: false; reply: Reply };

type Maybe<T> = T | Promise<T>;
export type Validate<C, I> = (state: ServerState, ctx: C) => Maybe<Checked<I>>;
export type Handle<C, I> = (state: ServerState, ctx: C, input: I) => Maybe<Reply>;

interface RowBase {
	method: string;
	pattern: RegExp;
}

/** A bearer-authenticated row. `async`: the row honours `X-OctoAI-Async: 1` (generation endpoints). */
export interface ApiRouteRow<I> extends RowBase {
	public?: false;
	async?: boolean;
	validate: Validate<CallerContext, I>;
	handle: Handle<CallerContext, I>;
}

/** A row authorized by its URL's signature instead of a token (presigned uploads). `rawBody`: log the body by size. */
export interface PublicRouteRow<I> extends RowBase {
	public: true;
	rawBody?: boolean;
	validate: Validate<RouteContext, I>;
	handle: Handle<RouteContext, I>;
}

/** A row of the route table, its input type erased (the row's own validator and handler agree on it). */
export type Route = ApiRouteRow<unknown> | PublicRouteRow<unknown>;

/** Types a row: its handler's input is what its validator produced. */
export function route<I>(row: ApiRouteRow<I> | PublicRouteRow<I>): Route {
	return row as Route;
}

/** The validator of a route that takes no input beyond its path. */
export const noInput = (): Checked<undefined> => ({ ok: true, value: undefined });
