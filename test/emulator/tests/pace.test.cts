// The service's pace (pace/pace.cts): per-account rate limits answered 429 with Retry-After, and GPUs that queue.
import { startEmulator, type Emulator } from '../index.cts';
import { admin, call, generate } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ tokens: ['test-token', 'token-a', 'token-b'], tenants: { 'token-a': 'studio', 'token-b': 'studio' } });
});
afterAll(() => emulator.close());
afterEach(() => emulator.setPace({ rateLimit: null, capacity: null }));

const body = { prompt: 'pace test', width: 512, height: 512 };

describe('rate limit', () => {
	it('answers past the limit 429 with Retry-After and the service-style detail, per account, generation routes only', async () => {
		emulator.setPace({ rateLimit: { requests: 2, perMs: 3000 } });
		expect((await generate(emulator, 'sd', body, { token: 'token-a' })).status).toBe(200);
		expect((await generate(emulator, 'sd', body, { token: 'token-b' })).status).toBe(200);
		const refused = await generate(emulator, 'sd', body, { token: 'token-a' });
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
		expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(3);
		expect(refused.json).toEqual({ detail: expect.stringMatching(/^Rate limit reached: 2 requests per 3 s/) });
		// Another account has its own count; the asset library is not a generation route.
		expect((await generate(emulator, 'sd', body, { token: 'test-token' })).status).toBe(200);
		expect((await call(emulator, 'GET', '/v1/assets', { token: 'token-a' })).status).toBe(200);
	});

	it('lets a request through once the oldest counted one leaves the window', async () => {
		emulator.setPace({ rateLimit: { requests: 1, perMs: 400 } });
		expect((await generate(emulator, 'sd', body)).status).toBe(200);
		expect((await generate(emulator, 'sd', body)).status).toBe(429);
		await new Promise((resolve) => setTimeout(resolve, 450));
		expect((await generate(emulator, 'sd', body)).status).toBe(200);
	});
});

describe('capacity', () => {
	it('runs `slots` generations at once and queues the rest', async () => {
		emulator.setPace({ capacity: { slots: 2, generationMs: 300 } });
		const started = Date.now();
		const finished = await Promise.all(
			[0, 1, 2, 3].map(async () => {
				const res = await generate(emulator, 'sd', body);
				expect(res.status).toBe(200);
				return Date.now() - started;
			}),
		);
		finished.sort((a, b) => a - b);
		// Two at once: the first pair after one generation time, the second pair after two.
		expect(finished[1]).toBeGreaterThanOrEqual(290);
		expect(finished[1]).toBeLessThan(590);
		expect(finished[2]).toBeGreaterThanOrEqual(590);
	});
});

describe('admin route', () => {
	it('sets, shows and clears the pace; refuses bad settings', async () => {
		const set = await admin(emulator, 'POST', 'pace', { rateLimit: { requests: 5, perMs: 1000 }, capacity: { slots: 3, generationMs: 10 } });
		expect(set.status).toBe(200);
		expect((await admin(emulator, 'GET', 'pace')).json).toEqual({
			rateLimit: { requests: 5, perMs: 1000 },
			capacity: { slots: 3, generationMs: 10 },
			running: 0,
			queued: 0,
		});
		expect((await admin(emulator, 'POST', 'pace', { rateLimit: { requests: 0, perMs: 1000 } })).status).toBe(400);
		expect((await admin(emulator, 'POST', 'pace', { capacity: { slots: 2 } })).status).toBe(400);
		expect((await admin(emulator, 'POST', 'pace', { rateLimit: null, capacity: null })).json).toMatchObject({ rateLimit: null, capacity: null });
	});

	it('refuses bad options at start', async () => {
		await expect(startEmulator({ rateLimit: { requests: 1.5, perMs: 10 } })).rejects.toThrow(/rateLimit/);
	});
});
