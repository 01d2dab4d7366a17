// One pipeline per request: admin routes -> match route -> log -> fault injection -> auth (except
// presigned upload URLs) -> the row's validator -> the row's handler -> respond. A row that takes
// `X-OctoAI-Async: 1` runs the same validator and handler, and its reply is kept for polling.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PREFIX, handleAdmin } from './admin.cts';
import { bearerToken, checkAuth } from './auth.cts';
import { faultReply, selectFault } from '../pace/faults.cts';
import { isLoopback, json, queryObject, readBody, send, serialize, type Reply } from '../core/http.cts';
import { submitAsync, wantsAsync } from '../routes/async.cts';
import type { ParsedBody, Route, RouteContext } from '../routes/route-types.cts';
import { matchRoute, noRoute } from '../routes/table.cts';
import type { ServerState } from '../state/server-state.cts';

/** The request listener for node:http. */
export function createHandler(state: ServerState) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		handle(state, req, res).catch((error: unknown) => {
			// A bug in the emulator itself: say so loudly rather than pass for an API error.
			console.error('[octoai-emulator] internal error:', error);
			if (!res.headersSent) send(res, json(500, { detail: 'Internal Server Error (emulator bug)' }));
			else res.destroy();
		});
	};
}

async function handle(state: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const started = performance.now();
	const url = new URL(req.url ?? '/', 'http://emulator.invalid');
	const method = req.method ?? 'GET';
	let raw: Buffer;
	try {
		raw = await readBody(req);
	} catch (error) {
		if ((error as { tooLarge?: boolean }).tooLarge) send(res, json(413, { detail: 'Request body too large' }));
		return;
	}
	const body = parseBody(raw);

	if (url.pathname.startsWith(ADMIN_PREFIX)) {
		if (!isLoopback(req.socket.remoteAddress)) return send(res, json(403, { detail: 'Admin routes answer loopback callers only' }));
		return send(res, handleAdmin(state, method, url.pathname, url.searchParams, body.kind === 'json' ? body.value : null));
	}

	const authHeader = req.headers.authorization;
	const token = bearerToken(authHeader);
	const apiPath = relativePath(state.basePath, url.pathname);
	const match = apiPath === undefined ? undefined : matchRoute(method, apiPath);
	const isPublic = match?.route ? match.route.public === true : match?.public === true;
	const entry = state.log.start({
		time: new Date().toISOString(),
		method,
		path: url.pathname,
		query: queryObject(url.searchParams),
		headers: { ...req.headers },
		token,
		// Uploaded files are logged by size: the log is for reading, and files can be large.
		body: match?.route?.public && match.route.rawBody ? `[${raw.length} bytes]` : body.kind === 'json' ? body.value : body.kind === 'invalid' ? body.text : null,
	});
	const requestId = `emu-${entry.seq}`;
	const finish = (reply: Reply | null, keep?: number) => {
		entry.status = reply ? reply.status : null;
		entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
		if (reply) send(res, { ...reply, headers: { ...reply.headers, 'x-user-request-id': requestId } }, keep);
		else req.socket.destroy();
		state.onRequest?.(entry);
	};
	// Presigned URLs carry their own authorization; a client that sends its API token there leaks it.
	if (isPublic && authHeader !== undefined) entry.warnings = [UPLOAD_AUTH_WARNING];

	const selected = selectFault(header(req, 'x-emulator-fault'), token, state.faults, state.chance);
	if (selected.error) return finish(json(400, { detail: selected.error }));
	const fault = selected.fault;
	if (fault) entry.fault = fault;
	const waits = [state.latencyMs, fault?.kind === 'latency' ? fault.ms : 0].filter((ms) => ms > 0);
	if (waits.length > 0 && !(await waitUnlessGone(res, waits))) return finish(null);
	if (fault?.kind === 'drop') return finish(null);
	const injected = fault && faultReply(fault);
	if (injected) return finish(injected);

	const denied = isPublic ? undefined : checkAuth(authHeader, state.tokens);
	let reply: Reply;
	if (denied) reply = denied;
	else if (!match) reply = json(404, { detail: 'Not Found' });
	else if (!match.route) reply = noRoute(match);
	else {
		const ctx: RouteContext = { params: match.params, query: url.searchParams, body, raw, requestId, baseUrl: baseUrl(state, req) };
		const row = match.route;
		if (row.public) reply = await runRoute(state, row, ctx);
		else {
			// Fine-tuning outputs appear when their tune's time is up; settle them before anything reads the library.
			state.tunes.settle(Date.now());
			const caller = { ...ctx, tenant: state.tenants.of(token!) };
			// Generation rows run at the server's pace (pace/pace.cts): the account's rate limit, then a GPU slot.
			const limited = row.async ? state.pace.admit(caller.tenant.name) : undefined;
			const run = () => (row.async ? state.pace.generate(() => runRoute(state, row, caller)) : runRoute(state, row, caller));
			if (limited) reply = limited;
			else reply = row.async && wantsAsync(header(req, 'x-octoai-async')) ? await submitAsync(state, caller, run) : await run();
		}
	}
	// `truncate` cuts the real answer in half, keeping a Content-Length that matches what is sent.
	const keep = fault?.kind === 'truncate' ? Math.floor(bodyLength(reply) / 2) : undefined;
	finish(reply, keep);
}

/** The row's validator, then (only if it accepts the request) the row's handler with what it produced. */
async function runRoute(state: ServerState, row: Route, ctx: RouteContext): Promise<Reply> {
	// Each row's validator and handler agree on the input type (routes/route-types.cts `route`); the union hides it.
	const checked = await row.validate(state, ctx as never);
	return checked.ok ? row.handle(state, ctx as never, checked.value) : checked.reply;
}

/** Log warning on a presigned-URL request that carried an Authorization header. */
export const UPLOAD_AUTH_WARNING = 'authorization-sent-to-upload-url';

/**
 * Waits the given delays in turn; false when the client disconnects first, so an aborted request
 * does not hold a timer (and the process) until the delay ends.
 */
async function waitUnlessGone(res: ServerResponse, delays: number[]): Promise<boolean> {
	const gone = new AbortController();
	const onClose = () => gone.abort();
	res.once('close', onClose);
	try {
		for (const ms of delays) await sleep(ms, undefined, { signal: gone.signal });
		return true;
	} catch {
		return false;
	} finally {
		res.off('close', onClose);
	}
}

/** The path below the basePath, or undefined when the request is outside it. */
function relativePath(basePath: string, path: string): string | undefined {
	if (!basePath) return path;
	if (path !== basePath && !path.startsWith(`${basePath}/`)) return undefined;
	return path.slice(basePath.length) || '/';
}

/** The API base as the caller reached it (its Host header when well-formed), for presigned URLs. */
function baseUrl(state: ServerState, req: IncomingMessage): string {
	const host = req.headers.host;
	const origin = host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : state.origin;
	return origin + state.basePath;
}

function parseBody(raw: Buffer): ParsedBody {
	if (raw.length === 0) return { kind: 'empty' };
	const text = raw.toString('utf8');
	try {
		return { kind: 'json', value: JSON.parse(text) };
	} catch (error) {
		return { kind: 'invalid', text, error: error as SyntaxError };
	}
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function bodyLength(reply: Reply): number {
	return serialize(reply).bytes.length;
}

