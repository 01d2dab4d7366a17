import { json, type Reply } from '../http';
import type { CallerContext } from '../routes';
import type { ServerState } from '../state';
import { jsonBody } from '../validation/request-body';
import { adetail, creative, removeBackground, segment, upscale } from './operations';
import { UTILITIES, type Utility } from './rules';
import { validateUtility, type UtilityRequest } from './validate';

/** Matches the five media-utility paths; the capture is the utility. */
export const UTILITY_PATH = new RegExp(`^/(${UTILITIES.join('|')})$`);

const RUN: Record<Utility, (r: UtilityRequest) => Promise<unknown>> = {
	upscaling: (r) => upscale(r.params, r.image),
	'background-removal': (r) => removeBackground(r.params, r.image),
	adetailer: (r) => adetail(r.params, r.image),
	segment: (r) => segment(r.params, r.image),
	'creative-generator': (r) => creative(r.params, r),
};

/** POST /{utility}: parse, validate against the utilities' rules table, run, answer. */
export async function utilityRoute(_state: ServerState, ctx: CallerContext): Promise<Reply> {
	const utility = ctx.params[0] as Utility;
	const body = jsonBody(ctx.body);
	if ('reply' in body) return body.reply;
	const result = await validateUtility(utility, body.value);
	if (!result.ok) return json(422, { detail: result.errors });
	return json(200, await RUN[utility](result.request));
}
