// Fault injection: each kind on the wire, per-request header, per-token queues, server-wide rate and latency.
import { request } from 'node:http';
import { startEmulator, type Emulator, type Fault } from '../index.cts';
import { admin, call, generate, waitFor } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ tokens: ['test-token', 'token-a', 'token-b'] });
});
afterAll(() => emulator.close());

const body = { prompt: 'fault test', width: 512, height: 512 };
const withFault = (fault: Fault, token = 'test-token') =>
	generate(emulator, 'sd', body, { token, headers: { 'x-emulator-fault': JSON.stringify(fault) } });

/** Raw node:http POST, to see socket-level failures that fetch would wrap. */
function rawPost(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
			let text = '';
			res.on('data', (c) => (text += c));
			res.on('end', () => resolve({ status: res.statusCode!, body: text }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(JSON.stringify(body));
	});
}

describe('fault kinds (X-Emulator-Fault header)', () => {
	test('429 with Retry-After', async () => {
		const res = await withFault({ kind: 'status', status: 429, retryAfter: 7 });
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
		expect(res.json.detail).toMatch(/Too Many Requests/);
	});

	test.each([500, 502, 503])('%d with a JSON body', async (status) => {
		const res = await withFault({ kind: 'status', status });
		expect(res.status).toBe(status);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(typeof res.json.detail).toBe('string');
		expect(res.headers.get('retry-after')).toBeNull();
	});

	test('status with an HTML body, as a gateway sends it', async () => {
		const res = await withFault({ kind: 'status', status: 502, html: true });
		expect(res.status).toBe(502);
		expect(res.headers.get('content-type')).toBe('text/html');
		expect(res.text).toContain('<h1>502 Bad Gateway</h1>');
		expect(res.json).toBeUndefined();
	});

	test('drop destroys the socket without an answer', async () => {
		await expect(rawPost('/generate/sd', { authorization: 'Bearer test-token', 'x-emulator-fault': '{"kind":"drop"}' })).rejects.toMatchObject({
			code: 'ECONNRESET',
		});
		await expect(withFault({ kind: 'drop' })).rejects.toThrow(/fetch failed/);
	});

	test('truncate sends 200 with half of the real JSON body', async () => {
		const full = await generate(emulator, 'sd', body);
		const res = await withFault({ kind: 'truncate' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/json');
		expect(() => JSON.parse(res.text)).toThrow(SyntaxError);
		expect(Number(res.headers.get('content-length'))).toBe(res.text.length);
		// Half of the real answer; its prediction_time_ms (and so its length) varies by a few characters.
		expect(Math.abs(res.text.length - full.text.length / 2)).toBeLessThanOrEqual(5);
		expect(full.text.startsWith(res.text)).toBe(true);
	});

	test('non-json sends 200 text/html', async () => {
		const res = await withFault({ kind: 'non-json' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(res.json).toBeUndefined();
	});

	test('no-images sends 200 with an empty images list', async () => {
		const res = await withFault({ kind: 'no-images' });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ images: [], prediction_time_ms: 0 });
	});

	test('latency delays a normal answer', async () => {
		const started = Date.now();
		const res = await withFault({ kind: 'latency', ms: 400 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(400);
		expect(res.status).toBe(200);
		expect(res.json.images).toHaveLength(1);
	});

	test('a client that gives up during a latency fault ends the wait at once: no timer outlives the request', async () => {
		emulator.clearLog();
		const aborted = new AbortController();
		const pending = fetch(`${emulator.url}/generate/sd`, {
			method: 'POST',
			headers: { authorization: 'Bearer test-token', 'content-type': 'application/json', 'x-emulator-fault': '{"kind":"latency","ms":60000}' },
			body: JSON.stringify(body),
			signal: aborted.signal,
		});
		setTimeout(() => aborted.abort(), 100);
		await expect(pending).rejects.toThrow(/abort/i);
		// The entry is finished (as a dropped request) when the socket closes, not 60 s later.
		const [entry] = await waitFor(async () => emulator.log.slice(), (log) => log.length === 1 && log[0].durationMs !== null, 2000);
		expect(entry).toMatchObject({ status: null, fault: { kind: 'latency', ms: 60000 } });
		expect(entry.durationMs).toBeLessThan(2000);
	});

	test('an invalid fault header is a 400 naming the problem', async () => {
		const res = await generate(emulator, 'sd', body, { headers: { 'x-emulator-fault': '{"kind":"explode"}' } });
		expect(res.status).toBe(400);
		expect(res.json.detail).toMatch(/kind must be one of/);
		const notJson = await generate(emulator, 'sd', body, { headers: { 'x-emulator-fault': 'drop' } });
		expect(notJson.status).toBe(400);
	});

	test('faults fire before auth (a gateway fails before the API checks tokens)', async () => {
		const res = await generate(emulator, 'sd', body, { token: null, headers: { 'x-emulator-fault': '{"kind":"status","status":503}' } });
		expect(res.status).toBe(503);
	});

	test('faults work on every API route, e.g. the asset list', async () => {
		const res = await call(emulator, 'GET', '/v1/assets?limit=1', { headers: { 'x-emulator-fault': '{"kind":"status","status":500}' } });
		expect(res.status).toBe(500);
	});
});

describe('per-token fault queues', () => {
	test('queued faults hit only their token, one per request, honouring times', async () => {
		emulator.queueFaults('token-a', [{ kind: 'status', status: 503, times: 2 }, { kind: 'status', status: 429, retryAfter: 1 }]);
		const statuses: string[] = [];
		for (let i = 0; i < 4; i++) {
			const [a, b] = await Promise.all([generate(emulator, 'sd', body, { token: 'token-a' }), generate(emulator, 'sd', body, { token: 'token-b' })]);
			statuses.push(`${a.status}/${b.status}`);
		}
		expect(statuses).toEqual(['503/200', '503/200', '429/200', '200/200']);
	});

	test('the admin route queues faults too', async () => {
		const queued = await admin(emulator, 'POST', 'faults', { token: 'token-b', faults: [{ kind: 'no-images' }] });
		expect(queued.status).toBe(200);
		expect((await generate(emulator, 'sd', body, { token: 'token-b' })).json.images).toEqual([]);
		expect((await generate(emulator, 'sd', body, { token: 'token-b' })).json.images).toHaveLength(1);
	});

	test('invalid queued faults are refused', async () => {
		expect(() => emulator.queueFaults('token-a', [{ kind: 'status', status: 200 } as Fault])).toThrow(/status 400..599/);
		const res = await admin(emulator, 'POST', 'faults', { token: 'token-a', faults: [{ kind: 'latency' }] });
		expect(res.status).toBe(400);
	});

	test('the log records each fault with its source', async () => {
		emulator.queueFaults('token-b', [{ kind: 'status', status: 500 }]);
		await generate(emulator, 'sd', body, { token: 'token-b' });
		await withFault({ kind: 'status', status: 502 }, 'token-b');
		const [queued, header] = emulator.requests({ token: 'token-b' }).slice(-2);
		expect(queued.fault).toEqual({ kind: 'status', status: 500, source: 'queue' });
		expect(queued.status).toBe(500);
		expect(header.fault).toEqual({ kind: 'status', status: 502, source: 'header' });
	});
});

describe('server-wide faults', () => {
	const statusesOf = async (seed: number) => {
		const emu = await startEmulator({ faultRate: 0.5, faultSeed: seed });
		try {
			const out: string[] = [];
			for (let i = 0; i < 16; i++) {
				const res = await call(emu, 'GET', '/v1/assets?limit=1').catch(() => ({ status: 'drop' }));
				out.push(String(res.status));
			}
			return { out, logged: emu.log.map((e) => e.fault?.source ?? 'none') };
		} finally {
			await emu.close();
		}
	};

	test('faultRate injects transient faults reproducibly from faultSeed', async () => {
		const [a, b, c] = [await statusesOf(42), await statusesOf(42), await statusesOf(7)];
		expect(a.out).toEqual(b.out);
		expect(a.out).not.toEqual(c.out);
		const faults = a.out.filter((s) => s !== '200');
		expect(faults.length).toBeGreaterThan(2);
		expect(faults.length).toBeLessThan(14);
		for (const s of faults) expect(['429', '500', '502', '503', 'drop']).toContain(s);
		expect(a.logged.filter((s) => s === 'random')).toHaveLength(faults.length);
	});

	test('latencyMs is cancelled too when the client goes away', async () => {
		const emu = await startEmulator({ latencyMs: 60_000 });
		try {
			await expect(fetch(`${emu.url}/v1/assets`, { headers: { authorization: 'Bearer test-token' }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
			const [entry] = await waitFor(async () => emu.log.slice(), (log) => log[0]?.durationMs != null, 2000);
			expect(entry.status).toBeNull();
		} finally {
			await emu.close();
		}
	});

	test('latencyMs delays every API request', async () => {
		const emu = await startEmulator({ latencyMs: 250 });
		try {
			const started = Date.now();
			const res = await call(emu, 'GET', '/v1/assets?limit=1');
			expect(res.status).toBe(200);
			expect(Date.now() - started).toBeGreaterThanOrEqual(250);
		} finally {
			await emu.close();
		}
	});
});
