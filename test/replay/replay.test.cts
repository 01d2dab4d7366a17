// Replays request bodies shaped like public apps' calls (cases.cts) against the emulator, the way
// each app sent them (plain POST, or X-OctoAI-Async then poll_url then response_url), and checks
// that each is answered as the service would have: status, shape, image count, format and size.
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { makeImage, safetensors, settledAsset, uploadAsset } from '../emulator/test-helpers.cts';
import { CASES, type Fixtures, type ReplayCase } from './cases.cts';

const TOKEN = 'replay-token';
let emulator: Emulator;
let fixtures: Fixtures;

beforeAll(async () => {
	emulator = await startEmulator({ tokens: [TOKEN], assetReadyMs: 0, asyncPendingMs: 5, asyncRunningMs: 5 });
	const lora = await uploadAsset(
		emulator,
		{ name: 'deco-style', asset_type: 'lora', data: { asset_type: 'lora', engine: 'image/stable-diffusion-xl-v1-0', file_format: 'safetensors' } },
		safetensors(),
		TOKEN,
	);
	await settledAsset(emulator, lora.id, TOKEN);
	// A JPEG's first bytes, then noise: large like a phone photo, over the asynchronous 10 MB limit once in base64.
	const huge = Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), randomBytes(8 * 1024 * 1024)]);
	fixtures = {
		photo: await makeImage(768, 768, (x, y) => [x % 256, y % 256, 90], 'jpeg'),
		mask: await makeImage(768, 768, (x, y) => ((x - 384) ** 2 + (y - 384) ** 2 < 200 ** 2 ? [255, 255, 255] : [0, 0, 0])),
		depthMap: await makeImage(512, 512, (x) => [x / 2, x / 2, x / 2]),
		privateLoraId: lora.id,
		hugePhoto: huge.toString('base64'),
	};
});
afterAll(() => emulator.close());

interface Answer {
	status: number;
	body: any;
}

const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json' };

async function getJson(url: string): Promise<Answer> {
	const res = await fetch(url, { headers });
	return { status: res.status, body: await res.json() };
}

/** Sends a case as its app did; for asynchronous ones, polls (bounded) and fetches the response like the official clients. */
async function replay(c: ReplayCase): Promise<Answer> {
	const body = JSON.stringify(c.body(fixtures));
	const post = await fetch(`${emulator.url}/generate/${c.engine}`, {
		method: 'POST',
		headers: c.mode === 'async' ? { ...headers, 'x-octoai-async': '1' } : headers,
		body,
	});
	const answer = { status: post.status, body: await post.json() };
	if (c.mode === 'fetch' || answer.status !== 201) return answer;
	expect(Object.keys(answer.body).sort()).toEqual(['poll_url', 'response_id']);
	for (let polls = 0; polls < 200; polls++) {
		const status = await getJson(answer.body.poll_url);
		expect(status.status).toBe(200);
		expect(['pending', 'running', 'completed']).toContain(status.body.status);
		if (status.body.status === 'completed') return getJson(status.body.response_url);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error('the request never completed');
}

test.each(CASES.map((c) => [c.app, c] as const))('%s', async (_app, c) => {
	const answer = await replay(c);
	const expected = c.expect;
	expect({ status: answer.status, detail: answer.status === 200 ? undefined : answer.body.detail }).toMatchObject({ status: expected.status });
	if (expected.status === 200) {
		expect(Object.keys(answer.body).sort()).toEqual(['images', 'prediction_time_ms']);
		const images = answer.body.images as Array<Record<string, unknown>>;
		expect(images).toHaveLength(expected.images);
		expect(new Set(images.map((i) => i.seed)).size).toBe(expected.images);
		for (const image of images) {
			expect(Object.keys(image).sort()).toEqual(['image_b64', 'removed_for_safety', 'safety_score', 'seed']);
			expect(image.removed_for_safety).toBe(false);
			const meta = await sharp(Buffer.from(image.image_b64 as string, 'base64')).metadata();
			expect([meta.format, meta.width, meta.height]).toEqual([expected.format, expected.width, expected.height]);
		}
	} else if (expected.status === 422) {
		const detail = answer.body.detail as Array<{ loc: unknown[]; type: string; msg: string }>;
		expect(detail.map((d) => [d.loc, d.type])).toContainEqual([expected.at, expected.type]);
		for (const d of detail) expect(Object.keys(d).sort()).toEqual(['loc', 'msg', 'type']);
	} else {
		expect(typeof answer.body.detail).toBe('string');
	}
});

test('the cases cover both ways apps called the service and both answers', () => {
	expect(new Set(CASES.map((c) => c.mode))).toEqual(new Set(['fetch', 'async']));
	expect(CASES.filter((c) => c.expect.status === 200).length).toBeGreaterThanOrEqual(15);
	expect(CASES.some((c) => c.expect.status === 422 && c.mode === 'async')).toBe(true);
});
