// The request log (in-process and over the admin route), admin routes, and basePath.
import { startEmulator, type Emulator } from '../index.cts';
import { logLine } from '../server/log-line.cts';
import { admin, call, generate } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ tokens: ['test-token', 'log-a', 'log-b'] });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearLog());

describe('request log', () => {
	test('an entry records the request as received and the answer', async () => {
		await generate(emulator, 'sd', { prompt: 'logged', width: 512, height: 512 }, { token: 'log-a', headers: { 'X-Custom-Header': 'Value' } });
		expect(emulator.log).toHaveLength(1);
		const entry = emulator.log[0];
		expect(entry).toMatchObject({
			method: 'POST',
			path: '/generate/sd',
			query: {},
			token: 'log-a',
			body: { prompt: 'logged', width: 512, height: 512 },
			status: 200,
		});
		expect(entry.headers).toMatchObject({ authorization: 'Bearer log-a', 'x-custom-header': 'Value', 'content-type': 'application/json' });
		expect(entry.seq).toBeGreaterThan(0);
		expect(Date.parse(entry.time)).toBeLessThanOrEqual(Date.now());
		expect(entry.durationMs).toBeGreaterThan(0);
		expect(entry.fault).toBeUndefined();
	});

	test('query with repeated keys, missing token, raw non-JSON body', async () => {
		await call(emulator, 'GET', '/v1/assets?asset_type=lora&asset_type=vae&limit=2', { token: null });
		await call(emulator, 'POST', '/generate/sd', { rawBody: 'prompt=hello', headers: { 'content-type': 'text/plain' } });
		const [list, raw] = emulator.log;
		expect(list).toMatchObject({ query: { asset_type: ['lora', 'vae'], limit: '2' }, token: null, status: 401, body: null });
		expect(raw).toMatchObject({ body: 'prompt=hello', status: 422 });
		expect(raw.seq).toBe(list.seq + 1);
	});

	test('requests() filters by token and by path', async () => {
		await generate(emulator, 'sd', { prompt: 'a', width: 512, height: 512 }, { token: 'log-a' });
		await generate(emulator, 'sd', { prompt: 'b', width: 512, height: 512 }, { token: 'log-b' });
		await call(emulator, 'GET', '/v1/assets', { token: 'log-b' });
		expect(emulator.requests({ token: 'log-a' }).map((e) => (e.body as { prompt: string }).prompt)).toEqual(['a']);
		expect(emulator.requests({ token: 'log-b' })).toHaveLength(2);
		expect(emulator.requests({ token: 'log-b', path: '/v1/assets' })).toHaveLength(1);
		expect(emulator.requests()).toHaveLength(3);
	});

	test('the admin log route serves the same entries, filterable by token; DELETE clears', async () => {
		await generate(emulator, 'sd', { prompt: 'a', width: 512, height: 512 }, { token: 'log-a' });
		await call(emulator, 'GET', '/v1/assets', { token: 'log-b' });
		const all = await admin(emulator, 'GET', 'log');
		expect(all.json).toEqual(JSON.parse(JSON.stringify(emulator.log)));
		const onlyB = await admin(emulator, 'GET', 'log?token=log-b');
		expect(onlyB.json.map((e: { path: string }) => e.path)).toEqual(['/v1/assets']);
		expect((await admin(emulator, 'DELETE', 'log')).status).toBe(200);
		expect(emulator.log).toHaveLength(0);
	});

	test('the printed line names warnings and still never the token', async () => {
		const created = await call(emulator, 'POST', '/v1/assets', { body: { description: null, name: 'leaky', asset_type: 'file', data: { asset_type: 'file' } }, token: 'log-a' });
		await fetch(created.json.transfer_api.put_url, { method: 'PUT', body: 'x', headers: { authorization: 'Bearer log-a' } });
		const line = logLine(emulator.log.at(-1)!);
		expect(line).toMatch(/PUT \/_uploads\/asset_\w+\?signature=[0-9a-f]+ 200 [\d.]+ms auth=bearer\(redacted\) warning=authorization-sent-to-upload-url$/);
		expect(line).not.toContain('log-a');
	});

	test('admin calls are not logged', async () => {
		await admin(emulator, 'GET', 'health');
		await admin(emulator, 'GET', 'log');
		expect(emulator.log).toHaveLength(0);
	});

	test('logLimit keeps only the newest entries', async () => {
		const small = await startEmulator({ logLimit: 3 });
		try {
			for (let i = 0; i < 5; i++) await call(small, 'GET', `/v1/assets?offset=${i}`);
			expect(small.log.map((e) => e.query.offset)).toEqual(['2', '3', '4']);
		} finally {
			await small.close();
		}
	});
});

describe('admin routes', () => {
	test('health lists the engines', async () => {
		const res = await admin(emulator, 'GET', 'health');
		expect(res.json).toMatchObject({ status: 'ok', basePath: '' });
		expect(res.json.engines).toEqual(['sdxl', 'sd', 'controlnet-sdxl', 'controlnet-sd15', 'sd3', 'flux-dev', 'flux-schnell']);
	});

	test('unknown admin routes are 404', async () => {
		expect((await admin(emulator, 'GET', 'nothing')).status).toBe(404);
	});
});

describe('basePath', () => {
	let prefixed: Emulator;
	beforeAll(async () => {
		prefixed = await startEmulator({ basePath: '/api/v2/' });
	});
	afterAll(() => prefixed.close());

	test('the url includes the prefix and the API lives under it', async () => {
		expect(prefixed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
		expect((await generate(prefixed, 'sd', { prompt: 'x', width: 512, height: 512 })).status).toBe(200);
		expect((await call(prefixed, 'GET', '/v1/assets?limit=1')).status).toBe(200);
	});

	test('without the prefix there is nothing', async () => {
		const root = `http://127.0.0.1:${prefixed.port}`;
		const res = await fetch(`${root}/v1/assets`, { headers: { authorization: 'Bearer test-token' } });
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ detail: 'Not Found' });
	});

	test('presigned upload URLs live under the prefix too', async () => {
		const created = await call(prefixed, 'POST', '/v1/assets', { body: { description: null, name: 'under-prefix', asset_type: 'file', data: { asset_type: 'file' } } });
		const { put_url } = created.json.transfer_api;
		expect(put_url.startsWith(`${prefixed.url}/_uploads/`)).toBe(true);
		expect((await fetch(put_url, { method: 'PUT', body: 'text' })).status).toBe(200);
		expect((await fetch(put_url.replace('/api/v2', ''), { method: 'PUT', body: 'text' })).status).toBe(401);
	});

	test('admin routes stay at the root; the log keeps full paths and filters relative ones', async () => {
		expect((await admin(prefixed, 'GET', 'health')).json.basePath).toBe('/api/v2');
		await call(prefixed, 'GET', '/v1/assets');
		expect(prefixed.requests({ path: '/v1/assets' }).map((e) => e.path)).toContain('/api/v2/v1/assets');
	});
});
