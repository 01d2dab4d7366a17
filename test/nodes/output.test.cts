import { sdkRequestErrors } from '../conformance/sdk-schema.cts';
import { decode, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator({ safetyWord: 'forbidden' });

async function lastBody() {
	const requests = env.generateRequests();
	const body = requests[requests.length - 1].body;
	expect(await sdkRequestErrors(body)).toEqual([]);
	return body;
}

describe('output items', () => {
	it('puts all images of a request into one item on request', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'three foxes',
			numImages: 3,
			outputField: 'image',
			options: { allImagesInOneItem: true, seed: '5, 6, 7' },
		});
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(Object.keys(item.binary!)).toEqual(['image', 'image_1', 'image_2']);
		expect(item.json.images).toEqual([
			expect.objectContaining({ seed: 5, imageIndex: 0, binaryField: 'image', fileName: 'sdxl-5.png' }),
			expect.objectContaining({ seed: 6, imageIndex: 1, binaryField: 'image_1' }),
			expect.objectContaining({ seed: 7, imageIndex: 2, binaryField: 'image_2' }),
		]);
		for (const field of ['image', 'image_1', 'image_2']) {
			expect(await decode(result, item, field)).toMatchObject({ width: 1024, height: 1024, format: 'png' });
		}
		// Distinct seeds give distinct pictures.
		const bytes = await Promise.all(['image', 'image_1'].map((f) => result.binaryBuffer(item, f)));
		expect(bytes[0].equals(bytes[1])).toBe(false);
	});

	it('stores every item its own picture when the run reuses decoding buffers (Concurrency 3, 7 items)', async () => {
		const seeds = [11, 12, 13, 14, 15, 16, 17];
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: 'a lighthouse at dusk', options: { seed: '={{ $json.seed }}', concurrency: 3 } },
			{ inputItems: seeds.map((seed) => ({ json: { seed } })) },
		);
		expect(result.items.map((item) => item.json.seed)).toEqual(seeds);
		const stored = await Promise.all(result.items.map((item) => result.binaryBuffer(item, 'data')));
		// Each the same bytes as a run of that seed alone (whose one image has a buffer of its own).
		for (const [n, seed] of [[0, 11], [3, 14], [6, 17]] as const) {
			const alone = await runEngineNode(env, 'octoAiSd15', { prompt: 'a lighthouse at dusk', options: { seed: String(seed) } });
			expect(stored[n].equals(await alone.binaryBuffer(alone.items[0], 'data'))).toBe(true);
		}
		expect(new Set(stored.map((bytes) => bytes.toString('base64'))).size).toBe(seeds.length);
	});

	it('reports images removed for safety with the flag and no binary', async () => {
		const result = await runEngineNode(env, 'octoAiSd15', { prompt: 'something forbidden', numImages: 2 });
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json).toMatchObject({ removed_for_safety: true, engine: 'sd' });
			expect(item.binary).toBeUndefined();
			expect(item.pairedItem).toEqual({ item: 0 });
		}
	});

	it('drops images removed for safety when asked', async () => {
		const result = await runEngineNode(env, 'octoAiSd15', {
			prompt: 'something forbidden',
			options: { dropRemovedForSafety: true },
		});
		expect(result.status).toBe('success');
		expect(result.items).toEqual([]);
	});

	it('warns, without failing, when the prompt is longer than the engine reads', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'fox '.repeat(90) });
		expect(result.status).toBe('success');
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([
			'The prompt of item 0 is about 90 tokens; OctoAI SDXL reads only the first 77, so its end is ignored.',
		]);
		const short = await runEngineNode(env, 'octoAiSd15', { prompt: 'fox '.repeat(90) });
		expect(short.run.data.resultData.runData.OctoAI[0].hints ?? []).toEqual([]);
	});

	it('same parameters and seed give the same image', async () => {
		const run = async () => {
			const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: { seed: '99' } });
			return await result.binaryBuffer(result.items[0], 'data');
		};
		expect((await run()).equals(await run())).toBe(true);
	});
});

describe('custom assets and engine options', () => {
	it('sends checkpoint, LoRAs, textual inversions (also as a negative embedding) and VAE', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'a portrait, (crayon style:1.1)',
			negativePrompt: 'negativexl',
			checkpoint: 'octoai:RealVisXL',
			loras: { entries: [{ name: 'octoai:crayon-style', weight: 0.7 }, { name: 'octoai:add-detail', weight: 0.3 }] },
			textualInversions: { entries: [{ name: 'octoai:NegativeXL', triggerWord: 'negativexl' }] },
			options: { vae: 'octoai:sdxl-vae-fp16-fix', clipSkip: 1 },
		});
		expect(result.error).toBeUndefined();
		expect(await lastBody()).toMatchObject({
			checkpoint: 'octoai:RealVisXL',
			loras: { 'octoai:crayon-style': 0.7, 'octoai:add-detail': 0.3 },
			textual_inversions: { 'octoai:NegativeXL': 'negativexl' },
			negative_prompt: 'negativexl',
			vae: 'octoai:sdxl-vae-fp16-fix',
			clip_skip: 1,
			steps: 30,
			cfg_scale: 12,
		});
	});

	it('SDXL Lightning gets 8 steps and CFG 3 unless the user sets them', async () => {
		await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', checkpoint: 'octoai:lightning_sdxl' });
		expect(await lastBody()).toMatchObject({ checkpoint: 'octoai:lightning_sdxl', steps: 8, cfg_scale: 3 });
		await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'a fox',
			checkpoint: 'octoai:lightning_sdxl',
			options: { steps: 6, cfgScale: 2 },
		});
		expect(await lastBody()).toMatchObject({ steps: 6, cfg_scale: 2 });
	});

	it('sends the SDXL-only options', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'a fox',
			options: {
				prompt2: 'oil painting',
				negativePrompt2: 'photo',
				useRefiner: true,
				highNoiseFrac: 0.7,
				stylePreset: 'Craft Clay',
			},
		});
		expect(result.error).toBeUndefined();
		expect(await lastBody()).toMatchObject({
			prompt_2: 'oil painting',
			negative_prompt_2: 'photo',
			use_refiner: true,
			high_noise_frac: 0.7,
			style_preset: 'Craft Clay',
		});
	});

	it('fills fields from expressions per item, in input order, with concurrency', async () => {
		const prompts = ['one', 'two', 'three', 'four', 'five', 'six'];
		env.emulator.queueFaults(env.token, [{ kind: 'latency', ms: 300 }]); // the first finishes last
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{
				prompt: '={{ $json.prompt }}',
				resolution: '={{ $json.size }}',
				options: { seed: '={{ $json.seed }}', concurrency: 3 },
			},
			{ inputItems: prompts.map((prompt, i) => ({ json: { prompt, seed: 100 + i, size: i % 2 ? '768x512' : '512x768' } })) },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => (item.json.parameters as { prompt: string }).prompt)).toEqual(prompts);
		expect(result.items.map((item) => item.json.seed)).toEqual([100, 101, 102, 103, 104, 105]);
		expect(result.items.map((item) => item.pairedItem)).toEqual(prompts.map((_, item) => ({ item })));
		expect(await decode(result, result.items[1])).toMatchObject({ width: 768, height: 512 });
	});
});
