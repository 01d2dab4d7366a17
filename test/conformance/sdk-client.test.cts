// The official @octoai/sdk client against the emulator: every image engine it knows, its error
// types, its retries, its asset listing; and every body it sent passes the SDK's own schema.
import { OctoAI, OctoAIClient, OctoAIError } from '@octoai/sdk';
import { fetcher as sdkFetcher, type FetchFunction } from '@octoai/sdk/core';
import sharp from 'sharp';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { makeImage } from '../emulator/test-helpers.cts';
import { expectSdkValid, sdkRequestErrors } from './sdk-schema.cts';

let emulator: Emulator;
let client: OctoAIClient;
const TOKEN = 'sdk-conformance';

const clientFor = (url: string, apiKey = TOKEN) => new OctoAIClient({ apiKey, environment: { default: url, imageGen: url, textGen: url } });

beforeAll(async () => {
	emulator = await startEmulator({ tokens: [TOKEN, 'sdk-retry'] });
	client = clientFor(emulator.url);
});
afterAll(() => emulator.close());

async function checkImage(response: OctoAI.imageGen.ImageGenerationResponse, format: string, width: number, height: number) {
	expect(response.images).toHaveLength(1);
	const [image] = response.images;
	expect(image.removedForSafety).toBe(false);
	expect(image.seed).toBeGreaterThan(0);
	expect(response.predictionTimeMs).toBeGreaterThan(0);
	const meta = await sharp(Buffer.from(image.imageB64!, 'base64')).metadata();
	expect([meta.format, meta.width, meta.height]).toEqual([format, width, height]);
}

describe('image engines through the SDK', () => {
	test('generateSdxl', async () => {
		const res = await client.imageGen.generateSdxl({
			prompt: 'a red fox',
			negativePrompt: 'blurry',
			sampler: 'K_EULER_ANCESTRAL',
			stylePreset: 'cinematic',
			width: 832,
			height: 1216,
			seed: 7,
			loras: { 'octoai:crayon-style': 0.6 },
		});
		await checkImage(res, 'jpeg', 832, 1216);
		expect(res.images[0].seed).toBe(7);
	});

	test('generateControlnetSdxl', async () => {
		const controlnetImage = await makeImage(256, 256, (x) => (x < 128 ? [0, 0, 0] : [255, 255, 255]));
		const res = await client.imageGen.generateControlnetSdxl({
			prompt: 'a house',
			controlnet: 'octoai:canny_sdxl',
			controlnetImage,
			controlnetConditioningScale: 0.8,
			controlnetEarlyStop: 0.9,
			imageEncoding: 'jpeg',
		});
		await checkImage(res, 'jpeg', 1024, 1024);
	});

	test('generateSd3', async () => {
		await checkImage(await client.imageGen.generateSd3({ prompt: 'a castle', width: 1344, height: 768, cfgScale: 5, imageEncoding: 'png' }), 'png', 1344, 768);
	});

	test('generateFluxDev', async () => {
		await checkImage(await client.imageGen.generateFluxDev({ prompt: 'a river', width: 768, height: 1024, steps: 20 }), 'jpeg', 768, 1024);
	});

	test('generateFluxSchnell', async () => {
		await checkImage(await client.imageGen.generateFluxSchnell({ prompt: 'a tree', width: 512, height: 512, imageEncoding: 'jpeg' }), 'jpeg', 512, 512);
	});

	// The SDK has no method for the two SD 1.5 engines of the public docs: its own client (serializer,
	// auth, retries, response parser) drives them through generateSdxl / generateControlnetSdxl with
	// the path swapped by a fetcher, which the client accepts as an option.
	const pathSwap = (from: string, to: string): FetchFunction => (args) => sdkFetcher({ ...args, url: args.url.replace(from, to) });

	test('SD 1.5 (generate/sd) through the SDK client', async () => {
		const sd = new OctoAIClient({ apiKey: TOKEN, environment: { default: emulator.url, imageGen: emulator.url, textGen: emulator.url }, fetcher: pathSwap('/generate/sdxl', '/generate/sd') });
		await checkImage(await sd.imageGen.generateSdxl({ prompt: 'a boat', width: 768, height: 512, sampler: 'K_EULER', clipSkip: 2 }), 'jpeg', 768, 512);
		expect(emulator.log.at(-1)!.path).toBe('/generate/sd');
	});

	test('ControlNet SD 1.5 (generate/controlnet-sd15) through the SDK client', async () => {
		const controlnetImage = await makeImage(128, 128, (x) => (x < 64 ? [0, 0, 0] : [255, 255, 255]));
		const cn = new OctoAIClient({
			apiKey: TOKEN,
			environment: { default: emulator.url, imageGen: emulator.url, textGen: emulator.url },
			fetcher: pathSwap('/generate/controlnet-sdxl', '/generate/controlnet-sd15'),
		});
		const res = await cn.imageGen.generateControlnetSdxl({ prompt: 'a door', controlnet: 'octoai:canny_sd15', controlnetImage, width: 512, height: 512 });
		await checkImage(res, 'jpeg', 512, 512);
		expect(emulator.log.at(-1)!.path).toBe('/generate/controlnet-sd15');
	});

	test('a base URL with a path prefix is kept by the SDK and served by the emulator', async () => {
		const prefixed = await startEmulator({ basePath: '/octo/v1', tokens: [TOKEN] });
		try {
			const res = await clientFor(prefixed.url).imageGen.generateFluxSchnell({ prompt: 'prefix', width: 512, height: 512 });
			await checkImage(res, 'jpeg', 512, 512);
			expect(prefixed.log[0].path).toBe('/octo/v1/generate/flux-schnell');
		} finally {
			await prefixed.close();
		}
	});
});

describe('errors through the SDK', () => {
	test('a 422 surfaces as UnprocessableEntityError with the emulator detail', async () => {
		const error = await client.imageGen.generateSdxl({ prompt: 'x', steps: 500, width: 512, height: 512 }).catch((e) => e);
		expect(error).toBeInstanceOf(OctoAI.imageGen.UnprocessableEntityError);
		expect(error.statusCode).toBe(422);
		expect(error.body.detail).toEqual([
			{ loc: ['body', 'steps'], msg: 'Input should be less than or equal to 200', type: 'less_than_equal' },
			expect.objectContaining({ loc: ['body'], type: 'value_error' }),
		]);
	});

	test('a field the engine does not take is a 422 too (the SDK itself does not check)', async () => {
		const error = await client.imageGen.generateFluxDev({ prompt: 'x', negativePrompt: 'no' }).catch((e) => e);
		expect(error).toBeInstanceOf(OctoAI.imageGen.UnprocessableEntityError);
		expect(error.body.detail[0]).toMatchObject({ loc: ['body', 'negative_prompt'], type: 'extra_forbidden' });
	});

	test('a wrong token is an OctoAIError with status 401', async () => {
		const error = await clientFor(emulator.url, 'wrong').imageGen.generateSd3({ prompt: 'x' }).catch((e) => e);
		expect(error).toBeInstanceOf(OctoAIError);
		expect(error.statusCode).toBe(401);
		expect(error.body).toEqual({ detail: 'Invalid API token' });
	});

	test('the SDK retries injected 503s (at most 3 attempts) and the log shows each attempt', async () => {
		emulator.queueFaults('sdk-retry', [{ kind: 'status', status: 503, times: 2 }]);
		const res = await clientFor(emulator.url, 'sdk-retry').imageGen.generateFluxSchnell({ prompt: 'retry', width: 512, height: 512 });
		await checkImage(res, 'jpeg', 512, 512);
		expect(emulator.requests({ token: 'sdk-retry' }).map((e) => e.status)).toEqual([503, 503, 200]);
	});
});

describe('asset library through the SDK', () => {
	test('list with repeated asset_type and limit parses and filters', async () => {
		const page = await client.assetLibrary.list({ assetType: ['lora', 'checkpoint'], engine: 'image/stable-diffusion-xl-v1-0', limit: 3 });
		expect(page.data).toHaveLength(3);
		expect(page.hasMore).toBe(true);
		for (const asset of page.data) {
			expect(['lora', 'checkpoint']).toContain(asset.assetType);
			// Data is a union; every variant except `file` carries the engine.
			expect((asset.data as { engine?: string }).engine).toBe('image/stable-diffusion-xl-v1-0');
		}
		const logged = emulator.requests({ path: '/v1/assets' }).at(-1)!;
		expect(logged.query.asset_type).toEqual(['lora', 'checkpoint']);
	});
});

describe('SDK request schema', () => {
	test('every body the SDK sent passes ImageGenerationRequest with unknown keys failing', async () => {
		const bodies = emulator.log.filter((e) => e.method === 'POST' && e.path.startsWith('/generate/')).map((e) => e.body);
		expect(new Set(emulator.log.filter((e) => e.method === 'POST' && e.path.startsWith('/generate/')).map((e) => e.path)).size).toBe(7);
		for (const body of bodies) await expectSdkValid(body);
		expect(bodies.length).toBeGreaterThanOrEqual(10);
	});

	test('sdkRequestErrors names each problem', async () => {
		expect(await sdkRequestErrors({ prompt: 'ok', sampler: 'K_EULER', steps: 30 })).toEqual([]);
		const errors = await sdkRequestErrors({ promt: 'typo', sampler: 'EULER', cfg_scale: '7' });
		expect(errors).toEqual(
			expect.arrayContaining(['promt: Unexpected key "promt"', 'sampler: Expected enum. Received "EULER".', 'cfg_scale: Expected number. Received "7".']),
		);
		expect(errors.some((e) => e.includes('Missing required key "prompt"'))).toBe(true);
		await expect(expectSdkValid({ prompt: 'x', style_preset: 'Cinematic' })).rejects.toThrow(/style_preset: Expected enum/);
	});
});
