// Cost estimates on every output item, and the spending guard: the whole run is read, validated and
// checked before the first request, so a refused run sends nothing (the emulator's request log shows it).
import type { INodeExecutionData } from 'n8n-workflow';

import { imageItem, picture, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();

const prompts = (n: number): INodeExecutionData[] => Array.from({ length: n }, (_, i) => ({ json: { prompt: `fox number ${i}` } }));
const sd15 = { prompt: '={{ $json.prompt }}', numImages: 4, resolution: '512x512' };
const sentSince = (before: number) => env.generateRequests().length - before;

describe('cost fields', () => {
	it('every image item carries its estimate and the published price it comes from', async () => {
		const result = await runEngineNode(env, 'octoAiSd15', { ...sd15, numImages: 2, sampler: 'HEUN', options: { steps: 60 } }, { inputItems: prompts(1) });
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json.estimated_cost_usd).toBe(0.006);
			expect(item.json.price_basis).toBe(
				"$0.0015 per 512x512 SD 1.5 image at 30 steps (OctoAI's published Media Gen pricing); 512x512, 60 steps: x2 by pixels x steps; premium sampler HEUN: x2",
			);
		}
	});

	it('an item holding all images carries their sum; an engine without a published price says so', async () => {
		const all = await runEngineNode(env, 'octoAiSd15', { ...sd15, numImages: 3, options: { allImagesInOneItem: true } }, { inputItems: prompts(1) });
		expect(all.items[0].json.estimated_cost_usd).toBe(0.0045);
		const sdxl = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox' });
		expect(sdxl.items[0].json).toMatchObject({ estimated_cost_usd: null, price_basis: 'OctoAI publishes no price for SDXL with its default model; no estimate' });
		const lightning = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', checkpoint: 'octoai:lightning_sdxl', options: { steps: 4 } });
		expect(lightning.items[0].json.estimated_cost_usd).toBe(0.001);
	});
});

describe('the spending guard', () => {
	it('refuses a run over Max Estimated Cost per Run, naming the limit and the estimate, and sends nothing', async () => {
		const before = env.generateRequests().length;
		const result = await runEngineNode(env, 'octoAiSd15', { ...sd15, options: { maxCostPerRun: 0.01 } }, { inputItems: prompts(3) });
		expect(result.status).toBe('error');
		expect(result.error!.message).toBe(
			"Max Estimated Cost per Run (USD) is $0.01, but this run's estimate is $0.018 (12 images, 3 items); nothing was sent",
		);
		expect(sentSince(before)).toBe(0);
	});

	it('runs the same workflow within budget', async () => {
		const before = env.generateRequests().length;
		const result = await runEngineNode(env, 'octoAiSd15', { ...sd15, options: { maxCostPerRun: 0.02, maxImagesPerRun: 12 } }, { inputItems: prompts(3) });
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(12);
		expect(sentSince(before)).toBe(3);
	});

	it('refuses a run over Max Images per Run, and sends nothing', async () => {
		const before = env.generateRequests().length;
		const result = await runEngineNode(env, 'octoAiSd15', { ...sd15, options: { maxImagesPerRun: 10 } }, { inputItems: prompts(3) });
		expect(result.error!.message).toBe('Max Images per Run is 10, but this run asks for 12 images (3 items); nothing was sent');
		expect(sentSince(before)).toBe(0);
	});

	it('refuses a cost limit it cannot check (no published price), naming the item and the reason', async () => {
		const before = env.generateRequests().length;
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: { maxCostPerRun: 5 } });
		expect(result.error!.message).toBe(
			"Max Estimated Cost per Run (USD) is $5, but the run's cost cannot be estimated: item 0: OctoAI publishes no price for SDXL with its default model; no estimate; nothing was sent",
		);
		expect(sentSince(before)).toBe(0);
	});

	it('reads and validates every item first: a bad last item stops the run before the first request', async () => {
		const before = env.generateRequests().length;
		const items = prompts(3);
		items[2].json.steps = 900;
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ ...sd15, options: { steps: '={{ $json.steps ?? 30 }}', maxImagesPerRun: 100 } },
			{ inputItems: items },
		);
		expect(result.error).toMatchObject({ context: { itemIndex: 2 } });
		expect(result.error!.message).toBe('Steps (900) must be a whole number greater than 0 and at most 200');
		expect(sentSince(before)).toBe(0);
	});

	it('with Continue On Fail, a bad item becomes an error item and the others are counted and sent', async () => {
		const before = env.generateRequests().length;
		const items = prompts(3);
		items[1].json.steps = 900;
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ ...sd15, numImages: 1, options: { steps: '={{ $json.steps ?? 30 }}', maxImagesPerRun: 2 } },
			{ inputItems: items, continueOnFail: true },
		);
		expect(result.items.map((i) => i.json.error ?? i.json.estimated_cost_usd)).toEqual([
			0.0015,
			'Steps (900) must be a whole number greater than 0 and at most 200',
			0.0015,
		]);
		expect(sentSince(before)).toBe(2);
	});

	it('guards the video node too: videos count against Max Images per Run', async () => {
		const before = env.generateRequests().length;
		const input = [await imageItem({ data: await picture(64, 64) })];
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', numVideos: 3, options: { maxImagesPerRun: 2 } }, { inputItems: input });
		expect(result.error!.message).toBe('Max Images per Run is 2, but this run asks for 3 videos (1 item); nothing was sent');
		const priced = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: { maxCostPerRun: 1 } }, { inputItems: input });
		expect(priced.error!.message).toContain('OctoAI publishes no price for Stable Video Diffusion');
		expect(sentSince(before)).toBe(0);
	});
});
