// POST /generate/svd: the video row. Its validator is the SVD rules table (validation/video.cts); the
// handler renders and encodes. Like the image engines, it honours X-OctoAI-Async.
import { json, type Reply } from '../core/http.cts';
import { route, type CallerContext, type Checked, type Route } from './route-types.cts';
import type { ServerState } from '../state/server-state.cts';
import { FfmpegMissingError } from '../video/encode.cts';
import { generateVideos } from '../video/generate.cts';
import { jsonBody } from './request-body.cts';
import { refuse } from './input.cts';
import { validateVideoRequest, type VideoRequest } from '../validation/video.cts';

async function videoInput(_state: ServerState, ctx: CallerContext): Promise<Checked<VideoRequest>> {
	const body = jsonBody(ctx.body);
	if ('reply' in body) return { ok: false, reply: body.reply };
	const result = await validateVideoRequest(body.value);
	return result.ok ? { ok: true, value: result.request } : refuse(result.errors);
}

async function generateVideo(_state: ServerState, _ctx: CallerContext, request: VideoRequest): Promise<Reply> {
	const started = performance.now();
	try {
		const videos = await generateVideos(request);
		return json(200, { videos, prediction_time_ms: Math.round((performance.now() - started) * 10) / 10 });
	} catch (error) {
		// The emulator's own set-up problem, not an API answer: say what to install.
		if (error instanceof FfmpegMissingError) return json(500, { detail: `Emulator set-up: ${error.message}` });
		throw error;
	}
}

// Listed before the image engines' row, whose pattern would otherwise take /generate/svd.
export const SVD_ROUTES: Route[] = [route({ method: 'POST', pattern: /^\/generate\/svd$/, async: true, validate: videoInput, handle: generateVideo })];
