import { generateImages } from './images/generate';
import { json, type Reply } from './http';
import { findEngine } from './rules/engines';
import type { RouteContext } from './routes';
import type { ServerState } from './state';
import { jsonInvalid, missing } from './validation/errors';

/** POST /generate/{engine}: parse, validate against the rules table, generate, answer. */
export async function generateRoute(state: ServerState, ctx: RouteContext): Promise<Reply> {
	const engine = findEngine(ctx.params[0]);
	if (!engine) return json(404, { detail: 'Not Found' });
	if (ctx.body.kind === 'empty') return json(422, { detail: [missing(['body'])] });
	if (ctx.body.kind === 'invalid') {
		const position = Number(/position (\d+)/.exec(ctx.body.error.message)?.[1] ?? 0);
		return json(422, { detail: [jsonInvalid(position, ctx.body.error.message)] });
	}
	const started = performance.now();
	const result = await state.validate(engine, ctx.body.value);
	if (!result.ok) return json(422, { detail: result.errors });
	const images = await generateImages(result.request, state.safetyWord);
	return json(200, { images, prediction_time_ms: Math.round((performance.now() - started) * 10) / 10 });
}
