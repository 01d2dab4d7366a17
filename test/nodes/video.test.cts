// The OctoAI Stable Video Diffusion node through n8n's engine against the emulator: every field of
// VideoGenerationRequest sent as set (and accepted by the SDK's schema), one binary MP4 item per
// video, videos removed for safety, bad input refused before any request, the cost fields.
import sharp from 'sharp';

import { sdkVideoRequestErrors } from '../conformance/sdk-video.cts';
import { probeVideo } from '../emulator/video/probe.cts';
import { imageItem, picture, runEngineNode, useEmulator } from './helpers.cts';

jest.setTimeout(180_000);
const env = useEmulator();

async function input(width = 320, height = 180) {
	return [await imageItem({ data: await picture(width, height, 'png') })];
}

function videoBodies() {
	return env.generateRequests().filter((r) => r.path.endsWith('/generate/svd'));
}

describe('OctoAI Stable Video Diffusion', () => {
	it('turns an image into an MP4 per video, with every field sent and the SDK schema accepting the body', async () => {
		const before = videoBodies().length;
		const result = await runEngineNode(
			env,
			'octoAiStableVideoDiffusion',
			{
				inputImage: 'data',
				resolution: '576x1024',
				numVideos: 2,
				motionScale: 0.8,
				fps: 12,
				outputField: 'clip',
				options: { steps: 20, cfgScale: 2.5, noiseAugStrength: 0.05, constantRateFactor: 30, seed: '11, 12' },
			},
			{ inputItems: await input() },
		);
		expect(result.status).toBe('success');
		const sent = videoBodies().slice(before);
		expect(sent).toHaveLength(1);
		const { image, ...fields } = sent[0].body;
		expect(fields).toEqual({
			width: 576, height: 1024, num_videos: 2, motion_scale: 0.8, fps: 12,
			steps: 20, cfg_scale: 2.5, noise_aug_strength: 0.05, constant_rate_factor: 30, seed: [11, 12],
		});
		expect(typeof image).toBe('string');
		expect(await sdkVideoRequestErrors(sent[0].body)).toEqual([]);

		expect(result.items).toHaveLength(2);
		for (const [n, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({
				engine: 'svd', seed: 11 + n, videoIndex: n, removed_for_safety: false,
				fileName: `svd-${11 + n}.mp4`, mimeType: 'video/mp4',
				estimated_cost_usd: null, price_basis: expect.stringContaining('no price for Stable Video Diffusion'),
			});
			expect(item.json.parameters).not.toHaveProperty('image');
			const binary = result.binaryData(item, 'clip');
			expect([binary.mimeType, binary.fileExtension, binary.fileName]).toEqual(['video/mp4', 'mp4', `svd-${11 + n}.mp4`]);
			const facts = await probeVideo(await result.binaryBuffer(item, 'clip'));
			expect(facts).toMatchObject({ codec: 'h264', width: 576, height: 1024, frames: 25, fps: 12 });
		}
	});

	it('by default sends only the top-level fields and lets the API size the video from the image', async () => {
		const before = videoBodies().length;
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data' }, { inputItems: await input(100, 100) });
		expect(result.status).toBe('success');
		const { image: _image, ...fields } = videoBodies().slice(before)[0].body;
		expect(fields).toEqual({ num_videos: 1, motion_scale: 0.5, fps: 7 });
		expect(await probeVideo(await result.binaryBuffer(result.items[0]))).toMatchObject({ width: 768, height: 768, frames: 25, fps: 7 });
	});

	it('takes the image from an expression giving a binary object', async () => {
		const result = await runEngineNode(
			env,
			'octoAiStableVideoDiffusion',
			{ inputImage: '={{ $binary.data }}', resolution: '1024x576', options: { seed: '3' } },
			{ inputItems: await input() },
		);
		expect(result.status).toBe('success');
		expect(result.items[0].json).toMatchObject({ seed: 3, fileName: 'svd-3.mp4' });
	});

	it('reads a seed written as 1e1 as 10, by the seed reader every node shares', async () => {
		const before = videoBodies().length;
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: { seed: '1e1' } }, { inputItems: await input() });
		expect(result.status).toBe('success');
		expect(videoBodies().slice(before).map((r) => r.body.seed)).toEqual([10]);
	});

	it('reports videos removed for safety with the flag and no binary, or drops them', async () => {
		// The emulator's safety checker flags a mostly pure red picture.
		const red = [await imageItem({ data: await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } }).png().toBuffer() })];
		const kept = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', numVideos: 2 }, { inputItems: red });
		expect(kept.items.map((i) => [i.json.removed_for_safety, i.binary])).toEqual([[true, undefined], [true, undefined]]);
		const dropped = await runEngineNode(
			env,
			'octoAiStableVideoDiffusion',
			{ inputImage: 'data', numVideos: 2, options: { dropRemovedForSafety: true } },
			{ inputItems: red },
		);
		expect([dropped.status, dropped.items]).toEqual(['success', []]);
	});

	it.each([
		[{ motionScale: 1.5 }, 'Motion Scale (1.5) must be a number at least 0 and at most 1 (item 0)'],
		[{ fps: 30 }, 'Frames per Second (30) must be a whole number at least 1 and at most 25 (item 0)'],
		[{ numVideos: 17 }, 'Number of Videos (17) must be a whole number at least 1 and at most 16 (item 0)'],
		[{ options: { cfgScale: 0 } }, 'CFG Scale (0) must be a number greater than 0 and at most 10 (item 0)'],
		[{ options: { constantRateFactor: 52 } }, 'Constant Rate Factor (52) must be a whole number at least 0 and at most 51 (item 0)'],
		[{ options: { steps: 60 } }, 'Steps (60) must be a whole number at least 1 and at most 50 (item 0)'],
		[{ options: { seed: '1, 2' } }, 'Seed lists 2 seeds for 1 videos (item 0)'],
		// Only spaces: refused as the engines refuse it (and as the node did before the shared row reader), not sent as a random seed.
		[{ options: { seed: '   ' } }, 'Seed "" is not a whole number (item 0)'],
		[{ options: { seed: '={{ " \\t " }}' } }, 'Seed "" is not a whole number (item 0)'],
		[{ resolution: '={{ "512x512" }}' }, 'Resolution ("512x512") is not one of auto, 1024x576, 576x1024, 768x768 (item 0)'],
	])('refuses %j before any request: %s', async (parameters, message) => {
		const before = videoBodies().length;
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', ...parameters }, { inputItems: await input() });
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(result.error!.message).toBe(message);
		expect(videoBodies().length).toBe(before);
	});

	it('refuses an input that is not an image, naming the field and the item', async () => {
		const items = await input();
		items.push({ json: {} });
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data' }, { inputItems: items, continueOnFail: true });
		expect(result.items).toHaveLength(2);
		expect(result.items[1].json.error).toBe('Input Image: item 1 has no binary field "data"');
		expect(result.items[0].json.mimeType).toBe('video/mp4');
	});
});
