// Asynchronous inference (reference Part C.3): the 201 answer to an `X-OctoAI-Async: 1` generation
// POST, and the status and response endpoints its poll_url and response_url name. The emulator serves
// them itself, under the same base URL as every other route.
import type { AsyncJob } from '../state/async.cts';
import { json, type Reply } from '../core/http.cts';
import { route, type CallerContext, type Checked, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';

/** The service's documented limit on an asynchronous request body. */
export const ASYNC_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** True when the header asks for asynchronous inference (`1`; the older client sends `""` for synchronous). */
export function wantsAsync(header: string | undefined): boolean {
	return header?.trim() === '1';
}

/**
 * Queues a request: `run` is the synchronous pipeline (validate, handle), whose reply, 200 or 422
 * alike, becomes the response; the caller gets 201 `{response_id, poll_url}` at once.
 */
export async function submitAsync(state: ServerState, ctx: CallerContext, run: () => Promise<Reply>): Promise<Reply> {
	if (ctx.raw.length > ASYNC_MAX_BODY_BYTES) {
		return json(413, { detail: `Asynchronous inference requests are limited to 10 MB; this one is ${ctx.raw.length} bytes` });
	}
	const job = state.async.submit(ctx.tenant, await run(), state.clock());
	return json(201, { response_id: job.id, poll_url: `${ctx.baseUrl}/v1/requests/${job.id}` });
}

/** Finds the caller's job; unknown, expired and other tenants' jobs are all a 404. */
function callerJob(state: ServerState, ctx: CallerContext): Checked<AsyncJob> {
	const job = state.async.get(ctx.tenant, ctx.params[0], state.clock());
	return job ? { ok: true, value: job } : { ok: false, reply: json(404, { detail: `Request ${ctx.params[0]} not found (results are kept for a limited time)` }) };
}

/** GET /v1/requests/{id}: `{response_id, status}`, plus `response_url` once completed. */
function requestStatus(state: ServerState, ctx: CallerContext, job: AsyncJob): Reply {
	const status = state.async.status(job, state.clock());
	const done = status === 'completed' ? { response_url: `${ctx.baseUrl}/v1/responses/${job.id}` } : {};
	return json(200, { response_id: job.id, status, ...done });
}

/** GET /v1/responses/{id}: what the synchronous call answered; before completion a 425 (the older client's own code for it). */
function response(state: ServerState, _ctx: CallerContext, job: AsyncJob): Reply {
	const status = state.async.status(job, state.clock());
	if (status !== 'completed') return json(425, { detail: `Request ${job.id} is ${status}; poll its poll_url until the status is completed` });
	return job.reply;
}

export const ASYNC_ROUTES: Route[] = [
	route({ method: 'GET', pattern: /^\/v1\/requests\/([^/]+)$/, validate: callerJob, handle: requestStatus }),
	route({ method: 'GET', pattern: /^\/v1\/responses\/([^/]+)$/, validate: callerJob, handle: response }),
];
