// Wait Mode "Asynchronous" through n8n's execution engine against the emulator over HTTP: the
// X-OctoAI-Async POST, polls on the credential's async base, the result handled like the
// synchronous answer, the deadline, cancellation, and a foreign poll_url that is never followed.
import type { INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { damagedPng, picture, runEngineNode, useEmulator, type TestEnv } from './helpers.cts';
import { loopbackServer, proxyWithForeignPollUrl, until } from './loopback-server.cts';

// Phases long enough for a 0.5 s poll to see pending and running.
const env = useEmulator({ asyncPendingMs: 700, asyncRunningMs: 700 });
// A request that never finishes within a test.
const stuck = useEmulator({ asyncPendingMs: 600_000 });

const ASYNC = { waitMode: 'async', pollInterval: 0.5 };

/** The async traffic of an env since `from` (an index into its request log): method, path, status. */
function asyncTraffic(target: TestEnv, from = 0) {
	return target.emulator
		.requests({ token: target.token })
		.slice(from)
		.map((entry) => ({ method: entry.method, path: entry.path, async: entry.headers['x-octoai-async'], status: entry.status }));
}

describe('Wait Mode Asynchronous', () => {
	it('gives the same images as Synchronous for the same seed, polling through pending and running', async () => {
		const parameters = (options: INodeParameters): INodeParameters => ({
			prompt: 'a lighthouse at dusk',
			numImages: 2,
			options: { seed: '4242', ...options },
		});
		const sync = await runEngineNode(env, 'octoAiSdxl', parameters({}));
		const from = env.emulator.requests({ token: env.token }).length;
		const started = Date.now();
		const result = await runEngineNode(env, 'octoAiSdxl', parameters(ASYNC));
		expect(result.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1400);

		expect(result.items).toHaveLength(2);
		for (const [index, item] of result.items.entries()) {
			expect(item.json).toMatchObject({ engine: 'sdxl', imageIndex: index, seed: sync.items[index].json.seed });
			const [asyncBytes, syncBytes] = await Promise.all([
				result.binaryBuffer(item, 'data'),
				sync.binaryBuffer(sync.items[index], 'data'),
			]);
			expect(asyncBytes.equals(syncBytes)).toBe(true);
		}

		const traffic = asyncTraffic(env, from);
		const [post, ...rest] = traffic;
		expect(post).toEqual({ method: 'POST', path: '/generate/sdxl', async: '1', status: 201 });
		const id = /^\/v1\/requests\/(.+)$/.exec(rest[0].path)![1];
		const polls = rest.filter((entry) => entry.path === `/v1/requests/${id}`);
		// 0 s pending, 0.5 s pending, 1 s running, 1.5 s completed (give or take a scheduling tick).
		expect(polls.length).toBeGreaterThanOrEqual(3);
		expect(polls.length).toBeLessThanOrEqual(5);
		expect(polls.every((entry) => entry.status === 200 && entry.async === undefined)).toBe(true);
		expect(rest.at(-1)).toEqual({ method: 'GET', path: `/v1/responses/${id}`, async: undefined, status: 200 });
		expect(rest).toHaveLength(polls.length + 1);
	});

	it('polls see the pending, running and completed phases, one poll interval apart', async () => {
		const from = env.emulator.requests({ token: env.token }).length;
		const result = await runEngineNode(env, 'octoAiSd15', { prompt: 'a fox', options: ASYNC });
		expect(result.error).toBeUndefined();
		const log = env.emulator.requests({ token: env.token }).slice(from);
		// The phases count from the 201, which the emulator sends once it has made the image. The log
		// has the POST's time (stamped once its body was read) and how long it took to answer: their sum
		// is the 201, a few ms at most after the phases' clock started, so a slow generation on a busy
		// machine shifts nothing here.
		const submitted = Date.parse(log[0].time) + log[0].durationMs!;
		const polls = log.filter((entry) => entry.path.startsWith('/v1/requests/')).map((entry) => Date.parse(entry.time) - submitted);
		// The emulator is pending for 700 ms after the 201, then running for 700 ms, then completed.
		expect(polls.some((t) => t < 700)).toBe(true);
		expect(polls.some((t) => t >= 700 && t < 1400)).toBe(true);
		expect(polls.at(-1)).toBeGreaterThanOrEqual(1400);
		for (let n = 1; n < polls.length; n++) expect(polls[n] - polls[n - 1]).toBeGreaterThanOrEqual(450);
	});

	it('stops at Max Wait with an error naming the option and the response id', async () => {
		const from = stuck.emulator.requests({ token: stuck.token }).length;
		const started = Date.now();
		const result = await runEngineNode(stuck, 'octoAiSdxl', {
			prompt: 'a fox',
			options: { waitMode: 'async', pollInterval: 0.5, maxWait: 1.2 },
		});
		const elapsed = Date.now() - started;
		const id = /^\/v1\/requests\/(.+)$/.exec(asyncTraffic(stuck, from)[1].path)![1];
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe(
			`Max Wait (Seconds) (1.2 s) passed before OctoAI finished response ${id} (status: pending)`,
		);
		expect(elapsed).toBeGreaterThanOrEqual(1150);
		expect(elapsed).toBeLessThan(5000);
		// Polls at 0, 0.5, 1.0 and 1.2 s: bounded by the deadline, no result fetched.
		const traffic = asyncTraffic(stuck, from);
		expect(traffic.filter((entry) => entry.path.startsWith('/v1/requests/')).length).toBeLessThanOrEqual(5);
		expect(traffic.some((entry) => entry.path.startsWith('/v1/responses/'))).toBe(false);
	});

	it("a stopped execution ends the wait at once", async () => {
		const controller = new AbortController();
		const from = stuck.emulator.requests({ token: stuck.token }).length;
		const started = Date.now();
		const running = runEngineNode(stuck, 'octoAiSdxl', {
			prompt: 'a fox',
			options: { waitMode: 'async', pollInterval: 30, maxWait: 600 },
		}, { signal: controller.signal });
		const polled = () => asyncTraffic(stuck, from).some((entry) => entry.path.startsWith('/v1/requests/') && entry.status === 200);
		await until(polled, 'the node to poll');
		controller.abort();
		const result = await running;
		expect(result.status).not.toBe('success');
		expect(Date.now() - started).toBeLessThan(5000);
		// One poll, then nothing more after the stop.
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(asyncTraffic(stuck, from).filter((entry) => entry.path.startsWith('/v1/requests/'))).toHaveLength(1);
	});

	it('a 422 read through the response endpoint is the same NodeApiError as the synchronous one', async () => {
		// Whole in structure, so the local checks pass; the API's decoder finds the pixels damaged.
		const corrupt = damagedPng(await picture(64, 64));
		const run = async (options: INodeParameters) =>
			await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', mode: 'imageToImage', inputImage: 'data', options }, {
				inputItems: [await binaryItem(corrupt, 'image/png', 'corrupt.png', 'data')],
			});
		const sync = await run({});
		const from = env.emulator.requests({ token: env.token }).length;
		const asynchronous = await run(ASYNC);
		expect(sync.error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		expect(asynchronous.error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		// The same message, and the exchange it came from (issue 24: the response id and the async base).
		expect(asynchronous.error!.message.startsWith(`${sync.error!.message} (response `)).toBe(true);
		expect(asynchronous.error!.message).toMatch(/ \(response [A-Za-z0-9-]+, Async API Base URL http:\/\/127\.0\.0\.1:\d+\)$/);
		expect(asynchronous.error!.message).toMatch(/OctoAI rejected a parameter \(422\): Input Image \(init_image\): /);
		const traffic = asyncTraffic(env, from);
		expect(traffic[0]).toMatchObject({ method: 'POST', status: 201 });
		expect(traffic.at(-1)).toMatchObject({ method: 'GET', status: 422 });
		expect(traffic.at(-1)!.path).toMatch(/^\/v1\/responses\//);
	});

	it('Continue On Fail keeps the other items when one fails in asynchronous mode', async () => {
		const corrupt = damagedPng(await picture(64, 64));
		const good = await picture(1024, 1024);
		const items = [
			await binaryItem(good, 'image/png', 'good.png', 'data'),
			await binaryItem(corrupt, 'image/png', 'corrupt.png', 'data'),
			await binaryItem(good, 'image/png', 'good.png', 'data'),
		];
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'a fox', mode: 'imageToImage', inputImage: 'data', options: ASYNC },
			{ inputItems: items, continueOnFail: true },
		);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(result.items[0].binary?.data).toBeDefined();
		expect(result.items[1].json.error).toMatch(/422/);
		expect(result.items[2].binary?.data).toBeDefined();
	});

	it.each([
		['a poll interval under the minimum', { pollInterval: 0.1 }, 'Poll Interval (Seconds) (0.1) must be a number at least 0.5 and at most 300'],
		['a deadline over the maximum', { maxWait: 100_000 }, 'Max Wait (Seconds) (100000) must be a number at least 1 and at most 21600'],
		['an unknown wait mode', { waitMode: '=later' }, 'Wait Mode ("later") is not one of: sync, async'],
	])('%s is refused before any request', async (_what, options, message) => {
		const from = env.emulator.requests({ token: env.token }).length;
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: { waitMode: 'async', ...options } });
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe(message);
		expect(env.emulator.requests({ token: env.token }).length).toBe(from);
	});
});

describe('Wait Mode Asynchronous: the token stays on the configured origins', () => {
	it('a poll_url or response_url naming another host is not followed', async () => {
		// The foreign host answers like an OctoAI status endpoint, to tempt a client that follows URLs.
		const foreign = await loopbackServer(async (req) => ({
			status: 200,
			json: { response_id: 'x', status: 'completed', response_url: `http://${req.headers.host}/v1/responses/x` },
		}));
		// The image base forwards the POST to the emulator and swaps the poll_url in its 201 for the foreign host's.
		const image = await proxyWithForeignPollUrl(env.emulator.url, foreign.url);
		try {
			const from = env.emulator.requests({ token: env.token }).length;
			const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: ASYNC }, {
				credentials: { imageBaseUrl: image.url },
			});
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(image.seen).toEqual([{ method: 'POST', url: '/generate/sdxl', authorization: `Bearer ${env.token}` }]);
			expect(foreign.seen).toEqual([]);
			// The polls and the result went to the credential's async base (the emulator) instead.
			const paths = asyncTraffic(env, from).map((entry) => entry.path);
			expect(paths.filter((p) => p.startsWith('/v1/requests/')).length).toBeGreaterThanOrEqual(1);
			expect(paths.at(-1)).toMatch(/^\/v1\/responses\//);
		} finally {
			await image.close();
			await foreign.close();
		}
	});

	it.each([
		['a path', '../../v1/assets'],
		['a URL', 'https://elsewhere.example/x'],
		['no id', undefined],
	])('a 201 whose response_id is %s is refused, and nothing is polled', async (_what, responseId) => {
		const image = await loopbackServer(async () => ({ status: 201, json: { response_id: responseId, poll_url: 'http://127.0.0.1:9/x' } }));
		try {
			const from = env.emulator.requests({ token: env.token }).length;
			const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: ASYNC }, {
				credentials: { imageBaseUrl: image.url },
			});
			expect(result.error).toMatchObject({ name: 'NodeApiError' });
			expect(result.error!.message).toMatch(/^OctoAI accepted the asynchronous request but its answer has no usable response_id/);
			expect(env.emulator.requests({ token: env.token }).length).toBe(from);
		} finally {
			await image.close();
		}
	});
});
