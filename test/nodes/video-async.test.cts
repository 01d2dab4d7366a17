// The Stable Video Diffusion node's Wait Mode through n8n's execution engine against the emulator over
// HTTP: asynchronous by default (the X-OctoAI-Async POST answered 201, polls, the result read on the
// credential's async base and decoded into a playable MP4), Synchronous still available, the deadline,
// Stop, hostile poll answers, and answers of the wrong shape.
import { randomBytes } from 'node:crypto';

import sharp from 'sharp';

import { probeVideo } from '../emulator/video/probe.cts';
import { imageItem, picture, runEngineNode, useEmulator, type TestEnv } from './helpers.cts';
import { loopbackServer, proxyWithForeignPollUrl, until } from './loopback-server.cts';

jest.setTimeout(120_000);

// Phases long enough for a 0.5 s poll to see pending and running.
const env = useEmulator({ asyncPendingMs: 700, asyncRunningMs: 700 });
// A request that never finishes within a test.
const stuck = useEmulator({ asyncPendingMs: 600_000 });

const FAST_POLL = { pollInterval: 0.5 };

async function input(width = 320, height = 180) {
	return [await imageItem({ data: await picture(width, height, 'png') })];
}

/** The env's traffic since `from` (an index into its request log): method, path, async header, status. */
function traffic(target: TestEnv, from = 0) {
	return target.emulator
		.requests({ token: target.token })
		.slice(from)
		.map((entry) => ({ method: entry.method, path: entry.path, async: entry.headers['x-octoai-async'], status: entry.status }));
}

const logLength = (target: TestEnv) => target.emulator.requests({ token: target.token }).length;

function responseIdOf(target: TestEnv, from: number): string {
	const poll = traffic(target, from).find((entry) => entry.path.startsWith('/v1/requests/'));
	if (!poll) throw new Error('the node never polled');
	return poll.path.slice('/v1/requests/'.length);
}

describe('OctoAI Stable Video Diffusion: Wait Mode', () => {
	it('is asynchronous by default: a 201, polls through pending and running, then the result as a playable MP4', async () => {
		const from = logLength(env);
		const result = await runEngineNode(
			env,
			'octoAiStableVideoDiffusion',
			{ inputImage: 'data', resolution: '1024x576', numVideos: 2, fps: 10, options: { seed: '21, 22', ...FAST_POLL } },
			{ inputItems: await input() },
		);
		expect(result.error).toBeUndefined();

		const [post, ...rest] = traffic(env, from);
		expect(post).toEqual({ method: 'POST', path: '/generate/svd', async: '1', status: 201 });
		const id = responseIdOf(env, from);
		const polls = rest.filter((entry) => entry.path === `/v1/requests/${id}`);
		// 0 s pending, 0.5 s pending, 1 s running, 1.5 s completed (give or take a scheduling tick).
		expect(polls.length).toBeGreaterThanOrEqual(3);
		expect(polls.length).toBeLessThanOrEqual(5);
		expect(polls.every((entry) => entry.method === 'GET' && entry.status === 200 && entry.async === undefined)).toBe(true);
		expect(rest.at(-1)).toEqual({ method: 'GET', path: `/v1/responses/${id}`, async: undefined, status: 200 });
		expect(rest).toHaveLength(polls.length + 1);

		expect(result.items).toHaveLength(2);
		for (const [n, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({
				engine: 'svd', seed: 21 + n, videoIndex: n, removed_for_safety: false,
				fileName: `svd-${21 + n}.mp4`, mimeType: 'video/mp4',
				estimated_cost_usd: null, price_basis: expect.stringContaining('no price for Stable Video Diffusion'),
			});
			expect(typeof item.json.safety_score).toBe('number');
			expect(typeof item.json.prediction_time_ms).toBe('number');
			const binary = result.binaryData(item, 'data');
			expect([binary.mimeType, binary.fileExtension, binary.fileName]).toEqual(['video/mp4', 'mp4', `svd-${21 + n}.mp4`]);
			const facts = await probeVideo(await result.binaryBuffer(item, 'data'));
			expect(facts).toMatchObject({ codec: 'h264', width: 1024, height: 576, frames: 25, fps: 10 });
		}
	});

	it('gives the same videos in Synchronous mode, with one POST held open and no polls', async () => {
		const parameters = (waitMode: string) => ({ inputImage: 'data', options: { seed: '5', waitMode, ...FAST_POLL } });
		const asynchronous = await runEngineNode(env, 'octoAiStableVideoDiffusion', parameters('async'), { inputItems: await input() });
		const from = logLength(env);
		const sync = await runEngineNode(env, 'octoAiStableVideoDiffusion', parameters('sync'), { inputItems: await input() });
		expect(sync.error).toBeUndefined();
		expect(traffic(env, from)).toEqual([{ method: 'POST', path: '/generate/svd', async: undefined, status: 200 }]);
		const [syncBytes, asyncBytes] = await Promise.all([
			sync.binaryBuffer(sync.items[0], 'data'),
			asynchronous.binaryBuffer(asynchronous.items[0], 'data'),
		]);
		expect(syncBytes.equals(asyncBytes)).toBe(true);
		expect(await probeVideo(syncBytes)).toMatchObject({ codec: 'h264', frames: 25 });
		expect(sync.items[0].json).toMatchObject({ seed: 5, fileName: 'svd-5.mp4', mimeType: 'video/mp4' });
	});

	it('reports videos removed for safety the same way in asynchronous mode', async () => {
		// The emulator's safety checker flags a mostly pure red picture.
		const red = [await imageItem({ data: await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } }).png().toBuffer() })];
		const from = logLength(env);
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', numVideos: 2, options: FAST_POLL }, { inputItems: red });
		expect(result.status).toBe('success');
		expect(traffic(env, from)[0]).toMatchObject({ path: '/generate/svd', async: '1', status: 201 });
		expect(result.items.map((item) => [item.json.removed_for_safety, item.binary])).toEqual([[true, undefined], [true, undefined]]);
	});

	it('stops at Max Wait with an error naming the option, the deadline and the response id', async () => {
		const from = logLength(stuck);
		const started = Date.now();
		const result = await runEngineNode(
			stuck,
			'octoAiStableVideoDiffusion',
			{ inputImage: 'data', options: { pollInterval: 0.5, maxWait: 1.2 } },
			{ inputItems: await input() },
		);
		const elapsed = Date.now() - started;
		const id = responseIdOf(stuck, from);
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe(`Max Wait (Seconds) (1.2 s) passed before OctoAI finished response ${id} (status: pending)`);
		expect(elapsed).toBeGreaterThanOrEqual(1150);
		expect(elapsed).toBeLessThan(8000);
		const log = traffic(stuck, from);
		expect(log[0]).toMatchObject({ method: 'POST', path: '/generate/svd', async: '1', status: 201 });
		// Polls at 0, 0.5, 1.0 and 1.2 s: bounded by the deadline, no result fetched.
		expect(log.filter((entry) => entry.path.startsWith('/v1/requests/')).length).toBeLessThanOrEqual(5);
		expect(log.some((entry) => entry.path.startsWith('/v1/responses/'))).toBe(false);
	});

	it('a stopped execution ends the wait at once', async () => {
		const controller = new AbortController();
		const from = logLength(stuck);
		const started = Date.now();
		const running = runEngineNode(
			stuck,
			'octoAiStableVideoDiffusion',
			{ inputImage: 'data', options: { pollInterval: 30, maxWait: 600 } },
			{ inputItems: await input(), signal: controller.signal },
		);
		const polled = () => traffic(stuck, from).some((entry) => entry.path.startsWith('/v1/requests/') && entry.status === 200);
		await until(polled, 'the node to poll');
		controller.abort();
		const result = await running;
		expect(result.status).not.toBe('success');
		expect(Date.now() - started).toBeLessThan(8000);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(traffic(stuck, from).filter((entry) => entry.path.startsWith('/v1/requests/'))).toHaveLength(1);
	});

	it('refuses a request over the 10 MB asynchronous limit before sending anything; Synchronous takes it', async () => {
		// Noise does not compress: a 1800 x 1800 PNG is about 9.7 MB, 13 MB as base64 in the body.
		const noise = await sharp(randomBytes(1800 * 1800 * 3), { raw: { width: 1800, height: 1800, channels: 3 } })
			.png({ compressionLevel: 0 })
			.toBuffer();
		const items = [await imageItem({ data: noise })];
		const from = logLength(env);
		const refused = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data' }, { inputItems: items });
		expect(refused.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(refused.error!.message).toMatch(/^The request is 1\d\.\d MB, over the 10 MB OctoAI takes in Wait Mode "Asynchronous"; nothing was sent$/);
		expect(logLength(env)).toBe(from);
		const sync = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: { waitMode: 'sync' } }, { inputItems: items });
		expect(sync.error).toBeUndefined();
		expect(sync.items[0].json.mimeType).toBe('video/mp4');
	});

	it.each([
		['a poll interval under the minimum', { pollInterval: 0.1 }, 'Poll Interval (Seconds) (0.1) must be a number at least 0.5 and at most 300'],
		['a deadline over the maximum', { maxWait: 100_000 }, 'Max Wait (Seconds) (100000) must be a number at least 1 and at most 21600'],
		['an unknown wait mode', { waitMode: '=later' }, 'Wait Mode ("later") is not one of: sync, async'],
	])('%s is refused before any request, as for the engine nodes', async (_what, options, message) => {
		const from = logLength(env);
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options }, { inputItems: await input() });
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(result.error!.message).toBe(message);
		expect(logLength(env)).toBe(from);
	});
});

describe('OctoAI Stable Video Diffusion: hostile asynchronous answers', () => {
	it('a poll_url naming another host is not followed: the status and result come from the async base', async () => {
		const foreign = await loopbackServer(async () => ({ status: 200, json: { status: 'completed' } }));
		const image = await proxyWithForeignPollUrl(env.emulator.url, foreign.url);
		try {
			const from = logLength(env);
			const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: FAST_POLL }, {
				inputItems: await input(),
				credentials: { imageBaseUrl: image.url },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.mimeType).toBe('video/mp4');
			expect(image.seen).toEqual([{ method: 'POST', url: '/generate/svd', authorization: `Bearer ${env.token}` }]);
			expect(foreign.seen).toEqual([]);
			const paths = traffic(env, from).map((entry) => entry.path);
			expect(paths.filter((p) => p.startsWith('/v1/requests/')).length).toBeGreaterThanOrEqual(1);
			expect(paths.at(-1)).toMatch(/^\/v1\/responses\//);
		} finally {
			await image.close();
			await foreign.close();
		}
	});

	it('an async base whose status never completes (and names other hosts) is polled only until Max Wait, never elsewhere', async () => {
		const foreign = await loopbackServer(async () => ({ status: 200, json: { status: 'completed' } }));
		// Accepts the POST, then answers every status read "running", pointing at the foreign host.
		const hostile = await loopbackServer(async (req) =>
			req.method === 'POST'
				? { status: 201, json: { response_id: 'abc123-def45', poll_url: `${foreign.url}/v1/requests/abc123-def45` } }
				: { status: 200, json: { status: 'running', poll_url: `${foreign.url}/p`, response_url: `${foreign.url}/r` } },
		);
		try {
			const started = Date.now();
			const result = await runEngineNode(
				env,
				'octoAiStableVideoDiffusion',
				{ inputImage: 'data', options: { pollInterval: 0.5, maxWait: 2 } },
				{ inputItems: await input(), credentials: { imageBaseUrl: hostile.url, asyncBaseUrl: hostile.url } },
			);
			const elapsed = Date.now() - started;
			expect(result.error).toMatchObject({ name: 'NodeOperationError' });
			expect(result.error!.message).toBe('Max Wait (Seconds) (2 s) passed before OctoAI finished response abc123-def45 (status: running)');
			expect(elapsed).toBeLessThan(8000);
			const polls = hostile.seen.filter((entry) => entry.method === 'GET');
			// 0, 0.5, 1, 1.5 and 2 s: at most Max Wait / Poll Interval + 2.
			expect(polls.length).toBeGreaterThanOrEqual(4);
			expect(polls.length).toBeLessThanOrEqual(6);
			expect(polls.every((entry) => entry.url === '/v1/requests/abc123-def45')).toBe(true);
			expect(foreign.seen).toEqual([]);
			expect(JSON.stringify(result.error)).not.toContain(env.token);
		} finally {
			await hostile.close();
			await foreign.close();
		}
	});

	it.each([
		['sync', { videos: [{ video: 42, seed: 1 }] }, 'videos[0].video is number, not base64 text'],
		['async', { videos: [{ video: 42, seed: 1 }] }, 'videos[0].video is number, not base64 text'],
		['async', { videos: 'none' }, '"videos" is string, not a list'],
		['sync', { images: [] }, '"videos" is undefined, not a list'],
		['async', { videos: [null] }, 'videos[0] is null, not a video object'],
		['sync', { videos: [{ video: null, removed_for_safety: 'yes' }] }, 'videos[0].removed_for_safety is string, not a boolean'],
	])('a %s answer %j of the wrong shape is a NodeApiError saying what is wrong', async (waitMode, answer, problem) => {
		// Accepts the request in either mode and completes at once; the answer is `answer`.
		const server = await loopbackServer(async (req) => {
			if (req.method === 'POST' && req.headers['x-octoai-async'] === '1') return { status: 201, json: { response_id: 'r-1' } };
			if (req.url === '/v1/requests/r-1') return { status: 200, json: { status: 'completed' } };
			return { status: 200, json: answer };
		});
		try {
			const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: { waitMode, ...FAST_POLL } }, {
				inputItems: await input(),
				credentials: { imageBaseUrl: server.url, asyncBaseUrl: server.url },
			});
			expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '200', context: { itemIndex: 0 } });
			const exchange = waitMode === 'async' ? ` (response r-1, Async API Base URL ${server.url})` : '';
			expect(result.error!.message).toBe(`OctoAI answered 200 with an unexpected shape: ${problem}${exchange}`);
			const last = server.seen.at(-1)!;
			expect(last.url).toBe(waitMode === 'async' ? '/v1/responses/r-1' : '/generate/svd');
		} finally {
			await server.close();
		}
	});

	it('a video that is not valid base64 is a NodeApiError naming the video, in asynchronous mode too', async () => {
		const server = await loopbackServer(async (req) => {
			if (req.method === 'POST') return { status: 201, json: { response_id: 'r-2' } };
			if (req.url === '/v1/requests/r-2') return { status: 200, json: { status: 'completed' } };
			return { status: 200, json: { videos: [{ video: 'AAAA!!!!', seed: 3 }] } };
		});
		try {
			const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: FAST_POLL }, {
				inputItems: await input(),
				credentials: { imageBaseUrl: server.url, asyncBaseUrl: server.url },
			});
			expect(result.error).toMatchObject({ name: 'NodeApiError' });
			expect(result.error!.message).toBe(`OctoAI answered with an unreadable video: videos[0].video in the response is not valid base64 (response r-2, Async API Base URL ${server.url})`);
		} finally {
			await server.close();
		}
	});
});
