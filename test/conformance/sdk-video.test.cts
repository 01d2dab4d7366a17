// The official SDK's video client (imageGen.generateSvd) against the emulator, and the SDK's
// VideoGenerationRequest schema as the judge of video bodies (unknown keys failing).
import { OctoAIClient, OctoAIError } from '@octoai/sdk';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { makeImage } from '../emulator/test-helpers.cts';
import { probeVideo } from '../emulator/video/probe.cts';
import { sdkVideoRequestErrors } from './sdk-video.cts';

jest.setTimeout(180_000);
const TOKEN = 'sdk-video';
let emulator: Emulator;
let client: OctoAIClient;
let image: string;

beforeAll(async () => {
	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	client = new OctoAIClient({ apiKey: TOKEN, environment: { default: emulator.url, imageGen: emulator.url, textGen: emulator.url } });
	image = await makeImage(160, 90, (x, y) => [x % 256, (y * 3) % 256, 128]);
});
afterAll(() => emulator.close());

test('generateSvd: every field through the SDK, an MP4 that ffprobe reads back', async () => {
	const res = await client.imageGen.generateSvd(
		{ image, width: 1024, height: 576, steps: 20, cfgScale: 2.5, fps: 10, motionScale: 0.9, noiseAugStrength: 0.1, numVideos: 2, seed: [21, 22], constantRateFactor: 28 },
		{ timeoutInSeconds: 120 },
	);
	expect(res.videos.map((v) => [v.seed, v.removedForSafety])).toEqual([[21, false], [22, false]]);
	expect(res.predictionTimeMs).toBeGreaterThan(0);
	const facts = await probeVideo(Buffer.from(res.videos[0].video!, 'base64'));
	expect(facts).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 1024, height: 576, frames: 25, fps: 10 });
	expect(facts.durationSeconds).toBeCloseTo(2.5, 1);

	const sent = emulator.log.filter((e) => e.path === '/generate/svd').map((e) => e.body);
	expect(sent).toHaveLength(1);
	expect(await sdkVideoRequestErrors(sent[0])).toEqual([]);
	expect(Object.keys(sent[0] as object).sort()).toEqual([
		'cfg_scale', 'constant_rate_factor', 'fps', 'height', 'image', 'motion_scale', 'noise_aug_strength', 'num_videos', 'seed', 'steps', 'width',
	]);
});

test('a rule the SDK does not check (fps 30) comes back as the emulator 422 through the SDK', async () => {
	const error = await client.imageGen.generateSvd({ image, fps: 30 }).catch((e: unknown) => e);
	expect(error).toBeInstanceOf(OctoAIError);
	expect((error as OctoAIError).statusCode).toBe(422);
	expect((error as OctoAIError).body).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'fps'], type: 'less_than_equal' })] });
});

test('the SDK schema refuses unknown keys, a missing image and wrong types', async () => {
	expect(await sdkVideoRequestErrors({ image: 'abc', motion_scale: 0.5 })).toEqual([]);
	const errors = await sdkVideoRequestErrors({ prompt: 'x', motion_scale: '0.5' });
	expect(errors).toEqual(expect.arrayContaining(['prompt: Unexpected key "prompt"', 'motion_scale: Expected number. Received "0.5".']));
	expect(errors.some((e) => e.includes('Missing required key "image"'))).toBe(true);
});
