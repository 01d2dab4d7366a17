// The older official client, @octoai/client 0.5.2, against the emulator: its asynchronous calls
// (inferAsync -> isFutureReady -> getFutureResult, following the poll_url and response_url the
// emulator hands out), its synchronous infer (which sends an empty X-OctoAI-Async), and its errors.
import { Client, OctoAIClientError } from '@octoai/client';
import sharp from 'sharp';
import { startEmulator, type Emulator } from '../emulator/index.cts';

const TOKEN = 'old-client';
let emulator: Emulator;
let client: Client;

beforeAll(async () => {
	emulator = await startEmulator({ tokens: [TOKEN, 'someone-else'], asyncPendingMs: 300, asyncRunningMs: 300 });
	client = new Client(TOKEN);
});
afterAll(() => emulator.close());

/** Polls like the client's README does, with a bound. */
async function waitReady(future: { response_id: string; poll_url: string }, c = client): Promise<number> {
	for (let polls = 1; polls <= 100; polls++) {
		if (await c.isFutureReady(future)) return polls;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	throw new Error('not completed after 100 polls');
}

type ImageResponse = { images: Array<{ image_b64: string; seed: number; removed_for_safety: boolean }>; prediction_time_ms: number };

test('inferAsync, isFutureReady, getFutureResult: an SDXL batch of two JPEGs', async () => {
	const future = await client.inferAsync(`${emulator.url}/generate/sdxl`, { prompt: 'an old-client fox', num_images: 2, seed: [5, 6] });
	expect(future.poll_url.startsWith(`${emulator.url}/v1/requests/`)).toBe(true);
	// Pending, then running, before completed: more than one poll.
	expect(await waitReady(future)).toBeGreaterThan(1);
	const result = (await client.getFutureResult(future)) as ImageResponse;
	expect(result.images.map((i) => i.seed)).toEqual([5, 6]);
	for (const image of result.images) {
		const meta = await sharp(Buffer.from(image.image_b64, 'base64')).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 1024, 1024]);
	}
	const sent = emulator.requests({ token: TOKEN });
	expect(sent[0].headers['x-octoai-async']).toBe('1');
	expect(sent.slice(1).every((r) => r.method === 'GET' && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
	expect(sent.at(-1)!.path).toBe(`/v1/responses/${future.response_id}`);
});

test('getFutureResult before completion is the client\'s own 425 error', async () => {
	const future = await client.inferAsync(`${emulator.url}/generate/sd`, { prompt: 'too early' });
	await expect(client.getFutureResult(future)).rejects.toThrow(/425/);
});

test('an asynchronous request the service refuses: the 422 comes with the result', async () => {
	const future = await client.inferAsync(`${emulator.url}/generate/sdxl`, { prompt: 'bad', clip_skip: 0 });
	await waitReady(future);
	const error = await client.getFutureResult(future).then(() => undefined, (e: unknown) => e);
	expect(error).toBeInstanceOf(OctoAIClientError);
	expect((error as Error).message).toMatch(/^Error: 422 .*clip_skip.*\(request_id: emu-\d+\)$/s);
});

test('another account\'s client cannot read the future', async () => {
	const future = await client.inferAsync(`${emulator.url}/generate/sd`, { prompt: 'private' });
	await expect(new Client('someone-else').isFutureReady(future)).rejects.toThrow(/404/);
});

test('infer (synchronous) works although the client sends an empty X-OctoAI-Async header', async () => {
	const result = (await client.infer(`${emulator.url}/generate/sd`, { prompt: 'sync old client', image_encoding: 'png' })) as ImageResponse;
	const meta = await sharp(Buffer.from(result.images[0].image_b64, 'base64')).metadata();
	expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
	expect(emulator.requests({ token: TOKEN }).at(-1)!.headers['x-octoai-async']).toBe('');
});
