import { generateImages } from './images/generate';
import { json, type Reply } from './http';
import { findEngine } from './rules/engines';
import type { CallerContext } from './routes';
import type { ServerState } from './state';
import { jsonBody } from './validation/request-body';

/** POST /generate/{engine}: parse, validate against the rules table and the caller's assets, generate, answer. */
export async function generateRoute(state: ServerState, ctx: CallerContext): Promise<Reply> {
	const engine = findEngine(ctx.params[0]);
	if (!engine) return json(404, { detail: 'Not Found' });
	const body = jsonBody(ctx.body);
	if ('reply' in body) return body.reply;
	const started = performance.now();
	const result = await state.validate(engine, body.value, state.assets.lookup(ctx.tenant, Date.now()));
	if (!result.ok) return json(422, { detail: result.errors });
	const images = await generateImages(result.request, state.safetyWord);
	return json(200, { images, prediction_time_ms: Math.round((performance.now() - started) * 10) / 10 });
}
