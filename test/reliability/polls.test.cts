/**
 * Issue 10, class 2 for the waits: the asynchronous inference poll of the engine nodes and the
 * fine-tune and asset waits of the platform nodes, through n8n's real engine against a hostile
 * loopback server that never finishes, answers statuses that are not statuses, names other hosts
 * to poll, or throttles the poll. Each wait ends at its deadline with an error that says so, polls
 * no faster than its minimum interval, and sends the token only to the configured bases.
 */
import type { INodeParameters } from 'n8n-workflow';

import { picture } from '../nodes/helpers.cts';
import { locator, runPlatformNode, trainingItems } from '../nodes/platform-helpers.cts';
import { HostileServer, json, type HostileHandler } from './support/hostile-server.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('polls');
const env = suite.emulator();
const server = new HostileServer();
const other = new HostileServer();

beforeAll(async () => {
	await server.start();
	await other.start();
});
afterAll(async () => {
	await server.close();
	await other.close();
});

const bases = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url, asyncBaseUrl: server.url });
const ASYNC = { prompt: 'a lighthouse', options: { waitMode: 'async', pollInterval: 0.5, maxWait: 2, maxRetries: 0 } };

/** Accepts the asynchronous POST with `accepted`, then answers every status read with `status`. */
function asyncServer(status: HostileHandler, accepted: unknown = { response_id: 'resp-1', poll_url: `${'http://'}elsewhere/v1/requests/resp-1` }): HostileHandler {
	return (request, res) => (request.method === 'POST' ? json(res, 201, accepted) : status(request, res));
}

async function generate(handler: HostileHandler, parameters: INodeParameters = ASYNC) {
	server.use(handler);
	const started = Date.now();
	const result = await suite.run(env, 'octoAiSd15', parameters, { credentials: bases() });
	const polls = server.requests.filter((r) => r.path.startsWith('/v1/requests/'));
	return { error: result.error, polls, ms: Date.now() - started };
}

describe('the asynchronous inference poll', () => {
	it.each([
		['"running" forever', { status: 'running' }, 'running'],
		['a status that is an object', { status: { phase: 'x' } }, 'an object'],
		['a status of null', { status: null }, 'unknown'],
		['no status at all', {}, 'unknown'],
	])('a server answering %s: ends at Max Wait, at most Max Wait / Poll Interval + 2 reads', async (_name, body, shown) => {
		suite.countCase('2 work that never ends');
		const { error, polls, ms } = await generate(asyncServer((_r, res) => json(res, 200, body)));
		expect(error?.name).toBe('NodeOperationError');
		expect(error!.message).toBe(`Max Wait (Seconds) (2 s) passed before OctoAI finished response resp-1 (status: ${shown})`);
		expect(polls.length).toBeGreaterThanOrEqual(3);
		expect(polls.length).toBeLessThanOrEqual(2 / 0.5 + 2);
		expect(ms).toBeLessThan(6_000);
	});

	it('a poll_url on another host is never read: the status comes from the configured async base', async () => {
		suite.countCase('1 secrets in errors');
		other.use((_r, res) => json(res, 200, { status: 'completed' }));
		const { polls } = await generate(asyncServer((_r, res) => json(res, 200, { status: 'running' }), { response_id: 'resp-2', poll_url: `${other.url}/v1/requests/resp-2` }));
		expect(polls.every((r) => r.path === '/v1/requests/resp-2' && r.headers.authorization === `Bearer ${env.token}`)).toBe(true);
		expect(other.requests).toHaveLength(0);
	});

	it.each([['../../v1/assets'], ['a/b'], [''], [42]])('a response_id of %j: refused before any poll', async (id) => {
		suite.countCase('4 values not what they seem');
		const { error, polls } = await generate(asyncServer((_r, res) => json(res, 200, { status: 'completed' }), { response_id: id }));
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toMatch(/^OctoAI accepted the asynchronous request but its answer has no usable response_id/);
		expect(polls).toHaveLength(0);
	});

	it('a status endpoint that throttles with Retry-After far beyond Max Wait: the wait still ends near Max Wait', async () => {
		suite.countCase('2 work that never ends');
		const { error, ms } = await generate(
			asyncServer((_r, res) => json(res, 429, { detail: 'slow down' }, { 'retry-after': '100' })),
			{ ...ASYNC, options: { ...ASYNC.options, maxRetries: 2 } },
		);
		// The wait is not cut short by the throttle: it reads once more at Max Wait, then ends with its own error.
		expect(error?.message).toBe('Max Wait (Seconds) (2 s) passed before OctoAI finished response resp-1 (status: no status read answered within the wait)');
		expect((error as { description?: string }).description).toMatch(/The last status read at the deadline failed too: .*(429|slow down)/);
		expect(ms).toBeGreaterThanOrEqual(1_900);
		expect(ms).toBeLessThan(10_000);
	}, 30_000);

	it('Max Retries 0 and a status read told to come back in 1 s: the wait reads again then, and outputs the billed image', async () => {
		suite.countCase('billed-work-kept');
		const png = (await picture(32, 32)).toString('base64');
		const readAt: number[] = [];
		server.use(
			asyncServer((request, res) => {
				if (request.path.startsWith('/v1/responses/')) return json(res, 200, { images: [{ image_b64: png, seed: 4 }] });
				readAt.push(Date.now());
				return readAt.length === 1 ? json(res, 429, { detail: 'slow down' }, { 'retry-after': '1' }) : json(res, 200, { status: 'completed' });
			}),
		);
		const started = Date.now();
		const result = await suite.run(env, 'octoAiSd15', { ...ASYNC, options: { ...ASYNC.options, maxWait: 20, maxRetries: 0 } }, { credentials: bases() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ seed: 4 });
		expect(readAt).toHaveLength(2);
		// Retry-After honoured (1 s, above the 0.5 s Poll Interval), and far from Max Wait.
		expect(readAt[1] - readAt[0]).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeLessThan(10_000);
	}, 30_000);

	it('a read throttled past Max Wait while the work finishes: the read at the deadline outputs the billed image', async () => {
		suite.countCase('billed-work-kept');
		const png = (await picture(32, 32)).toString('base64');
		let reads = 0;
		const handler = asyncServer((request, res) => {
			if (request.path.startsWith('/v1/responses/')) return json(res, 200, { images: [{ image_b64: png, seed: 9 }] });
			// The first status read is told to come back in 100 s, long after Max Wait (2 s); the work is done by then.
			return ++reads === 1 ? json(res, 429, { detail: 'slow down' }, { 'retry-after': '100' }) : json(res, 200, { status: 'completed' });
		});
		server.use(handler);
		const started = Date.now();
		const result = await suite.run(env, 'octoAiSd15', { ...ASYNC, options: { ...ASYNC.options, maxRetries: 2 } }, { credentials: bases() });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ seed: 9 });
		expect(reads).toBe(2);
		// It waited to the deadline (Retry-After was longer), not past it.
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
		expect(Date.now() - started).toBeLessThan(10_000);
	}, 30_000);
});

describe('a failed last read at the deadline ends the wait with its own error and advice', () => {
	it('Max Wait: a last read throttled beyond its short timeout gives the Max Wait error, the 429 in its description', async () => {
		suite.countCase('2 work that never ends');
		let reads = 0;
		// Reads at 0 and 1.5 s say running; the one at the deadline (3 s) is throttled for 10 s, beyond its
		// own short timeout. The second read has 1.5 s of slack before it would become the last one.
		const status: HostileHandler = (_r, res) => (++reads <= 2 ? json(res, 200, { status: 'running' }) : json(res, 429, { detail: 'slow down' }, { 'retry-after': '10' }));
		const { error, ms } = await generate(asyncServer(status), { ...ASYNC, options: { ...ASYNC.options, pollInterval: 1.5, maxWait: 3, maxRetries: 2 } });
		expect(error?.message).toBe('Max Wait (Seconds) (3 s) passed before OctoAI finished response resp-1 (status: running)');
		const description = (error as { description?: string }).description;
		expect(description).toContain('Raise "Max Wait (Seconds)" in Options.');
		expect(description).toMatch(/The last status read at the deadline failed too: .*(429|slow down)/);
		expect(reads).toBe(3);
		expect(ms).toBeLessThan(10_000);
	}, 20_000);
});

describe('the fine-tune wait', () => {
	const TUNE_ID = 'tune_01HPOLL';
	const CHECKPOINT = { id: 'asset_01HCKPT', name: 'sdxl-base', asset_type: 'checkpoint', status: 'ready', data: { asset_type: 'checkpoint', engine: 'image/stable-diffusion-xl-v1-0' } };

	/** Fine-Tuning's Create LoRA Tune on 2 training images, waiting 1.2 s (Timeout 0.02 minutes) for the tune. */
	async function createPolledTune(options: Record<string, number>) {
		return await runPlatformNode(
			env,
			'octoAiFineTuning',
			{
				operation: 'create',
				tuneName: 'polled',
				triggerWord: 'sks dog',
				engine: CHECKPOINT.data.engine,
				baseCheckpoint: locator('id', CHECKPOINT.id),
				waitForCompletion: true,
				timeoutMinutes: 0.02,
				options,
			},
			{ credentials: bases(), inputItems: await trainingItems(2) },
		);
	}

	/** A platform API that takes the uploads at once and then reports the tune with `status` forever. */
	function platform(status: unknown): HostileHandler {
		let assets = 0;
		return (request, res) => {
			const tune = { id: TUNE_ID, name: 'polled', status, details: {} };
			if (request.method === 'POST' && request.path === '/v1/assets') {
				const id = `asset_01HFILE${++assets}`;
				return json(res, 200, { asset: { id, name: id, asset_type: 'file', status: 'ready_to_upload', data: { asset_type: 'file' } }, transfer_api: { type: 'presigned-url', put_url: `${server.url}/put/${id}`, get_url: '' } });
			}
			if (request.method === 'PUT') return res.writeHead(200).end();
			if (request.path.endsWith('/complete-upload')) return json(res, 200, {});
			if (request.path === `/v1/assets/${CHECKPOINT.id}`) return json(res, 200, { asset: CHECKPOINT });
			if (request.path.startsWith('/v1/assets/')) {
				const id = request.path.split('/')[3];
				return json(res, 200, { asset: { id, name: id, asset_type: 'file', status: 'ready', data: { asset_type: 'file' } } });
			}
			if (request.path === '/v1/tune' || request.path.startsWith(`/v1/tune/${TUNE_ID}`)) return json(res, 200, tune);
			return json(res, 404, { detail: 'not found' });
		};
	}

	it.each([
		['"running" forever', 'running', 'running'],
		['a status no tune has', 'almost-done', 'almost-done'],
	])('a tune %s: the wait ends at Timeout (Minutes), reading no faster than the Poll Interval', async (_name, status, shown) => {
		suite.countCase('2 work that never ends');
		server.use(platform(status));
		const started = Date.now();
		const result = await createPolledTune({ pollInterval: 0.1 });
		suite.record('tune wait', result);
		expect(result.error?.message).toBe(`Fine-tune "polled" (${TUNE_ID}) did not finish within 1.2 s (status: ${shown})`);
		const reads = server.requests.filter((r) => r.method === 'GET' && r.path === `/v1/tune/${TUNE_ID}`);
		expect(reads.length).toBeGreaterThanOrEqual(3);
		expect(reads.length).toBeLessThanOrEqual(Math.round(1.2 / 0.1) + 2);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	/** The platform API above, but every status read of a tune (or of an uploaded image) is throttled. */
	function throttled(what: 'tune' | 'upload'): HostileHandler {
		const base = platform('running');
		return (request, res) => {
			const read = request.method === 'GET' && (what === 'tune' ? request.path === `/v1/tune/${TUNE_ID}` : request.path.startsWith('/v1/assets/asset_01HFILE'));
			return read ? json(res, 429, { detail: 'slow down' }, { 'retry-after': '100' }) : base(request, res);
		};
	}

	it("the training-upload wait: a 429 on the read at its deadline still says to raise Upload Timeout", async () => {
		suite.countCase('2 work that never ends');
		const base = platform('running');
		let reads = 0;
		server.use((request, res) => {
			if (request.method !== 'GET' || request.path !== '/v1/assets/asset_01HFILE1') return base(request, res);
			// Upload Timeout 2 s, Poll Interval 1 s: the third read is the one at the deadline, throttled for 10 s.
			if (++reads <= 2) return json(res, 200, { asset: { id: 'asset_01HFILE1', name: 'asset_01HFILE1', asset_type: 'file', status: 'uploading', data: { asset_type: 'file' } } });
			return json(res, 429, { detail: 'slow down' }, { 'retry-after': '10' });
		});
		const result = await createPolledTune({ pollInterval: 1, uploadTimeout: 2 });
		suite.record('upload wait throttled last read', result);
		const error = result.error as (Error & { description?: string }) | undefined;
		expect(error?.message).toMatch(/^Asset "asset_01HFILE1" \(asset_01HFILE1\) was not ready within 2 s \(status: uploading\)/);
		expect(error?.description).toContain('Raise "Upload Timeout (Seconds)" in Options.');
		expect(error?.description).toMatch(/The last status read at the deadline failed too: .*(429|slow down)/);
		expect(reads).toBe(3);
		expect(server.requests.some((r) => r.path === '/v1/tune')).toBe(false);
	}, 30_000);

	it.each([
		['the tune', 'tune' as const],
		['the uploaded training images', 'upload' as const],
	])('a server that throttles the status reads of %s with Retry-After far beyond the timeout: the wait still ends near it', async (_name, what) => {
		suite.countCase('2 work that never ends');
		server.use(throttled(what));
		const started = Date.now();
		const result = await createPolledTune({ pollInterval: 0.1, uploadTimeout: 1 });
		suite.record('throttled tune wait', result);
		// Retry-After 100 s is never slept: the wait keeps its own length, reads once more at its deadline
		// (throttled again), and ends with its own timeout error, the 429 in its description.
		const error = result.error as (Error & { description?: string }) | undefined;
		expect(error?.message).toMatch(
			what === 'tune'
				? /^Fine-tune "polled" \(tune_01HPOLL\) did not finish within 1\.2 s \(status: no status read answered within the wait\)/
				: /^Asset "asset_01HFILE1" \(asset_01HFILE1\) was not ready within 1 s \(status: no status read answered within the wait\)/,
		);
		expect(error?.description).toMatch(/The last status read at the deadline failed too: .*(429|slow down)/);
		const reads = server.requests.filter((r) => r.method === 'GET' && (what === 'tune' ? r.path === `/v1/tune/${TUNE_ID}` : r.path === '/v1/assets/asset_01HFILE1'));
		expect(reads).toHaveLength(2);
		expect(Date.now() - started).toBeGreaterThanOrEqual(what === 'tune' ? 1_100 : 900);
		expect(Date.now() - started).toBeLessThan(10_000);
		if (what === 'upload') expect(server.requests.some((r) => r.path === '/v1/tune')).toBe(false);
	}, 30_000);
});

describe("the Asset Library's wait until ready", () => {
	it('a server that throttles the status reads with Retry-After far beyond the timeout: the wait still ends near it', async () => {
		suite.countCase('2 work that never ends');
		const ASSET = { id: 'asset_01HWAIT', name: 'waited', asset_type: 'file', status: 'uploading', data: { asset_type: 'file' } };
		server.use((request, res) => {
			if (request.method === 'POST' && request.path === '/v1/assets') return json(res, 200, { asset: ASSET });
			if (request.method === 'GET' && request.path === `/v1/assets/${ASSET.id}`) return json(res, 429, { detail: 'slow down' }, { 'retry-after': '100' });
			return json(res, 404, { detail: 'not found' });
		});
		const started = Date.now();
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'waited', assetType: 'file', url: 'https://example.com/a.png', options: { timeout: 1, pollInterval: 0.2 } },
			{ credentials: bases() },
		);
		suite.record('throttled asset wait', result);
		// Not ended early by the throttle: one more read at the deadline, then the wait's own error.
		const error = result.error as (Error & { description?: string }) | undefined;
		expect(error?.message).toMatch(/^Asset "waited" \(asset_01HWAIT\) was not ready within 1 s \(status: no status read answered within the wait\)/);
		expect(error?.description).toMatch(/The last status read at the deadline failed too: .*(429|slow down)/);
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(server.requests.filter((r) => r.path === `/v1/assets/${ASSET.id}`)).toHaveLength(2);
	}, 30_000);
});

suite.hygieneTest();
