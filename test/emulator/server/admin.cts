// Test-control routes under /_emulator/: no auth, loopback callers only, never logged.
import { json, type Reply } from '../core/http.cts';
import { parseFault } from '../pace/faults.cts';
import { paceProblem, type PaceSettings } from '../pace/pace.cts';
import { ENGINE_IDS } from '../rules/engines.cts';
import type { ServerState } from '../state/server-state.cts';
import type { Fault } from '../core/types.cts';

export const ADMIN_PREFIX = '/_emulator/';

/** Answers an admin request. */
export function handleAdmin(state: ServerState, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
	const route = `${method} ${path.slice(ADMIN_PREFIX.length)}`;
	switch (route) {
		case 'GET health':
			return json(200, {
				status: 'ok',
				engines: ENGINE_IDS,
				basePath: state.basePath,
				uptimeMs: Date.now() - state.startedAt,
				requests: state.log.entries.length,
			});
		case 'GET log':
			return json(200, state.log.filter({ token: query.get('token') ?? undefined, path: query.get('path') ?? undefined }));
		case 'DELETE log':
			state.log.clear();
			return json(200, { cleared: true });
		case 'POST faults':
			return queueFaults(state, body);
		case 'GET pace':
			return json(200, state.pace.settings());
		case 'POST pace': {
			const problem = paceProblem(body);
			if (problem) return json(400, { detail: `body ${problem}` });
			state.pace.set(body as PaceSettings);
			return json(200, state.pace.settings());
		}
		case 'POST tokens': {
			const token = (body as { token?: unknown } | null)?.token;
			if (!isToken(token)) return json(400, { detail: 'body must be {"token": "<non-empty string without spaces>"}' });
			state.tokens.add(token);
			return json(201, { token });
		}
		default:
			return json(404, { detail: 'Not Found' });
	}
}

function queueFaults(state: ServerState, body: unknown): Reply {
	const { token, faults } = (body ?? {}) as { token?: unknown; faults?: unknown };
	if (!isToken(token) || !Array.isArray(faults)) return json(400, { detail: 'body must be {"token": "...", "faults": [...]}' });
	const parsed: Fault[] = [];
	for (const [i, f] of faults.entries()) {
		const fault = parseFault(f);
		if (typeof fault === 'string') return json(400, { detail: `faults[${i}]: ${fault}` });
		parsed.push(fault);
	}
	state.faults.add(token, parsed);
	return json(200, { queued: parsed.length });
}

/** Tokens are opaque strings; they only must fit in a Bearer header. */
export function isToken(value: unknown): value is string {
	return typeof value === 'string' && /^\S+$/.test(value);
}
