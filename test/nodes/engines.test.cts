import { ENGINE_LIST } from '../../nodes/shared/fields/engines';
import { sdkRequestErrors } from '../conformance/sdk-schema.cts';
import { decode, imageItem, picture, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();

describe.each(ENGINE_LIST)('$displayName text to image', (engine) => {
	const node = engine.nodeName;
	const isControlNet = engine.capabilities.has('controlnet');
	// Fields only some engines take: the test sets them where the engine shows them.
	const negative = engine.capabilities.has('negativePrompt') ? { negative_prompt: 'blurry' } : {};
	const sampler = engine.capabilities.has('classicSd') ? { sampler: 'K_EULER_ANCESTRAL' } : {};
	// The last supported size, so the test does not pass by falling back to the default.
	const [width, height] = engine.resolutions[engine.resolutions.length - 1];

	it('generates the asked number of images at the chosen size, encoding and seeds', async () => {
		const before = env.generateRequests().length;
		const inputItems = isControlNet ? [await imageItem({ data: await picture(width, height) })] : undefined;
		const result = await runEngineNode(
			env,
			node,
			{
				prompt: 'a (lighthouse:1.2) on a cliff at dawn',
				...(negative.negative_prompt ? { negativePrompt: negative.negative_prompt } : {}),
				resolution: `${width}x${height}`,
				numImages: 3,
				...sampler,
				options: { seed: '11, 22, 33', steps: 20, cfgScale: 6.5, imageEncoding: 'jpeg' },
			},
			{ inputItems },
		);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(3);
		for (const [index, item] of result.items.entries()) {
			const image = await decode(result, item);
			expect(image).toMatchObject({ format: 'jpeg', width, height });
			expect(item.json).toMatchObject({
				engine: engine.id,
				seed: [11, 22, 33][index],
				imageIndex: index,
				removed_for_safety: false,
				fileName: `${engine.id}-${[11, 22, 33][index]}.jpg`,
			});
			expect(item.binary!.data).toMatchObject({ mimeType: 'image/jpeg', fileName: `${engine.id}-${[11, 22, 33][index]}.jpg` });
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(JSON.stringify(item.json)).not.toMatch(/[A-Za-z0-9+/]{200}/); // never base64 in json
		}

		const requests = env.generateRequests().slice(before);
		expect(requests).toHaveLength(1);
		expect(requests[0].path).toBe(engine.path);
		const body = requests[0].body;
		expect(await sdkRequestErrors(body)).toEqual([]);
		expect(body).toMatchObject({
			prompt: 'a (lighthouse:1.2) on a cliff at dawn',
			...negative,
			width,
			height,
			num_images: 3,
			...sampler,
			seed: [11, 22, 33],
			steps: 20,
			cfg_scale: 6.5,
			image_encoding: 'jpeg',
		});
		if (isControlNet) {
			expect(body).toMatchObject({ controlnet: engine.controlNets![0], controlnet_conditioning_scale: 1 });
			expect(typeof body.controlnet_image).toBe('string');
		}
		// The request parameters are echoed without image data.
		expect(result.items[0].json.parameters).toMatchObject({ prompt: body.prompt, width, height });
		expect(result.items[0].json.parameters).not.toHaveProperty('controlnet_image');
	});

	it('uses the engine defaults when only a prompt is given', async () => {
		const before = env.generateRequests().length;
		const inputItems = isControlNet ? [await imageItem({ data: await picture(512, 512) })] : undefined;
		const result = await runEngineNode(env, node, { prompt: 'a red fox' }, { inputItems });
		expect(result.error).toBeUndefined();
		const [defaultWidth, defaultHeight] = engine.resolutions[0];
		expect(result.items).toHaveLength(1);
		expect(await decode(result, result.items[0])).toMatchObject({
			format: 'png',
			width: defaultWidth,
			height: defaultHeight,
		});
		const [request] = env.generateRequests().slice(before);
		expect(await sdkRequestErrors(request.body)).toEqual([]);
		expect(request.body).toMatchObject({ steps: 30, cfg_scale: 12, num_images: 1, image_encoding: 'png' });
		if (engine.capabilities.has('classicSd')) expect(request.body).toMatchObject({ sampler: 'DDIM' });
		else expect(request.body).not.toHaveProperty('sampler');
		if (isControlNet) expect(request.body).toMatchObject({ controlnet_preprocess: true });
		expect(request.body).not.toHaveProperty('seed');
	});
});

it('reads a seed written as 7.0 or 1e1 as that whole number, as Image Tools always did; 7.5 stays refused', async () => {
	const before = env.generateRequests().length;
	const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a lighthouse', numImages: 2, options: { seed: '7.0, 1e1' } });
	expect(result.error).toBeUndefined();
	const [request] = env.generateRequests().slice(before);
	expect(request.body).toMatchObject({ num_images: 2, seed: [7, 10] });
	const refused = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a lighthouse', options: { seed: '7.5' } });
	expect(refused.error?.message).toBe('Seed "7.5" is not a whole number');
	expect(env.generateRequests().length).toBe(before + 1);
});
