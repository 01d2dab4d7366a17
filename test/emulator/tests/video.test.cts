// POST /generate/svd: a real H.264 MP4 derived from the input image, read back with ffprobe; every
// rule of the video request (reference Part C.2) answered with a 422 in the API's shape.
import { startEmulator, type Emulator } from '../index.cts';
import { generate, makeImage, meanAbsDiff } from '../test-helpers.cts';
import { decodeFrame, probeVideo } from '../video/probe.cts';

// Each video is a real ffmpeg encode; on a busy machine a few take seconds.
jest.setTimeout(180_000);

let emulator: Emulator;
let image: string;
let red: string;
beforeAll(async () => {
	emulator = await startEmulator();
	// A textured 16:9 picture, so any zoom or pan shows in the pixels.
	image = await makeImage(320, 180, (x, y) => [(x * 7) % 256, (y * 5) % 256, ((x >> 4) + (y >> 4)) % 2 === 0 ? 230 : 30]);
	red = await makeImage(64, 64, () => [255, 0, 0]);
});
afterAll(() => emulator.close());

type Video = { video: string | null; seed: number; removed_for_safety: boolean; safety_score: number };
const svd = async (body: Record<string, unknown>) => {
	const res = await generate(emulator, 'svd', body);
	if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
	return res.json as { videos: Video[]; prediction_time_ms: number };
};
const bytesOf = (video: Video) => Buffer.from(video.video!, 'base64');

describe('the video', () => {
	test('defaults: 25 frames of H.264 at 7 fps in an MP4 that starts playing at once, sized from the image', async () => {
		const res = await svd({ image, seed: 5 });
		expect(res.videos).toHaveLength(1);
		expect(res.videos[0]).toMatchObject({ seed: 5, removed_for_safety: false });
		expect(res.prediction_time_ms).toBeGreaterThan(0);
		const facts = await probeVideo(bytesOf(res.videos[0]));
		expect(facts).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 1024, height: 576, frames: 25, fps: 7, moovFirst: true });
		expect(facts.container).toContain('mp4');
		expect(facts.durationSeconds).toBeCloseTo(25 / 7, 1);
	});

	test('fps sets the playback rate (25 frames at 25 fps last one second); an explicit size is kept', async () => {
		const facts = await probeVideo(bytesOf((await svd({ image, seed: 5, fps: 25, width: 576, height: 1024 })).videos[0]));
		expect(facts).toMatchObject({ width: 576, height: 1024, frames: 25, fps: 25 });
		expect(facts.durationSeconds).toBeCloseTo(1, 1);
	});

	test('a square image gets 768x768, a portrait one 576x1024', async () => {
		const square = await makeImage(100, 100, (x) => [x, x, x]);
		const portrait = await makeImage(90, 160, (x) => [x, x, x]);
		expect(await probeVideo(bytesOf((await svd({ image: square })).videos[0]))).toMatchObject({ width: 768, height: 768 });
		expect(await probeVideo(bytesOf((await svd({ image: portrait })).videos[0]))).toMatchObject({ width: 576, height: 1024 });
	});

	test('deterministic: the same body gives the same bytes; another seed other bytes', async () => {
		const body = { image, seed: 42, motion_scale: 0.7 };
		const [a, b] = [await svd(body), await svd(body)];
		expect(a.videos[0].video).toBe(b.videos[0].video);
		expect((await svd({ ...body, seed: 43 })).videos[0].video).not.toBe(a.videos[0].video);
		const derived = [await svd({ image }), await svd({ image })];
		expect(derived[0].videos[0].seed).toBe(derived[1].videos[0].seed);
	});

	test('motion_scale 0 is a still picture; 1 moves visibly between the first and the last frame', async () => {
		const still = bytesOf((await svd({ image, seed: 9, motion_scale: 0, noise_aug_strength: 0 })).videos[0]);
		const moving = bytesOf((await svd({ image, seed: 9, motion_scale: 1, noise_aug_strength: 0 })).videos[0]);
		const stillChange = meanAbsDiff(await decodeFrame(still, 0), await decodeFrame(still, 24));
		const movingChange = meanAbsDiff(await decodeFrame(moving, 0), await decodeFrame(moving, 24));
		expect(stillChange).toBeLessThan(2);
		expect(movingChange).toBeGreaterThan(20);
		// Both start from the same picture: the motion is what differs.
		expect(meanAbsDiff(await decodeFrame(still, 0), await decodeFrame(moving, 0))).toBeLessThan(3);
	});

	test('constant_rate_factor is the H.264 quality: a lower value gives a larger file', async () => {
		const fine = bytesOf((await svd({ image, seed: 3, constant_rate_factor: 12 })).videos[0]);
		const coarse = bytesOf((await svd({ image, seed: 3, constant_rate_factor: 45 })).videos[0]);
		expect(fine.length).toBeGreaterThan(coarse.length * 2);
	});

	test('constant_rate_factor 0 is lossless: x264 then picks High 4:4:4 Predictive (still yuv420p, 25 frames); 1 and up stay High', async () => {
		// Documented in README "Videos": browsers' software decoders (Chromium, see the e2e
		// video-playback test) play the lossless profile, many hardware decoders do not.
		const lossless = await probeVideo(bytesOf((await svd({ image, seed: 3, constant_rate_factor: 0 })).videos[0]));
		expect(lossless).toMatchObject({ codec: 'h264', profile: 'High 4:4:4 Predictive', pixelFormat: 'yuv420p', frames: 25, moovFirst: true });
		const lossy = await probeVideo(bytesOf((await svd({ image, seed: 3, constant_rate_factor: 1 })).videos[0]));
		expect(lossy).toMatchObject({ codec: 'h264', profile: 'High', pixelFormat: 'yuv420p', frames: 25, moovFirst: true });
	});

	test('num_videos gives distinct seeds; a seed list is taken as given', async () => {
		const two = await svd({ image, num_videos: 2, seed: 100 });
		expect(two.videos.map((v) => v.seed)).toEqual([100, 101]);
		expect(two.videos[0].video).not.toBe(two.videos[1].video);
		const listed = await svd({ image, num_videos: 2, seed: [7, null] });
		expect(listed.videos[0].seed).toBe(7);
		expect(listed.videos[1].seed).toBeGreaterThan(0);
	});

	test('an unsafe input image (the emulator: mostly pure red) gives videos removed for safety', async () => {
		const res = await svd({ image: red, num_videos: 2 });
		expect(res.videos.map((v) => [v.video, v.removed_for_safety])).toEqual([[null, true], [null, true]]);
		expect(res.videos[0].safety_score).toBeGreaterThan(0.5);
	});
});

describe('every rule is a 422 in the API shape', () => {
	const cases: Array<[string, Record<string, unknown> | 'image', Array<string | number>, string]> = [
		['image missing', {}, ['body', 'image'], 'missing'],
		['image not base64', { image: 'not base64!' }, ['body', 'image'], 'base64_decode'],
		['image not a picture', { image: Buffer.from('hello world!').toString('base64') }, ['body', 'image'], 'value_error'],
		['unsupported size', { width: 512, height: 512 }, ['body', 'width'], 'value_error'],
		['width without height', { width: 1024 }, ['body', 'height'], 'value_error'],
		['steps 0', { steps: 0 }, ['body', 'steps'], 'greater_than_equal'],
		['steps 51', { steps: 51 }, ['body', 'steps'], 'less_than_equal'],
		['steps 2.5', { steps: 2.5 }, ['body', 'steps'], 'int_from_float'],
		['cfg_scale 0', { cfg_scale: 0 }, ['body', 'cfg_scale'], 'greater_than'],
		['cfg_scale 10.5', { cfg_scale: 10.5 }, ['body', 'cfg_scale'], 'less_than_equal'],
		['cfg_scale text', { cfg_scale: '3' }, ['body', 'cfg_scale'], 'float_type'],
		['fps 0', { fps: 0 }, ['body', 'fps'], 'greater_than_equal'],
		['fps 26', { fps: 26 }, ['body', 'fps'], 'less_than_equal'],
		['motion_scale -0.1', { motion_scale: -0.1 }, ['body', 'motion_scale'], 'greater_than_equal'],
		['motion_scale 1.1', { motion_scale: 1.1 }, ['body', 'motion_scale'], 'less_than_equal'],
		['noise_aug_strength 1.5', { noise_aug_strength: 1.5 }, ['body', 'noise_aug_strength'], 'less_than_equal'],
		['num_videos 0', { num_videos: 0 }, ['body', 'num_videos'], 'greater_than_equal'],
		['num_videos 17', { num_videos: 17 }, ['body', 'num_videos'], 'less_than_equal'],
		['seed 0', { seed: 0 }, ['body', 'seed'], 'greater_than'],
		['seed 2^32', { seed: 2 ** 32 }, ['body', 'seed'], 'less_than'],
		['seed list of the wrong length', { seed: [1, 2] }, ['body', 'seed'], 'value_error'],
		['constant_rate_factor -1', { constant_rate_factor: -1 }, ['body', 'constant_rate_factor'], 'greater_than_equal'],
		['constant_rate_factor 52', { constant_rate_factor: 52 }, ['body', 'constant_rate_factor'], 'less_than_equal'],
		['an unknown field', { prompt: 'a fox' }, ['body', 'prompt'], 'extra_forbidden'],
	];
	test.each(cases)('%s', async (_name, fields, loc, type) => {
		const body = 'image' in (fields as object) || _name === 'image missing' ? fields : { image, ...(fields as object) };
		const res = await generate(emulator, 'svd', body);
		expect(res.status).toBe(422);
		expect(res.json.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc, type, msg: expect.any(String) })]));
	});

	test('a body that is not an object', async () => {
		const res = await generate(emulator, 'svd', [image]);
		expect([res.status, res.json.detail[0].type]).toEqual([422, 'model_attributes_type']);
	});

	test('without a token: 401, nothing rendered', async () => {
		expect((await generate(emulator, 'svd', { image }, { token: null })).status).toBe(401);
	});
});
