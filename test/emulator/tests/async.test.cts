// Asynchronous inference (reference Part C.3) over HTTP: 201 {response_id, poll_url}, the status and
// response endpoints, pending -> running -> completed on the emulator's clock, the 10 MB limit,
// retention, and tenant isolation.
import { startEmulator, type Emulator } from '../index.cts';
import { call, generate } from '../test-helpers.cts';

const ASYNC = { 'x-octoai-async': '1' };
const body = { prompt: 'an async lighthouse', seed: 11, width: 1024, height: 1024 };
let now = 1_000_000;
let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({
		tokens: ['test-token', 'other-token'],
		asyncPendingMs: 1000,
		asyncRunningMs: 2000,
		asyncRetentionMs: 60_000,
		clock: () => now,
	});
});
afterAll(() => emulator.close());

/** Submits asynchronously and returns the 201 body. */
async function submit(engine: string, request: unknown, token = 'test-token') {
	const res = await generate(emulator, engine, request, { headers: ASYNC, token });
	expect(res.status).toBe(201);
	return res.json as { response_id: string; poll_url: string };
}

const poll = (id: string, token = 'test-token') => call(emulator, 'GET', `/v1/requests/${id}`, { token });
const fetchResponse = (id: string, token = 'test-token') => call(emulator, 'GET', `/v1/responses/${id}`, { token });

test('201 with a response id shaped like the service\'s and a poll_url on the emulator itself', async () => {
	const future = await submit('sdxl', body);
	expect(Object.keys(future).sort()).toEqual(['poll_url', 'response_id']);
	expect(future.response_id).toMatch(/^[0-9a-f]{10}-[0-9a-z]{5}$/);
	expect(future.poll_url).toBe(`${emulator.url}/v1/requests/${future.response_id}`);
});

test('pending, then running, then completed with a response_url; the response is the synchronous answer', async () => {
	const future = await submit('sdxl', body);
	expect((await poll(future.response_id)).json).toEqual({ response_id: future.response_id, status: 'pending' });
	expect((await fetchResponse(future.response_id)).status).toBe(425);
	now += 1000;
	expect((await poll(future.response_id)).json).toEqual({ response_id: future.response_id, status: 'running' });
	now += 2000;
	const done = await poll(future.response_id);
	expect(done.json).toEqual({ response_id: future.response_id, status: 'completed', response_url: `${emulator.url}/v1/responses/${future.response_id}` });
	const result = await fetchResponse(future.response_id);
	const sync = await generate(emulator, 'sdxl', body);
	expect(result.status).toBe(200);
	expect(result.json.images).toEqual(sync.json.images);
	expect(result.json.prediction_time_ms).toBeGreaterThan(0);
	// A result can be read again until it expires.
	expect((await fetchResponse(future.response_id)).status).toBe(200);
});

test('a request the synchronous call refuses is accepted, and its response is the same 422', async () => {
	const bad = { prompt: 'x', steps: 0, clip_skip: 13 };
	const future = await submit('sdxl', bad);
	now += 3000;
	const [result, sync] = [await fetchResponse(future.response_id), await generate(emulator, 'sdxl', bad)];
	expect(sync.status).toBe(422);
	expect([result.status, result.json]).toEqual([422, sync.json]);
});

test('results expire after the retention time', async () => {
	const future = await submit('sd', { prompt: 'short-lived' });
	now += 3000 + 59_999;
	expect((await fetchResponse(future.response_id)).status).toBe(200);
	now += 1;
	expect((await poll(future.response_id)).status).toBe(404);
	expect((await fetchResponse(future.response_id)).status).toBe(404);
});

test('another token cannot see the request or its result; no token is a 401', async () => {
	const future = await submit('sd', { prompt: 'mine' });
	now += 3000;
	expect((await poll(future.response_id, 'other-token')).status).toBe(404);
	expect((await fetchResponse(future.response_id, 'other-token')).status).toBe(404);
	expect((await poll(future.response_id, null as never)).status).toBe(401);
	expect((await fetchResponse(future.response_id)).status).toBe(200);
});

test('a request over 10 MB is 413 in asynchronous mode', async () => {
	const big = { prompt: 'big', init_image: 'A'.repeat(10 * 1024 * 1024) };
	const res = await generate(emulator, 'sd', big, { headers: ASYNC });
	expect(res.status).toBe(413);
	expect(res.json.detail).toMatch(/limited to 10 MB/);
});

test('X-OctoAI-Async other than 1 (the older client sends an empty one) is synchronous; other routes ignore it', async () => {
	for (const value of ['', '0']) {
		const res = await generate(emulator, 'sd', { prompt: 'sync' }, { headers: { 'x-octoai-async': value } });
		expect([value, res.status, Array.isArray(res.json.images)]).toEqual([value, 200, true]);
	}
	const assets = await call(emulator, 'GET', '/v1/assets?limit=1', { headers: ASYNC });
	expect(assets.status).toBe(200);
	expect((await poll('0000000000-zzzzz')).status).toBe(404);
});

test('with a basePath the poll_url and response_url keep it', async () => {
	const prefixed = await startEmulator({ basePath: '/api', asyncPendingMs: 0, asyncRunningMs: 0 });
	try {
		const res = await generate(prefixed, 'sd', { prompt: 'prefixed' }, { headers: ASYNC });
		expect(res.json.poll_url).toBe(`${prefixed.url}/v1/requests/${res.json.response_id}`);
		expect(prefixed.url.endsWith('/api')).toBe(true);
		const status = await (await fetch(res.json.poll_url, { headers: { authorization: 'Bearer test-token' } })).json();
		expect(status.response_url).toBe(`${prefixed.url}/v1/responses/${res.json.response_id}`);
	} finally {
		await prefixed.close();
	}
});
