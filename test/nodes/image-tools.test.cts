// The OctoAI Image Tools node through n8n's execution engine against the emulator: each operation's
// request body (checked against the emulator's rules table), its binary output and JSON, image sources
// (binary field, expression, URL, data URI), errors before any request, and Continue On Fail.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';
import sharp from 'sharp';

import { UTILITIES, type Utility } from '../emulator/rules/utilities.cts';
import { landscape, PRODUCT, productPhoto, twoFaces } from '../emulator/utilities/scenes.cts';
import { validateUtility } from '../emulator/validation/utilities.cts';
import { imageItem, useEmulator } from './helpers.cts';
import { runChain, type ChainStep } from './platform-helpers.cts';

const env = useEmulator();
const pics: Record<'sky' | 'product' | 'faces', Buffer> = {} as never;
let files: Server;
let filesUrl: string;

beforeAll(async () => {
	pics.sky = await landscape(576, 448);
	pics.product = await productPhoto();
	pics.faces = await twoFaces();
	files = createServer((req, res) => (req.url === '/sky.png' ? res.end(pics.sky) : res.writeHead(404).end()));
	await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
	filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});

/** Utility requests this env's token made, in order. */
function utilityRequests() {
	return env.emulator
		.requests({ token: env.token })
		.filter((r) => UTILITIES.some((u) => r.path === `/${u}`))
		.map((r) => ({ utility: r.path.slice(1) as Utility, body: r.body as Record<string, unknown>, status: r.status }));
}

// Every body the node sent passes the rules of the service's export (the emulator's own transcription).
afterAll(async () => {
	const requests = utilityRequests().filter((r) => r.status === 200);
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		const result = await validateUtility(request.utility, request.body);
		expect([request.utility, result.ok ? [] : result.errors]).toEqual([request.utility, []]);
	}
	// Closed only now: bodies with init_image_url are downloaded again when checked.
	await new Promise((resolve) => files.close(resolve));
});

const tools = (parameters: INodeParameters, extra: Partial<ChainStep> = {}): ChainStep => ({
	name: 'Tools',
	type: 'octoAiImageTools',
	parameters: { resource: 'image', ...parameters },
	...extra,
});

async function run(steps: ChainStep[], inputItems?: INodeExecutionData[]) {
	const result = await runChain(env, steps, { inputItems });
	return Object.assign(result, { items: result.run.data.resultData.runData[steps[steps.length - 1].name] ? result.outputs(steps[steps.length - 1].name) : [] });
}

async function image(result: { binaryBuffer(item: INodeExecutionData, field: string): Promise<Buffer> }, item: INodeExecutionData, field: string) {
	const bytes = await result.binaryBuffer(item, field);
	const meta = await sharp(bytes).metadata();
	const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
	return { bytes, meta, data, info, at: (x: number, y: number, c = 0) => data[(y * info.width + x) * info.channels + c] };
}

const lastBody = () => utilityRequests().at(-1)!.body;

describe('OctoAI Image Tools', () => {
	it('upscales a binary field by a scale, naming the file and MIME type from the bytes', async () => {
		const result = await run([tools({ operation: 'upscale', image: 'data', sizeBy: 'scale', scale: 2, options: { outputEncoding: 'png' } })], [await imageItem({ data: pics.faces })]);
		expect(result.status).toBe('success');
		const [item] = result.items;
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary!.data).toMatchObject({ fileName: 'upscaled.png', mimeType: 'image/png' });
		expect((await image(result, item, 'data')).meta).toMatchObject({ width: 1024, height: 1024, format: 'png' });
		expect(item.json).toMatchObject({ removed_for_safety: false, fileName: 'upscaled.png', parameters: { scale: 2, model: 'real-esrgan-x4-plus', output_image_encoding: 'png' } });
		expect(lastBody()).toEqual({ init_image: expect.any(String), model: 'real-esrgan-x4-plus', scale: 2, output_image_encoding: 'png' });
	});

	it('sends an http(s) URL as init_image_url and reads a data URI from an expression', async () => {
		const byUrl = await run([tools({ operation: 'upscale', image: `${filesUrl}/sky.png`, sizeBy: 'width', outputWidth: 1152, upscalingModel: 'real-esrgan-x2-plus' })]);
		expect(byUrl.status).toBe('success');
		expect(lastBody()).toEqual({ init_image_url: `${filesUrl}/sky.png`, model: 'real-esrgan-x2-plus', output_image_width: 1152 });
		expect(byUrl.items[0].json.parameters).toMatchObject({ init_image_url: `${filesUrl}/sky.png` });
		expect((await image(byUrl, byUrl.items[0], 'data')).meta).toMatchObject({ width: 1152, height: 896, format: 'jpeg' });
		expect(byUrl.items[0].binary!.data.mimeType).toBe('image/jpeg');

		const dataUri = `data:image/png;base64,${pics.faces.toString('base64')}`;
		const byUri = await run([tools({ operation: 'upscale', image: '={{ $json.picture }}', sizeBy: 'height', outputHeight: 600 })], [{ json: { picture: dataUri } }]);
		expect(byUri.status).toBe('success');
		expect(lastBody()).toMatchObject({ init_image: pics.faces.toString('base64'), output_image_height: 600 });
		// The scheme in capitals, and bare base64, as the engine nodes take them.
		for (const picture of [dataUri.replace('data:', 'DATA:'), pics.faces.toString('base64')]) {
			const other = await run([tools({ operation: 'upscale', image: '={{ $json.picture }}', sizeBy: 'height', outputHeight: 600 })], [{ json: { picture } }]);
			expect(other.status).toBe('success');
			expect(lastBody()).toMatchObject({ init_image: pics.faces.toString('base64') });
		}
	});

	it('removes the background into a PNG with alpha, or returns the mask only', async () => {
		const input = [await imageItem({ photo: pics.product })];
		const cut = await run([tools({ operation: 'removeBackground', image: 'photo', outputField: 'cutout' })], input);
		const png = await image(cut, cut.items[0], 'cutout');
		expect(png.meta).toMatchObject({ format: 'png', hasAlpha: true, width: 512, height: 768 });
		expect([png.at(4, 4, 3), png.at(256, 500, 3)]).toEqual([0, 255]);
		expect(lastBody()).toEqual({ init_image: expect.any(String), driver: 'birefnet', only_mask: false });

		const mask = await run([tools({ operation: 'removeBackground', image: 'photo', driver: 'rembg', rembgModel: 'u2net', onlyMask: true, options: { alphaMatting: true, alphaMattingErodeSize: 2, backgroundRgba: '0, 0, 0, 255' } })], input);
		expect(mask.status).toBe('success');
		expect(mask.items[0].binary!.data.fileName).toBe('mask.png');
		expect(lastBody()).toMatchObject({ driver: 'rembg', model: 'u2net', only_mask: true, alpha_matting: true, alpha_matting_erode_size: 2, bgcolor: [0, 0, 0, 255] });
	});

	it('fixes faces: reports what was found and repainted', async () => {
		const result = await run(
			[tools({ operation: 'fixFaces', image: 'data', detector: 'face_yolov8n', baseModel: 'sd15', prompt: 'a smiling face', options: { maxDetections: 1, seed: '42', loras: '{"octoai:add-detail": 0.5}', transferImages: { faces: [{ faceIndex: 0, images: 'data' }] } } })],
			[await imageItem({ data: pics.faces })],
		);
		expect(result.status).toBe('success');
		expect(result.items[0].json).toMatchObject({ num_objects_detected: 2, num_objects_inpainted: 1, num_removed_for_safety: 0, init_image_removed_for_safety: false });
		expect(result.items[0].json.parameters).toMatchObject({ transfer_images: ['0'], loras: { 'octoai:add-detail': 0.5 }, seed: 42 });
		expect(result.items[0].binary!.data.mimeType).toBe('image/jpeg');
	});

	it('segments the sky into a mask field, keeps the input image, and SDXL inpaints with that mask', async () => {
		const segment = tools({ operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: 'sky' }, { name: 'Segment' });
		const inpaint: ChainStep = { name: 'SDXL', type: 'octoAiSdxl', parameters: { prompt: 'a dramatic sunset sky', mode: 'inpainting', inputImage: 'data', maskImage: 'mask', width: 1152, height: 896, strength: 1, options: { seed: '3' } } };
		const result = await runChain(env, [segment, inpaint], { inputItems: [await imageItem({ data: pics.sky })] });
		expect(result.status).toBe('success');
		const [seg] = result.outputs('Segment');
		expect(Object.keys(seg.binary!).sort()).toEqual(['data', 'mask']);
		expect(seg.json).toMatchObject({ maskCount: 1, bounds: [{ phrase: 'sky', score: expect.any(Number) }], masks: [{ binaryField: 'mask', bound_index: 0 }] });
		const mask = await image(result, seg, 'mask');
		expect([mask.at(100, 20), mask.at(100, 440)]).toEqual([255, 0]);
		const generate = env.emulator.requests({ token: env.token }).filter((r) => r.path === '/generate/sdxl').at(-1)!;
		expect(generate.status).toBe(200);
		expect((generate.body as { mask_image: string }).mask_image).toBe((await result.binaryBuffer(seg, 'mask')).toString('base64'));
		expect(result.outputs('SDXL')).toHaveLength(1);
	});

	it('segments by box and by points', async () => {
		const input = [await imageItem({ data: pics.product })];
		const boxed = await run([tools({ operation: 'segment', image: 'data', selectBy: 'box', box: '0, 0, 512, 200' })], input);
		expect(boxed.items[0].json.masks).toEqual([expect.objectContaining({ bounding_box: [[216, 90], [296, 200]], bound_index: null })]);
		expect(lastBody()).toMatchObject({ bounding_box: [[0, 0], [512, 200]] });
		const pointed = await run([tools({ operation: 'segment', image: 'data', selectBy: 'points', foregroundPoints: '256, 400', backgroundPoints: '5, 5; 500, 760', options: { maxMasks: 1 } })], input);
		expect(pointed.items[0].json.masks).toEqual([expect.objectContaining({ bounding_box: [[160, 90], [352, 700]] })]);
		expect(lastBody()).toMatchObject({ foreground_points: [[256, 400]], background_points: [[5, 5], [500, 760]], max_num_masks: 1 });
	});

	it('places a product in scenes: one item per seed, the product at the requested height', async () => {
		const result = await run(
			[tools({ operation: 'productScene', image: 'data', scenePrompt: 'on a wooden table', productHeight: 400, sceneSize: '1152x896', options: { numImages: 2, seed: '11, 12', stylePreset: 'photographic' } })],
			[await imageItem({ data: pics.product })],
		);
		expect(result.status).toBe('success');
		expect(result.items.map((i) => [i.json.seed, i.json.fileName, i.pairedItem])).toEqual([
			[11, 'scene-11.png', { item: 0 }],
			[12, 'scene-12.png', { item: 0 }],
		]);
		expect(lastBody()).toEqual({ product_image_b64: expect.any(String), prompt: 'on a wooden table', target_product_height_px: 400, width: 1152, height: 896, num_images: 2, seed: [11, 12], style_preset: 'photographic' });
		const scene = await image(result, result.items[0], 'data');
		const red = Array.from({ length: 896 }, (_, y) => y).filter((y) => [0, 1, 2].every((c) => Math.abs(scene.at(576, y, c) - PRODUCT.colour[c]) < 12));
		expect(red.length).toBeGreaterThan(400 * 0.75);
	});

	it('refuses bad input before any request, naming the field, the value and the item; Continue On Fail keeps the other items', async () => {
		const before = utilityRequests().length;
		const cases: Array<[INodeParameters, RegExp]> = [
			[{ operation: 'fixFaces', image: 'data', options: { seed: '0' } }, /^Seed \(0\) must be a whole number greater than 0 and less than 4294967296 \(item 0\)$/],
			[{ operation: 'segment', image: 'data', selectBy: 'box', box: '10, 10, 5' }, /^Box \("10, 10, 5"\) must be 4 whole numbers.* \(item 0\)$/],
			[{ operation: 'segment', image: 'data', selectBy: 'box', box: '50, 50, 10, 10' }, /Box: right and bottom must be greater/],
			[{ operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: '={{ "" }}' }, /^Prompt is required \(item 0\)$/],
			[{ operation: 'removeBackground', image: 'data', options: { alphaMatting: true } }, /Alpha Matting works with the Rembg driver only/],
			[{ operation: 'productScene', image: 'https://example.com/p.png', scenePrompt: 'x' }, /Product Image: this operation takes the image itself, not a URL/],
			[{ operation: 'fixFaces', image: 'data', options: { loras: '{"a": "x"}' } }, /^LoRAs \("\{"a": "x"\}"\) must be a JSON object of names to numbers \(item 0\)$/],
			[{ operation: 'upscale', image: 'nothing' }, /Image: item 0 has no binary field "nothing"/],
			[{ operation: 'upscale', image: 'data:text/plain;base64,aGVsbG8=' }, /^Image: the image given inline of item 0 is not a PNG, JPEG or WebP image$/],
			// The engine nodes' data-URI reader: text that is not base64 is refused, not decoded into whatever bytes it gives.
			[{ operation: 'upscale', image: 'data:image/png;base64,iVBORw0KGgo!!!' }, /^Image: "data:image\/png;base64,iVBORw0KGgo!!!" is not valid base64 in item 0$/],
			[{ operation: 'fixFaces', image: 'data', baseModel: 'sdxl' }, /Image: 512x512 is not a size the SDXL base model takes \(item 0\)/],
		];
		for (const [parameters, message] of cases) {
			const result = await run([tools(parameters)], [await imageItem({ data: pics.faces })]);
			expect([parameters.operation, result.status, result.error?.message]).toEqual([parameters.operation, 'error', expect.stringMatching(message)]);
		}
		expect(utilityRequests()).toHaveLength(before);

		const mixed = await run(
			[tools({ operation: 'upscale', image: '={{ $json.field }}', sizeBy: 'scale', scale: 1.5 }, { continueOnFail: true })],
			[await imageItem({ data: pics.faces }, { field: 'data' }), { json: { field: 'missing' } }, await imageItem({ data: pics.faces }, { field: 'data' })],
		);
		expect(mixed.status).toBe('success');
		expect(mixed.items.map((i) => [i.pairedItem, i.json.error === undefined])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
			[{ item: 2 }, true],
		]);
		// A row error names its item in the text too: the error item of item 1 says so.
		const seeds = await run(
			[tools({ operation: 'fixFaces', image: 'data', options: { seed: '={{ $json.seed }}' } }, { continueOnFail: true })],
			[await imageItem({ data: pics.faces }, { seed: 5 }), await imageItem({ data: pics.faces }, { seed: 'x' })],
		);
		expect(seeds.items[1].json.error).toBe('Seed "x" is not a whole number (item 1)');
	});

	it('an expression that gives nothing is an error naming its field, before any request, never a silent default; Continue On Fail keeps the other items', async () => {
		const before = utilityRequests().length;
		const nothing = '={{ $json.nope }}';
		const cases: Array<[INodeParameters, string]> = [
			[{ operation: 'upscale', image: 'data', sizeBy: 'scale', scale: nothing }, 'Scale'],
			[{ operation: 'upscale', image: 'data', sizeBy: 'width', outputWidth: nothing }, 'Output Width'],
			[{ operation: 'upscale', image: 'data', upscalingModel: nothing }, 'Model'],
			[{ operation: 'upscale', image: 'data', options: { faceEnhance: nothing } }, 'Face Enhance'],
			[{ operation: 'removeBackground', image: 'data', driver: nothing }, 'Driver'],
			[{ operation: 'removeBackground', image: 'data', onlyMask: nothing }, 'Only Mask'],
			[{ operation: 'removeBackground', image: 'data', driver: 'rembg', options: { alphaMattingErodeSize: nothing } }, 'Alpha Matting Erode Size'],
			[{ operation: 'fixFaces', image: 'data', baseModel: 'sd15', options: { steps: nothing } }, 'Steps'],
			[{ operation: 'fixFaces', image: 'data', baseModel: 'sd15', options: { seed: nothing } }, 'Seed'],
			[{ operation: 'fixFaces', image: 'data', baseModel: nothing }, 'Base Model'],
			[{ operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: 'sky', options: { maxMasks: nothing } }, 'Max Masks'],
			[{ operation: 'productScene', image: 'data', scenePrompt: 'x', productHeight: nothing }, 'Product Height (Pixels)'],
			[{ operation: 'productScene', image: 'data', scenePrompt: 'x', options: { numImages: nothing } }, 'Number of Images'],
		];
		for (const [parameters, label] of cases) {
			const result = await run([tools(parameters)], [await imageItem({ data: pics.faces })]);
			expect([label, result.status, result.error?.message]).toEqual([label, 'error', `${label}: the expression gave no value`]);
		}
		expect(utilityRequests()).toHaveLength(before);

		const mixed = await run(
			[tools({ operation: 'upscale', image: 'data', sizeBy: 'scale', scale: '={{ $json.scale }}' }, { continueOnFail: true })],
			[await imageItem({ data: pics.faces }, { scale: 1.5 }), await imageItem({ data: pics.faces }, {}), await imageItem({ data: pics.faces }, { scale: 2 })],
		);
		expect(mixed.status).toBe('success');
		expect(mixed.items.map((i) => [i.pairedItem, i.binary?.data?.fileName ?? null, i.json.error ?? null])).toEqual([
			[{ item: 0 }, 'upscaled.jpg', null],
			[{ item: 1 }, null, 'Scale: the expression gave no value'],
			[{ item: 2 }, 'upscaled.jpg', null],
		]);
		expect(utilityRequests().slice(before).map((r) => r.body.scale)).toEqual([1.5, 2]);
	});

	it('refuses an image URL with a user name or password before any request, showing it without them; Continue On Fail keeps the other items', async () => {
		const before = utilityRequests().length;
		const secret = 's3cretpw';
		const url = `${filesUrl.replace('http://', `http://alice:${secret}@`)}/sky.png`;
		const shown = `"${filesUrl.replace('http://', 'http://[redacted]@')}/sky.png"`;
		for (const parameters of [
			{ operation: 'upscale', image: url },
			{ operation: 'removeBackground', image: ` ${url.replace('http', 'HTTP')}` },
			{ operation: 'fixFaces', image: url, baseModel: 'sd15' },
			{ operation: 'segment', image: url, selectBy: 'prompt', segmentPrompt: 'sky' },
		]) {
			const result = await run([tools(parameters)]);
			expect([parameters.operation, result.status, result.error?.message]).toEqual([
				parameters.operation,
				'error',
				`Image: the URL of item 0 carries a user name or password (user:…@host), which OctoAI would receive (got ${parameters.image.startsWith(' ') ? shown.replace('http', 'HTTP') : shown})`,
			]);
			// (n8n itself keeps the node's parameters, as typed, with the run's error.)
			expect(`${result.error?.message} ${(result.error as { description?: string }).description}`).not.toContain(secret);
		}
		expect(utilityRequests()).toHaveLength(before);

		const mixed = await run(
			[tools({ operation: 'upscale', image: '={{ $json.picture }}' }, { continueOnFail: true })],
			[{ json: { picture: `${filesUrl}/sky.png` } }, { json: { picture: url } }, { json: { picture: `${filesUrl}/sky.png` } }],
		);
		expect(mixed.status).toBe('success');
		expect(mixed.items.map((i) => [i.pairedItem, i.binary?.data?.fileName ?? null, i.json.error === undefined])).toEqual([
			[{ item: 0 }, 'upscaled.jpg', true],
			[{ item: 1 }, null, false],
			[{ item: 2 }, 'upscaled.jpg', true],
		]);
		expect(JSON.stringify(mixed.items.map((i) => i.json))).not.toContain(secret);
		expect(utilityRequests().slice(before).map((r) => r.body.init_image_url)).toEqual([`${filesUrl}/sky.png`, `${filesUrl}/sky.png`]);
	});

	it("passes the API's 422 on as an error with its status and message", async () => {
		// Only the service can tell that it cannot download a URL (the emulator reaches loopback only).
		const result = await run([tools({ operation: 'upscale', image: 'https://example.com/photo.png' })]);
		expect(result.status).toBe('error');
		expect(result.error?.message).toMatch(/422/);
		expect(JSON.stringify(result.run.data.resultData.error)).toMatch(/loopback addresses only/);
	});
});
