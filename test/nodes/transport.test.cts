import type { INodeParameters } from 'n8n-workflow';

import { startEmulator } from '../emulator/index.cts';
import { binaryItem } from '../harness/index.cts';
import { damagedPng, picture, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();

/** Runs one SDXL generation after queueing faults for this env's token; counts the requests sent. */
async function generateWith(faults: Parameters<typeof env.emulator.queueFaults>[1], options: INodeParameters = {}) {
	env.emulator.queueFaults(env.token, faults);
	const before = env.generateRequests().length;
	const started = Date.now();
	const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options });
	return { result, sent: env.generateRequests().length - before, elapsedMs: Date.now() - started };
}

describe('transport: retries on transient faults', () => {
	it('waits for Retry-After after a 429, then succeeds', async () => {
		const { result, sent, elapsedMs } = await generateWith([{ kind: 'status', status: 429, retryAfter: 1 }]);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(sent).toBe(2);
		expect(elapsedMs).toBeGreaterThanOrEqual(950);
	});

	it('retries 500 and 502 with back-off and succeeds on the third attempt', async () => {
		const { result, sent } = await generateWith([
			{ kind: 'status', status: 500 },
			{ kind: 'status', status: 502, retryAfter: 0 },
		]);
		expect(result.error).toBeUndefined();
		expect(sent).toBe(3);
	});

	it('retries a dropped connection', async () => {
		const { result, sent } = await generateWith([{ kind: 'drop' }]);
		expect(result.error).toBeUndefined();
		expect(sent).toBe(2);
	});

	it('gives up after Max Retries with the status and the API message', async () => {
		// Exactly as many faults as attempts, so nothing stays queued for the next test.
		const { result, sent } = await generateWith([{ kind: 'status', status: 503, retryAfter: 0, times: 2 }], {
			maxRetries: 1,
		});
		expect(sent).toBe(2);
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '503' });
		expect(result.error!.message).toContain('OctoAI server error (503)');
	});
});

describe('transport: no retry where a retry would not help', () => {
	it('a wrong token fails once with a readable 401', async () => {
		const before = env.emulator.requests().length;
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox' }, { credentials: { apiToken: 'wrong-token' } });
		expect(env.emulator.requests().length - before).toBe(1);
		expect(result.error).toMatchObject({ httpCode: '401' });
		expect(result.error!.message).toContain('OctoAI rejected the API token (401)');
		expect(result.error!.message).not.toContain('wrong-token');
	});

	it('a 422 from the API names the field', async () => {
		// Whole in structure, so the local checks pass; the API's decoder finds the pixels damaged.
		const corrupt = damagedPng(await picture(64, 64));
		const before = env.generateRequests().length;
		const bad = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'a fox', mode: 'imageToImage', inputImage: 'data' },
			{ inputItems: [await rawBinaryItem(corrupt)] },
		);
		expect(env.generateRequests().length - before).toBe(1);
		expect(bad.error).toMatchObject({ httpCode: '422' });
		expect(bad.error!.message).toMatch(/OctoAI rejected a parameter \(422\): Input Image \(init_image\): /);
	});

	it.each([
		['truncated JSON', { kind: 'truncate' as const }, 'with a body that is not JSON'],
		['an HTML page with status 200', { kind: 'non-json' as const }, 'with a body that is not JSON'],
		['a 200 without images', { kind: 'no-images' as const }, 'without any images'],
	])('%s is an error, not retried', async (_name, fault, message) => {
		const { result, sent } = await generateWith([fault]);
		expect(sent).toBe(1);
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toContain(message);
	});

	it('an HTML 500 error page gives the status without the HTML', async () => {
		const { result, sent } = await generateWith([{ kind: 'status', status: 500, html: true, times: 3 }]);
		expect(sent).toBe(3);
		expect(result.error).toMatchObject({ httpCode: '500' });
		expect(result.error!.message).not.toContain('<');
	});

	it('a response slower than the timeout fails without a retry', async () => {
		const { result, sent } = await generateWith([{ kind: 'latency', ms: 2500 }], { timeout: 1 });
		expect(sent).toBe(1);
		expect(result.error!.message).toContain('OctoAI did not answer within 1 s');
	});
});

describe('transport: base URLs', () => {
	it('keeps a path prefix and tolerates a trailing slash', async () => {
		const prefixed = await startEmulator({ tokens: [env.token], basePath: '/api/v2', quiet: true });
		try {
			const result = await runEngineNode(env, 'octoAiSd15', { prompt: 'a fox' }, {
				credentials: { imageBaseUrl: `${prefixed.url}/`, platformBaseUrl: `${prefixed.url}/` },
			});
			expect(result.error).toBeUndefined();
			expect(prefixed.requests({ token: env.token }).map((r) => r.path)).toEqual(['/api/v2/generate/sd']);
		} finally {
			await prefixed.close();
		}
	});

	it('an unreachable server is a clear error naming the host', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: { maxRetries: 0 } }, {
			credentials: { imageBaseUrl: 'http://127.0.0.1:9' },
		});
		expect(result.error!.message).toMatch(/Could not reach OctoAI at 127\.0\.0\.1:9/);
	});
});

async function rawBinaryItem(bytes: Buffer) {
	return await binaryItem(bytes, 'image/png', 'corrupt.png', 'data');
}
