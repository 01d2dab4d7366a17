// POST /generate/svd: the video row. Its validator is the SVD rules table (validation/video.ts); the
// handler renders and encodes. Like the image engines, it honours X-OctoAI-Async.
import { json, type Reply } from '../core/http';
import { route, type CallerContext, type Checked, type Route } from './route-types';
import type { ServerState } from '../state/server-state';
import { FfmpegMissingError } from '../video/encode';
import { generateVideos } from '../video/generate';
import { jsonBody } from './request-body';
import { refuse } from './input';
import { validateVideoRequest, type VideoRequest } from '../validation/video';

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
