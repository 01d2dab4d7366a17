import sharp from 'sharp';

import { sdkRequestErrors } from '../conformance/sdk-schema.cts';
import {
	decode,
	imageItem,
	mask,
	meanDifference,
	picture,
	pixels,
	runEngineNode,
	useEmulator,
} from './helpers.cts';

const env = useEmulator();

async function lastRequest() {
	const requests = env.generateRequests();
	const request = requests[requests.length - 1];
	expect(await sdkRequestErrors(request.body)).toEqual([]);
	return request.body;
}

function base64Of(buffer: Buffer) {
	return buffer.toString('base64');
}

describe.each(['filesystem', 'combined'] as const)('modes in %s binary mode', (binaryMode) => {
	// In combined mode binaries live in the item JSON; expressions pick them from there.
	const from = (field: string) => (binaryMode === 'combined' ? `={{ $json._files.${field} }}` : field);

	it('image to image sends the input image and strength, and keeps the picture by strength', async () => {
		const input = await picture(1024, 1024, 'jpeg');
		const distances: number[] = [];
		for (const strength of [0.2, 0.9]) {
			const result = await runEngineNode(
				env,
				'octoAiSdxl',
				{ prompt: 'a watercolor', mode: 'imageToImage', inputImage: from('photo'), strength, options: { seed: '7' } },
				{ binaryMode, inputItems: [await imageItem({ photo: input })] },
			);
			expect(result.error).toBeUndefined();
			const body = await lastRequest();
			expect(body).toMatchObject({ strength, init_image: base64Of(input) });
			const out = await decode(result, result.items[0]);
			expect(out).toMatchObject({ width: 1024, height: 1024 });
			distances.push(meanDifference(await pixels(out.bytes, 64, 64), await pixels(input, 64, 64)));
		}
		expect(distances[0]).toBeLessThan(distances[1]);
	});

	it('inpainting sends image, mask and full-resolution options; only the masked area changes', async () => {
		const input = await picture(512, 512);
		const maskImage = await mask(512, 512, { left: 256, top: 0, width: 256, height: 512 });
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{
				prompt: 'a red door',
				mode: 'inpainting',
				inputImage: from('data'),
				maskImage: from('mask'),
				strength: 0.95,
				options: { inpaintFullRes: true, inpaintFullResPadding: 16 },
			},
			{ binaryMode, inputItems: [await imageItem({ data: input, mask: maskImage })] },
		);
		expect(result.error).toBeUndefined();
		const body = await lastRequest();
		expect(body).toMatchObject({
			init_image: base64Of(input),
			mask_image: base64Of(maskImage),
			strength: 0.95,
			inpaint_full_res: true,
			inpaint_full_res_padding: 16,
		});
		const out = await decode(result, result.items[0]);
		const [outLeft, inLeft] = await Promise.all(
			[out.bytes, input].map((img) =>
				sharp(img).extract({ left: 0, top: 0, width: 256, height: 512 }).removeAlpha().raw().toBuffer(),
			),
		);
		expect(meanDifference(outLeft, inLeft)).toBe(0);
	});

	it('outpainting sends the canvas, the mask and the outpainting flag', async () => {
		const canvas = await picture(1216, 832);
		const maskImage = await mask(1216, 832, { left: 0, top: 0, width: 200, height: 832 });
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'the rest of the valley', mode: 'outpainting', inputImage: from('data'), maskImage: from('mask'), resolution: '1216x832' },
			{ binaryMode, inputItems: [await imageItem({ data: canvas, mask: maskImage })] },
		);
		expect(result.error).toBeUndefined();
		expect(await lastRequest()).toMatchObject({ outpainting: true, width: 1216, height: 832 });
		expect(await decode(result, result.items[0])).toMatchObject({ width: 1216, height: 832 });
	});

	it('photo merge sends every photo under its trigger word', async () => {
		const [a, b, c] = await Promise.all([
			picture(512, 512, 'png', { r: 200, g: 10, b: 10 }),
			picture(512, 512, 'jpeg', { r: 10, g: 200, b: 10 }),
			picture(512, 512, 'webp', { r: 10, g: 10, b: 200 }),
		]);
		const fields = binaryMode === 'combined' ? '={{ [$json._files.a, $json._files.b] }}' : 'a, b';
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{
				prompt: 'sks person and zwx dog on the moon',
				mode: 'photoMerge',
				transferImages: {
					entries: [
						{ triggerWord: 'sks person', binaryFields: fields },
						{ triggerWord: 'zwx dog', binaryFields: from('c') },
					],
				},
			},
			{ binaryMode, inputItems: [await imageItem({ a, b, c })] },
		);
		expect(result.error).toBeUndefined();
		expect(await lastRequest()).toMatchObject({
			transfer_images: { 'sks person': [base64Of(a), base64Of(b)], 'zwx dog': [base64Of(c)] },
		});
		expect(result.items[0].json.parameters).toMatchObject({ transfer_images: ['sks person', 'zwx dog'] });
	});

	it('ControlNet sends the name, control image and its settings; the output follows the control image', async () => {
		const control = await picture(1024, 1024);
		const result = await runEngineNode(
			env,
			'octoAiControlNetSdxl',
			{
				prompt: 'a castle',
				controlNet: 'octoai:depth_sdxl',
				controlImage: from('edges'),
				conditioningScale: 1.5,
				preprocess: false,
				options: { earlyStop: 0.6 },
			},
			{ binaryMode, inputItems: [await imageItem({ edges: control })] },
		);
		expect(result.error).toBeUndefined();
		expect(await lastRequest()).toMatchObject({
			controlnet: 'octoai:depth_sdxl',
			controlnet_image: base64Of(control),
			controlnet_conditioning_scale: 1.5,
			controlnet_preprocess: false,
			controlnet_early_stop: 0.6,
		});
		// A ready-made control map (no preprocessing): its two halves differ in brightness, so must the output's.
		const out = await decode(result, result.items[0]);
		const halves = await Promise.all(
			[0, 512].map(async (left) => {
				const raw = await sharp(out.bytes).extract({ left, top: 0, width: 512, height: 1024 }).removeAlpha().raw().toBuffer();
				return raw.reduce((sum, value) => sum + value, 0) / raw.length;
			}),
		);
		expect(Math.abs(halves[0] - halves[1])).toBeGreaterThan(10);
	});

	it('a custom ControlNet name is sent as typed, with preprocessing', async () => {
		const result = await runEngineNode(
			env,
			'octoAiControlNetSd15',
			{ prompt: 'a house', controlNet: 'custom', controlNetName: 'octoai:openpose_sd15', controlImage: from('data'), preprocess: true },
			{ binaryMode, inputItems: [await imageItem({ data: await picture(512, 512) })] },
		);
		expect(result.error).toBeUndefined();
		expect(await lastRequest()).toMatchObject({ controlnet: 'octoai:openpose_sd15', controlnet_preprocess: true });
	});
});

describe('output image in combined binary mode', () => {
	it('lands in the item JSON under the output field, readable by the next node', async () => {
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'a fox', outputField: 'picture' },
			{ binaryMode: 'combined' },
		);
		expect(result.error).toBeUndefined();
		const item = result.items[0];
		expect((item.json._files as Record<string, unknown>).picture).toMatchObject({ mimeType: 'image/png' });
		expect(await decode(result, item, 'picture')).toMatchObject({ width: 1024, height: 1024, format: 'png' });
	});
});
