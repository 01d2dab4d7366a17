import { json, type Reply } from './http';
import type { CallerContext } from './routes';
import type { ServerState } from './state';
import { FfmpegMissingError } from './video/encode';
import { generateVideos } from './video/generate';
import { jsonBody } from './validation/request-body';
import { validateVideoRequest } from './validation/video';

/** POST /generate/svd: parse, validate against the SVD rules table, render and encode, answer. */
export async function svdRoute(_state: ServerState, ctx: CallerContext): Promise<Reply> {
	const body = jsonBody(ctx.body);
	if ('reply' in body) return body.reply;
	const started = performance.now();
	const result = await validateVideoRequest(body.value);
	if (!result.ok) return json(422, { detail: result.errors });
	try {
		const videos = await generateVideos(result.request);
		return json(200, { videos, prediction_time_ms: Math.round((performance.now() - started) * 10) / 10 });
	} catch (error) {
		// The emulator's own set-up problem, not an API answer: say what to install.
		if (error instanceof FfmpegMissingError) return json(500, { detail: `Emulator set-up: ${error.message}` });
		throw error;
	}
}
