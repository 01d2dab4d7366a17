// POST /generate/{engine}: the request validator (rules table + the caller's assets) and the generator.
import { generateImages } from '../images/generate.cts';
import { json, type Reply } from '../core/http.cts';
import { findEngine } from '../rules/engines.cts';
import { route, type CallerContext, type Checked, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';
import type { GenerationRequest } from '../validation/validator.cts';
import { jsonBody } from './request-body.cts';
import { refuse } from './input.cts';

/** Validates against the engine's rows and resolves the assets named as the calling tenant sees them. */
async function generationInput(state: ServerState, ctx: CallerContext): Promise<Checked<GenerationRequest>> {
	const engine = findEngine(ctx.params[0]);
	if (!engine) return { ok: false, reply: json(404, { detail: 'Not Found' }) };
	const body = jsonBody(ctx.body);
	if ('reply' in body) return { ok: false, reply: body.reply };
	const result = await state.validate(engine, body.value, state.assets.lookup(ctx.tenant, Date.now()));
	return result.ok ? { ok: true, value: result.request } : refuse(result.errors);
}

async function generate(state: ServerState, _ctx: CallerContext, request: GenerationRequest): Promise<Reply> {
	const started = performance.now();
	const images = await generateImages(request, state.safetyWord);
	return json(200, { images, prediction_time_ms: Math.round((performance.now() - started) * 10) / 10 });
}

export const GENERATE_ROUTES: Route[] = [route({ method: 'POST', pattern: /^\/generate\/([^/]+)$/, async: true, validate: generationInput, handle: generate })];
