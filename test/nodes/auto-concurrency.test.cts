// Concurrency "Auto" (nodes/shared/http/adaptive-limit.ts) through n8n's engine against the emulator's pace
// models (test/emulator/pace/pace.cts): a rate limit, one GPU, four GPUs, and a server that takes everything
// at once. Fast paces (200 ms per generation, limits per second) keep the file short.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import sharp from 'sharp';

import { AUTO_START } from '../../nodes/shared/http/adaptive-limit';
import type { LoggedRequest } from '../emulator/index.cts';
import { maxOverlap, settledConcurrency, type Interval } from '../reliability/support/timeline.cts';
import { runEngineNode, useEmulator, type TestEnv } from './helpers.cts';

const GENERATION_MS = 200;

function inputs(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { prompt: `a lighthouse, item ${i}` } }));
}

/** Version 1.1 with Concurrency left out: Auto, the default. */
async function runAuto(env: TestEnv, count: number, parameters: Partial<INodeParameters> = {}, typeVersion = 1.1) {
	const started = Date.now();
	const result = await runEngineNode(
		env,
		'octoAiSd15',
		{ prompt: '={{ $json.prompt }}', options: { imageEncoding: 'jpeg' }, ...parameters },
		{ inputItems: inputs(count), typeVersion, timeoutMs: 120_000 },
	);
	return { ...result, wallMs: Date.now() - started };
}

function generations(env: TestEnv): LoggedRequest[] {
	return env.emulator.requests({ token: env.token }).filter((entry) => entry.path.includes('/generate/'));
}

function spans(requests: readonly LoggedRequest[]): Interval[] {
	return requests.map((entry) => {
		const start = Date.parse(entry.time);
		return { start, end: start + (entry.durationMs ?? 0) };
	});
}

/** Every input has its one image, in input order, and no item is an error. */
function expectAllImages(items: INodeExecutionData[], count: number) {
	expect(items.map((item) => item.json.error)).toEqual(new Array(count).fill(undefined));
	expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(Array.from({ length: count }, (_, i) => i));
	for (const item of items) expect(item.binary?.data).toBeDefined();
}

describe('Concurrency Auto under a rate limit (2 generations per second, answered 429 with Retry-After)', () => {
	const RATE = { requests: 2, perMs: 1000 };
	const env = useEmulator({ rateLimit: RATE });

	it('every item succeeds with the default Max Retries, nothing is sent while Retry-After runs, and the run takes about N / rate', async () => {
		const count = 12;
		const result = await runAuto(env, count);
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, count);

		const requests = generations(env);
		const limited = requests.filter((entry) => entry.status === 429);
		expect(limited.length).toBeGreaterThan(0);
		expect(requests.filter((entry) => entry.status === 200)).toHaveLength(count);
		// After each 429, no request arrives before the Retry-After it named (1 s) has passed, except
		// those sent before the node read that answer (250 ms of slack for a busy machine).
		for (const answer of limited) {
			const answeredAt = Date.parse(answer.time) + (answer.durationMs ?? 0);
			const early = requests.filter((entry) => {
				const at = Date.parse(entry.time);
				return at > answeredAt + 250 && at < answeredAt + 1000 - 50;
			});
			expect({ after: answer.seq, early: early.map((entry) => entry.seq) }).toEqual({ after: answer.seq, early: [] });
		}
		// Once paced, at most one probe per window finds the limit reached: no flood of refused requests.
		const firstResume = Date.parse(limited[0].time) + 1000;
		const laterRefusals = limited.filter((entry) => Date.parse(entry.time) > firstResume).length;
		expect(laterRefusals).toBeLessThanOrEqual(2 * Math.ceil((result.wallMs - 1000) / 1000));
		// The limit's own minimum is (12 - 2) / 2 per second = 5 s after the first window.
		expect(result.wallMs).toBeLessThan(5000 * 1.2 + 1500);
	});

	it('at 1 per second a fixed Concurrency of 4 runs out of retries; 0 (Auto, here on a version 1 node) finishes every item', async () => {
		env.emulator.setPace({ rateLimit: { requests: 1, perMs: 1000 } });
		const count = 6;
		const fixed = await runAuto(env, count, { options: { imageEncoding: 'jpeg', concurrency: 4 } }, 1);
		expect(fixed.error?.message).toMatch(/rate limit/i);
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const auto = await runAuto(env, count, { options: { imageEncoding: 'jpeg', concurrency: 0 } }, 1);
		expect(auto.error).toBeUndefined();
		expectAllImages(auto.items, count);
	});

	it('from version 1.1 a fixed Concurrency never fails on a rate limit either: 16 at once, every item succeeds', async () => {
		env.emulator.setPace({ rateLimit: { requests: 2, perMs: 1000 } });
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const count = 16;
		const before = generations(env).length;
		const fixed = await runAuto(env, count, { options: { imageEncoding: 'jpeg', concurrency: 16 } });
		expect(fixed.error).toBeUndefined();
		expectAllImages(fixed.items, count);
		const requests = generations(env).slice(before);
		expect(requests.filter((entry) => entry.status === 429).length).toBeGreaterThan(0);
		expect(requests.filter((entry) => entry.status === 200)).toHaveLength(count);
	});
});

describe('rate-limit retries that do not use up Max Retries (version 1.1)', () => {
	const env = useEmulator({});

	it('a 429 that names no wait is retried after a back-off that doubles (1 s, then 1-2 s, then 2-4 s), not once a second', async () => {
		env.emulator.queueFaults(env.token, [{ kind: 'status', status: 429, times: 3 }]);
		const result = await runAuto(env, 1, { options: { imageEncoding: 'jpeg', concurrency: 2 } });
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, 1);
		const arrivals = generations(env).map((entry) => Date.parse(entry.time));
		expect(arrivals).toHaveLength(4);
		const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
		expect(gaps[2]).toBeGreaterThanOrEqual(1950);
	}, 30_000);
});

describe('Concurrency Auto and input images', () => {
	const env = useEmulator({ capacity: { slots: 1, generationMs: 300 } });

	it('an item takes its slot before its input image is read: one GPU, 16 image URLs, never all fetched at once', async () => {
		const photo = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#336699' } }).jpeg().toBuffer();
		const fetchedAt: number[] = [];
		const server = createServer((_req, res) => {
			fetchedAt.push(Date.now());
			res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': photo.length }).end(photo);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.jpg`;
		try {
			const count = 16;
			const result = await runEngineNode(
				env,
				'octoAiSdxl',
				{ prompt: '={{ $json.prompt }}', mode: 'imageToImage', inputImage: url, options: { imageEncoding: 'jpeg' } },
				{ inputItems: inputs(count), typeVersion: 1.1, timeoutMs: 120_000 },
			);
			expect(result.error).toBeUndefined();
			expectAllImages(result.items, count);
			const firstAnswer = Math.min(...generations(env).map((entry) => Date.parse(entry.time) + (entry.durationMs ?? 0)));
			// Before the first answer only the slots Auto starts with may read their images.
			expect(fetchedAt.filter((at) => at < firstAnswer).length).toBeLessThanOrEqual(AUTO_START);
			expect(fetchedAt).toHaveLength(count);
		} finally {
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	}, 60_000);
});

describe('Concurrency Auto in Wait Mode "Asynchronous"', () => {
	const env = useEmulator({ asyncPendingMs: 1500 });

	it('sends 4 exchanges at once, not every item: the server accepts at once, so answer times show no load', async () => {
		const count = 12;
		const result = await runAuto(env, count, { options: { imageEncoding: 'jpeg', waitMode: 'async', pollInterval: 0.5 } });
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, count);
		const log = env.emulator.requests({ token: env.token });
		const firstRead = log.findIndex((entry) => entry.path.startsWith('/v1/responses/'));
		expect(firstRead).toBeGreaterThan(0);
		// Each exchange holds its slot until its result is read: before the first read, at most 4 billed POSTs.
		expect(log.slice(0, firstRead).filter((entry) => entry.path.includes('/generate/'))).toHaveLength(4);
	}, 60_000);
});

describe(`Concurrency Auto against GPUs that queue (${GENERATION_MS} ms per image)`, () => {
	const env = useEmulator({ capacity: { slots: 1, generationMs: GENERATION_MS } });

	it('one GPU: settles at 1 to 2 in flight, every item succeeds', async () => {
		const count = 20;
		const result = await runAuto(env, count);
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, count);
		expect(settledConcurrency(spans(generations(env)))).toBeGreaterThanOrEqual(1);
		expect(settledConcurrency(spans(generations(env)))).toBeLessThanOrEqual(2);
		// The GPU never idles for long: about one generation time per item.
		expect(result.wallMs).toBeLessThan(count * GENERATION_MS * 1.5 + 1500);
	});

	it('four GPUs: settles at 3 to 8 in flight', async () => {
		env.emulator.setPace({ capacity: { slots: 4, generationMs: GENERATION_MS } });
		env.emulator.clearLog();
		const count = 48;
		const result = await runAuto(env, count);
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, count);
		const settled = settledConcurrency(spans(generations(env)));
		expect(settled).toBeGreaterThanOrEqual(3);
		expect(settled).toBeLessThanOrEqual(8);
		expect(result.wallMs).toBeLessThan((count / 4) * GENERATION_MS * 2 + 2000);
	});
});

// 1 s per image here: the emulator makes its images on this machine's CPU, and at 200 ms a dozen of
// them at once would already queue there (a real queue, which Auto rightly answers by holding back).
describe('Concurrency Auto against a server that takes everything at once (1 s per image)', () => {
	const env = useEmulator({ capacity: { slots: 1000, generationMs: 1000 } });

	it('grows to at least 16 in flight for 32 items', async () => {
		const count = 32;
		const result = await runAuto(env, count);
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, count);
		expect(maxOverlap(spans(generations(env)))).toBeGreaterThanOrEqual(16);
	});
});

describe('Concurrency Auto when an item fails without Continue On Fail', () => {
	const env = useEmulator({ capacity: { slots: 1000, generationMs: GENERATION_MS } });

	it('stops the run: requests still waiting for a slot are never sent', async () => {
		env.emulator.queueFaults(env.token, [{ kind: 'status', status: 400 }]);
		const result = await runAuto(env, 32);
		expect(result.error?.message).toMatch(/400|bad request/i);
		// Auto starts with AUTO_START in flight; the failure stops the others before they go out.
		expect(generations(env).length).toBeLessThanOrEqual(AUTO_START);
	});
});

describe('Concurrency Auto shared by parallel runs of one credential and base URL', () => {
	const env = useEmulator({ capacity: { slots: 4, generationMs: GENERATION_MS } });

	it('two executions at once against four GPUs settle at 3 to 8 in flight together, not each', async () => {
		const [first, second] = await Promise.all([runAuto(env, 32), runAuto(env, 32)]);
		for (const run of [first, second]) {
			expect(run.error).toBeUndefined();
			expectAllImages(run.items, 32);
		}
		const settled = settledConcurrency(spans(generations(env)));
		expect(settled).toBeGreaterThanOrEqual(3);
		expect(settled).toBeLessThanOrEqual(8);
	});
});

describe('Concurrency Auto when the server becomes slower (the limit is shared by later runs)', () => {
	const env = useEmulator({ capacity: { slots: 4, generationMs: 100 } });

	it('takes the slower time as the new base line instead of a queue: still 3 to 8 in flight on four GPUs', async () => {
		expect((await runAuto(env, 24)).error).toBeUndefined();
		env.emulator.setPace({ capacity: { slots: 4, generationMs: 600 } });
		env.emulator.clearLog();
		const result = await runAuto(env, 32);
		expect(result.error).toBeUndefined();
		expectAllImages(result.items, 32);
		const settled = settledConcurrency(spans(generations(env)));
		expect(settled).toBeGreaterThanOrEqual(3);
		expect(settled).toBeLessThanOrEqual(8);
	});
});
