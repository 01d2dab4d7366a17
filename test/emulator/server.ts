// One pipeline per request: log -> admin routes -> fault injection -> auth -> route -> validate ->
// generate -> respond (validation and generation happen inside the route).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PREFIX, handleAdmin } from './admin';
import { bearerToken, checkAuth } from './auth';
import { faultReply, selectFault } from './faults';
import { isLoopback, json, queryObject, readBody, send, type Reply } from './http';
import { dispatch, type ParsedBody } from './routes';
import type { ServerState } from './state';

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
	const entry = state.log.start({
		time: new Date().toISOString(),
		method,
		path: url.pathname,
		query: queryObject(url.searchParams),
		headers: { ...req.headers },
		token,
		body: body.kind === 'json' ? body.value : body.kind === 'invalid' ? body.text : null,
	});
	const requestId = `emu-${entry.seq}`;
	const finish = (reply: Reply | null, keep?: number) => {
		entry.status = reply ? reply.status : null;
		entry.durationMs = Math.round((performance.now() - started) * 10) / 10;
		if (reply) send(res, { ...reply, headers: { ...reply.headers, 'x-user-request-id': requestId } }, keep);
		else req.socket.destroy();
		state.onRequest?.(entry);
	};

	const selected = selectFault(header(req, 'x-emulator-fault'), token, state.faults, state.chance);
	if (selected.error) return finish(json(400, { detail: selected.error }));
	const fault = selected.fault;
	if (fault) entry.fault = fault;
	const waits = [state.latencyMs, fault?.kind === 'latency' ? fault.ms : 0].filter((ms) => ms > 0);
	if (waits.length > 0 && !(await waitUnlessGone(res, waits))) return finish(null);
	if (fault?.kind === 'drop') return finish(null);
	const injected = fault && faultReply(fault);
	if (injected) return finish(injected);

	const reply = checkAuth(authHeader, state.tokens) ?? (await route(state, method, url, body, requestId));
	// `truncate` cuts the real answer in half, keeping a Content-Length that matches what is sent.
	const keep = fault?.kind === 'truncate' ? Math.floor(bodyLength(reply) / 2) : undefined;
	finish(reply, keep);
}

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

function route(state: ServerState, method: string, url: URL, body: ParsedBody, requestId: string): Promise<Reply> {
	let path = url.pathname;
	if (state.basePath) {
		if (path !== state.basePath && !path.startsWith(`${state.basePath}/`)) return Promise.resolve(json(404, { detail: 'Not Found' }));
		path = path.slice(state.basePath.length) || '/';
	}
	return dispatch(state, method, path, { query: url.searchParams, body, requestId });
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
	return Buffer.byteLength(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
}

