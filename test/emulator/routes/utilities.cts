// POST /{utility}: the media utilities' row. Its validator is built from the utilities' rules table
// (validation/utilities.cts); the handler only runs the operation. Like generation, it honours X-OctoAI-Async.
import { json, type Reply } from '../core/http.cts';
import { route, type CallerContext, type Checked, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';
import { jsonBody } from './request-body.cts';
import { refuse } from './input.cts';
import { adetail, creative, removeBackground, segment, upscale } from '../utilities/operations.cts';
import { UTILITIES, type Utility } from '../rules/utilities.cts';
import { validateUtility, type UtilityRequest } from '../validation/utilities.cts';

/** Matches the five media-utility paths; the capture is the utility. */
export const UTILITY_PATH = new RegExp(`^/(${UTILITIES.join('|')})$`);

const RUN: Record<Utility, (r: UtilityRequest) => Promise<unknown>> = {
	upscaling: (r) => upscale(r.params, r.image),
	'background-removal': (r) => removeBackground(r.params, r.image),
	adetailer: (r) => adetail(r.params, r.image),
	segment: (r) => segment(r.params, r.image),
	'creative-generator': (r) => creative(r.params, r),
};

interface UtilityInput {
	utility: Utility;
	request: UtilityRequest;
}

async function utilityInput(_state: ServerState, ctx: CallerContext): Promise<Checked<UtilityInput>> {
	const utility = ctx.params[0] as Utility;
	const body = jsonBody(ctx.body);
	if ('reply' in body) return { ok: false, reply: body.reply };
	const result = await validateUtility(utility, body.value);
	return result.ok ? { ok: true, value: { utility, request: result.request } } : refuse(result.errors);
}

async function runUtility(_state: ServerState, _ctx: CallerContext, { utility, request }: UtilityInput): Promise<Reply> {
	return json(200, await RUN[utility](request));
}

export const UTILITY_ROUTES: Route[] = [route({ method: 'POST', pattern: UTILITY_PATH, async: true, validate: utilityInput, handle: runUtility })];
