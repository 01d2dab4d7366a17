// The media utilities over HTTP: each answers with a real, visibly right result, and every rule of
// the rules table (rules/utilities.cts, from the service's export) has a 422 case here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { startEmulator, type Emulator } from '../index.cts';
import { call } from '../test-helpers.cts';
import { CROSS_RULES, REQUESTS, type Utility } from '../rules/utilities.cts';
import { horizonAt, landscape, PRODUCT, productPhoto, twoFaces } from '../utilities/scenes.cts';

let emulator: Emulator;
let files: Server;
let filesUrl: string;
const pic: Record<'sky' | 'product' | 'faces' | 'small', string> = {} as never;

beforeAll(async () => {
	emulator = await startEmulator();
	pic.sky = (await landscape(576, 448)).toString('base64');
	pic.product = (await productPhoto()).toString('base64');
	pic.faces = (await twoFaces()).toString('base64');
	pic.small = (await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3366cc' } }).png().toBuffer()).toString('base64');
	// Serves the product photo on loopback, for the *_url fields.
	const bytes = Buffer.from(pic.product, 'base64');
	files = createServer((req, res) => (req.url === '/product.png' ? res.end(bytes) : res.writeHead(404).end()));
	await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
	filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await emulator.close();
	await new Promise((resolve) => files.close(resolve));
});

const post = (utility: Utility, body: unknown) => call(emulator, 'POST', `/${utility}`, { body });
async function raw(b64: string) {
	const { data, info } = await sharp(Buffer.from(b64, 'base64')).raw().toBuffer({ resolveWithObject: true });
	const meta = await sharp(Buffer.from(b64, 'base64')).metadata();
	return { data, ...info, format: meta.format, fileChannels: meta.channels };
}
const valueAt = (img: { data: Buffer; width: number; channels: number }, x: number, y: number, c = 0) => img.data[(y * img.width + x) * img.channels + c];

describe('results', () => {
	it('upscaling resamples by the scale, or to the one side given keeping the aspect ratio', async () => {
		const byScale = await post('upscaling', { init_image: pic.small, scale: 2.5, output_image_encoding: 'png' });
		expect(byScale.status).toBe(200);
		expect(await raw(byScale.json.image_b64)).toMatchObject({ width: 100, height: 75, format: 'png' });
		const byWidth = await post('upscaling', { init_image: pic.small, output_image_width: 160 });
		expect(await raw(byWidth.json.image_b64)).toMatchObject({ width: 160, height: 120, format: 'jpeg' });
		const byModel = await post('upscaling', { init_image: pic.small, model: 'real-esrgan-x2-plus' });
		expect(await raw(byModel.json.image_b64)).toMatchObject({ width: 80, height: 60 });
		expect(byModel.json.removed_for_safety).toBe(false);
		const fromUrl = await post('upscaling', { init_image_url: `${filesUrl}/product.png`, output_image_height: 384 });
		expect(await raw(fromUrl.json.image_b64)).toMatchObject({ width: 256, height: 384 });
	});

	it('background removal keeps the subject in the alpha channel; only_mask returns the mask; bgcolor fills', async () => {
		const cut = await raw((await post('background-removal', { init_image: pic.product })).json.image_b64);
		expect(cut).toMatchObject({ format: 'png', fileChannels: 4, width: 512, height: 768 });
		expect(valueAt(cut, 5, 5, 3)).toBe(0);
		expect(valueAt(cut, 256, 500, 3)).toBe(255);
		expect([0, 1, 2].map((c) => valueAt(cut, 256, 500, c))).toEqual(PRODUCT.colour);
		const mask = await raw((await post('background-removal', { init_image: pic.product, only_mask: true })).json.image_b64);
		expect(mask.fileChannels).toBe(1);
		expect([valueAt(mask, 5, 5), valueAt(mask, 256, 100), valueAt(mask, 256, PRODUCT.bottom + 5)]).toEqual([0, 255, 0]);
		const filled = await raw((await post('background-removal', { init_image: pic.product, bgcolor: [0, 255, 0, 255] })).json.image_b64);
		expect([0, 1, 2, 3].map((c) => valueAt(filled, 5, 5, c))).toEqual([0, 255, 0, 255]);
	});

	it('segment finds the sky from the prompt: a mask over the upper band and its box', async () => {
		const res = await post('segment', { image_b64: pic.sky, prompt: 'the sky' });
		expect(res.status).toBe(200);
		expect(res.json.bounds).toEqual([{ phrase: 'sky', box: [[0, 0], [576, expect.any(Number)]], score: 0.86 }]);
		expect(res.json.masks).toHaveLength(1);
		expect(res.json.masks[0]).toMatchObject({ bound_index: 0, score: 0.86 });
		const mask = await raw(res.json.masks[0].mask_b64);
		expect(mask).toMatchObject({ width: 576, height: 448, fileChannels: 1 });
		// White above the horizon's lowest dip (minus its wave), black from the horizon's highest point down.
		for (let x = 0; x < 576; x += 16) {
			expect(valueAt(mask, x, Math.round(448 * 0.38))).toBe(255);
			expect(valueAt(mask, x, horizonAt(x, 576, 448) + 2)).toBe(0);
		}
		const none = await post('segment', { image_b64: pic.sky, prompt: 'a unicorn' });
		expect(none.json).toEqual({ bounds: [], masks: [], removed_for_safety: false });
	});

	it('segment by box gives the subject inside it; by points the region under them', async () => {
		const boxed = await post('segment', { image_b64: pic.product, bounding_box: [[0, 0], [512, 200]] });
		expect(boxed.json.masks[0]).toMatchObject({ bound_index: null, bounding_box: [[216, 90], [296, 200]] });
		const pointed = await post('segment', { image_b64: pic.product, foreground_points: [256, 400], background_points: [[5, 5]] });
		expect(pointed.json.masks[0].bounding_box).toEqual([[160, 90], [352, 700]]);
	});

	it('the detailer reports what it found and changes only those regions', async () => {
		const res = await post('adetailer', { init_image: pic.faces, detector: 'face_yolov8n', inpainting_base_model: 'sd15', image_encoding: 'png', mask_padding: 8 });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ num_objects_detected: 2, num_objects_inpainted: 2, num_removed_for_safety: 0, init_image_removed_for_safety: false });
		const [before, after] = [await raw(pic.faces), await raw(res.json.image_b64)];
		expect(valueAt(after, 5, 5, 2)).toBe(valueAt(before, 5, 5, 2));
		expect(after.data.equals(before.data)).toBe(false);
		const one = await post('adetailer', { init_image: pic.faces, detector: 'hand_yolov8n', inpainting_base_model: 'sd15', max_num_detections: 1 });
		expect(one.json).toMatchObject({ num_objects_detected: 2, num_objects_inpainted: 1 });
	});

	it('product scenes put the product at the requested height, one image per seed', async () => {
		const res = await post('creative-generator', { product_image_b64: pic.product, target_product_height_px: 305, prompt: 'on a beach', width: 1152, height: 896, num_images: 2, seed: 7 });
		expect(res.status).toBe(200);
		expect(res.json.images.map((i: { seed: number }) => i.seed)).toEqual([7, 8]);
		const scene = await raw(res.json.images[0].image_b64);
		expect(scene).toMatchObject({ width: 1152, height: 896, format: 'png' });
		// The bottle body is 610 px in a 768 px photo: scaled to 305 px it spans rows within the lower part.
		const x = 576;
		const red = Array.from({ length: 896 }, (_, y) => y).filter((y) => [0, 1, 2].every((c) => Math.abs(valueAt(scene, x, y, c) - PRODUCT.colour[c]) < 12));
		expect(red.length).toBeGreaterThan(305 * 0.75);
		expect(red[red.length - 1] - red[0] + 1).toBeLessThanOrEqual(305);
	});
});

type Body = Record<string, unknown>;
interface Case {
	utility: Utility;
	/** The field, or the cross rule's id. */
	rule: string;
	body: () => Body;
	loc: Array<string | number>;
	type: string;
}
const up = () => ({ init_image: pic.small });
const rb = () => ({ init_image: pic.product });
const ad = () => ({ init_image: pic.faces, detector: 'face_yolov8n', inpainting_base_model: 'sd15' });
const sg = () => ({ image_b64: pic.small, prompt: 'sky' });
const cg = () => ({ product_image_b64: pic.product, target_product_height_px: 200, prompt: 'a desk' });
const c = (utility: Utility, rule: string, body: () => Body, loc: Array<string | number>, type: string): Case => ({ utility, rule, body, loc, type });
const w = (base: () => Body, extra: Body) => () => ({ ...base(), ...extra });

const CASES: Case[] = [
	c('upscaling', 'init_image', w(up, { init_image: 'not base64!' }), ['body', 'init_image'], 'base64_decode'),
	c('upscaling', 'init_image_url', w(up, { init_image: null, init_image_url: 5 }), ['body', 'init_image_url'], 'string_type'),
	c('upscaling', 'model', w(up, { model: 'esrgan' }), ['body', 'model'], 'enum'),
	c('upscaling', 'scale', w(up, { scale: 'two' }), ['body', 'scale'], 'float_type'),
	c('upscaling', 'output_image_width', w(up, { output_image_width: 10.5 }), ['body', 'output_image_width'], 'int_from_float'),
	c('upscaling', 'output_image_height', w(up, { output_image_height: '9' }), ['body', 'output_image_height'], 'int_type'),
	c('upscaling', 'face_enhance', w(up, { face_enhance: 'yes' }), ['body', 'face_enhance'], 'bool_type'),
	c('upscaling', 'output_image_encoding', w(up, { output_image_encoding: 'webp' }), ['body', 'output_image_encoding'], 'enum'),
	c('upscaling', 'extra', w(up, { width: 10 }), ['body', 'width'], 'extra_forbidden'),
	c('upscaling', 'upscaling:image-required', () => ({}), ['body', 'init_image'], 'value_error'),
	c('upscaling', 'upscaling:image-once', w(up, { init_image_url: 'http://127.0.0.1/a.png' }), ['body', 'init_image_url'], 'value_error'),
	c('upscaling', 'upscaling:url-scheme', () => ({ init_image_url: 'ftp://x/a.png' }), ['body', 'init_image_url'], 'value_error'),
	c('upscaling', 'upscaling:one-size', w(up, { scale: 2, output_image_width: 100 }), ['body', 'scale'], 'value_error'),
	c('upscaling', 'upscaling:positive-size', w(up, { scale: 0 }), ['body', 'scale'], 'value_error'),
	c('upscaling', 'url-download', () => ({ init_image_url: 'https://example.com/a.png' }), ['body', 'init_image_url'], 'value_error'),
	c('background-removal', 'init_image', w(rb, { init_image: Buffer.from('text').toString('base64') }), ['body', 'init_image'], 'value_error'),
	c('background-removal', 'init_image_url', w(rb, { init_image: null, init_image_url: [] }), ['body', 'init_image_url'], 'string_type'),
	c('background-removal', 'driver', w(rb, { driver: 1 }), ['body', 'driver'], 'string_type'),
	c('background-removal', 'model', w(rb, { model: 2 }), ['body', 'model'], 'string_type'),
	c('background-removal', 'only_mask', w(rb, { only_mask: 'no' }), ['body', 'only_mask'], 'bool_type'),
	c('background-removal', 'post_process_mask', w(rb, { post_process_mask: 1 }), ['body', 'post_process_mask'], 'bool_type'),
	c('background-removal', 'bgcolor', w(rb, { bgcolor: [1, 2, 3] }), ['body', 'bgcolor'], 'too_short'),
	c('background-removal', 'alpha_matting', w(rb, { alpha_matting: 'on' }), ['body', 'alpha_matting'], 'bool_type'),
	c('background-removal', 'alpha_matting_foreground_threshold', w(rb, { alpha_matting_foreground_threshold: 256 }), ['body', 'alpha_matting_foreground_threshold'], 'less_than_equal'),
	c('background-removal', 'alpha_matting_background_threshold', w(rb, { alpha_matting_background_threshold: -1 }), ['body', 'alpha_matting_background_threshold'], 'greater_than_equal'),
	c('background-removal', 'alpha_matting_erode_size', w(rb, { alpha_matting_erode_size: 1.5 }), ['body', 'alpha_matting_erode_size'], 'int_from_float'),
	c('background-removal', 'output_image_encoding', w(rb, { output_image_encoding: 'jpeg' }), ['body', 'output_image_encoding'], 'enum'),
	c('background-removal', 'extra', w(rb, { scale: 2 }), ['body', 'scale'], 'extra_forbidden'),
	c('background-removal', 'background-removal:image-required', () => ({ only_mask: true }), ['body', 'init_image'], 'value_error'),
	c('background-removal', 'background-removal:image-once', w(rb, { init_image_url: 'http://127.0.0.1/a.png' }), ['body', 'init_image_url'], 'value_error'),
	c('background-removal', 'background-removal:url-scheme', () => ({ init_image_url: 'file:///etc/passwd' }), ['body', 'init_image_url'], 'value_error'),
	c('background-removal', 'background-removal:driver', w(rb, { driver: 'magic' }), ['body', 'driver'], 'value_error'),
	c('background-removal', 'background-removal:model', w(rb, { driver: 'rembg', model: 'birefnet-dis-epoch540' }), ['body', 'model'], 'value_error'),
	c('background-removal', 'background-removal:alpha-matting', w(rb, { alpha_matting: true }), ['body', 'alpha_matting'], 'value_error'),
	c('adetailer', 'init_image', w(ad, { init_image: 'abc' }), ['body', 'init_image'], 'base64_decode'),
	c('adetailer', 'init_image_url', w(ad, { init_image: null, init_image_url: {} }), ['body', 'init_image_url'], 'string_type'),
	c('adetailer', 'detector', () => ({ init_image: pic.faces }), ['body', 'detector'], 'missing'),
	c('adetailer', 'detector-enum', w(ad, { detector: 'person_yolov8n' }), ['body', 'detector'], 'enum'),
	c('adetailer', 'confidence', w(ad, { confidence: 'high' }), ['body', 'confidence'], 'float_type'),
	c('adetailer', 'max_num_detections', w(ad, { max_num_detections: 1.5 }), ['body', 'max_num_detections'], 'int_from_float'),
	c('adetailer', 'inpainting_base_model', w(ad, { inpainting_base_model: 'flux' }), ['body', 'inpainting_base_model'], 'enum'),
	c('adetailer', 'prompt', w(ad, { prompt: 3 }), ['body', 'prompt'], 'string_type'),
	c('adetailer', 'negative_prompt', w(ad, { negative_prompt: false }), ['body', 'negative_prompt'], 'string_type'),
	c('adetailer', 'checkpoint', w(ad, { checkpoint: 1 }), ['body', 'checkpoint'], 'string_type'),
	c('adetailer', 'loras', w(ad, { loras: { a: 'x' } }), ['body', 'loras', 'a'], 'float_type'),
	c('adetailer', 'style_preset', w(ad, { style_preset: 7 }), ['body', 'style_preset'], 'string_type'),
	c('adetailer', 'sampler', w(ad, { sampler: 'DPM_PLUS_PLUS_2M_SDE' }), ['body', 'sampler'], 'enum'),
	c('adetailer', 'steps', w(ad, { steps: 'many' }), ['body', 'steps'], 'int_type'),
	c('adetailer', 'cfg_scale', w(ad, { cfg_scale: 0 }), ['body', 'cfg_scale'], 'greater_than'),
	c('adetailer', 'cfg_scale-max', w(ad, { cfg_scale: 51 }), ['body', 'cfg_scale'], 'less_than_equal'),
	c('adetailer', 'strength', w(ad, { strength: 1.5 }), ['body', 'strength'], 'less_than_equal'),
	c('adetailer', 'seed', w(ad, { seed: 0 }), ['body', 'seed'], 'greater_than'),
	c('adetailer', 'seed-list', w(ad, { seed: [1, 2 ** 32] }), ['body', 'seed', 1], 'less_than'),
	c('adetailer', 'use_refiner', w(ad, { use_refiner: 'no' }), ['body', 'use_refiner'], 'bool_type'),
	c('adetailer', 'union_masks', w(ad, { union_masks: 0 }), ['body', 'union_masks'], 'bool_type'),
	c('adetailer', 'mask_blur', w(ad, { mask_blur: -1 }), ['body', 'mask_blur'], 'greater_than_equal'),
	c('adetailer', 'mask_dilation', w(ad, { mask_dilation: -2 }), ['body', 'mask_dilation'], 'greater_than_equal'),
	c('adetailer', 'mask_padding', w(ad, { mask_padding: 'x' }), ['body', 'mask_padding'], 'int_type'),
	c('adetailer', 'transfer_images', w(ad, { transfer_images: { 0: 'abc' } }), ['body', 'transfer_images', '0'], 'list_type'),
	c('adetailer', 'image_encoding', w(ad, { image_encoding: 'gif' }), ['body', 'image_encoding'], 'enum'),
	c('adetailer', 'extra', w(ad, { mask_image: 'x' }), ['body', 'mask_image'], 'extra_forbidden'),
	c('adetailer', 'adetailer:image-required', () => ({ detector: 'face_yolov8n' }), ['body', 'init_image'], 'value_error'),
	c('adetailer', 'adetailer:image-once', w(ad, { init_image_url: 'http://127.0.0.1/a.png' }), ['body', 'init_image_url'], 'value_error'),
	c('adetailer', 'adetailer:url-scheme', () => ({ detector: 'face_yolov8n', init_image_url: 'x' }), ['body', 'init_image_url'], 'value_error'),
	c('adetailer', 'adetailer:transfer-keys', () => ({ ...ad(), transfer_images: { first: [pic.small] } }), ['body', 'transfer_images'], 'value_error'),
	c('adetailer', 'resolution', w(ad, { inpainting_base_model: 'sdxl' }), ['body', 'init_image'], 'value_error'),
	c('segment', 'image_b64', w(sg, { image_b64: 12 }), ['body', 'image_b64'], 'string_type'),
	c('segment', 'image_url', w(sg, { image_b64: null, image_url: 12 }), ['body', 'image_url'], 'string_type'),
	c('segment', 'prompt', w(sg, { prompt: ['sky'] }), ['body', 'prompt'], 'string_type'),
	c('segment', 'bounding_box', () => ({ image_b64: pic.small, bounding_box: [[0, 0]] }), ['body', 'bounding_box'], 'too_short'),
	c('segment', 'foreground_points', () => ({ image_b64: pic.small, foreground_points: [[1, 2, 3]] }), ['body', 'foreground_points', 0], 'too_long'),
	c('segment', 'background_points', () => ({ image_b64: pic.small, background_points: [['a', 2]] }), ['body', 'background_points', 0, 0], 'int_type'),
	c('segment', 'max_num_bounds', w(sg, { max_num_bounds: 0.5 }), ['body', 'max_num_bounds'], 'int_from_float'),
	c('segment', 'max_num_masks', w(sg, { max_num_masks: 'all' }), ['body', 'max_num_masks'], 'int_type'),
	c('segment', 'prompt_object_detection_threshold', w(sg, { prompt_object_detection_threshold: 'x' }), ['body', 'prompt_object_detection_threshold'], 'float_type'),
	c('segment', 'prompt_token_detection_threshold', w(sg, { prompt_token_detection_threshold: true }), ['body', 'prompt_token_detection_threshold'], 'float_type'),
	c('segment', 'segment:image-required', () => ({ prompt: 'sky', image_b64: null }), ['body', 'image_b64'], 'value_error'),
	c('segment', 'segment:image-once', w(sg, { image_url: 'http://127.0.0.1/a.png' }), ['body', 'image_url'], 'value_error'),
	c('segment', 'segment:url-scheme', () => ({ prompt: 'sky', image_b64: null, image_url: 'a.png' }), ['body', 'image_url'], 'value_error'),
	c('segment', 'segment:one-query', w(sg, { bounding_box: [[0, 0], [5, 5]] }), ['body', 'prompt'], 'value_error'),
	c('creative-generator', 'product_image_b64', w(cg, { product_image_b64: null }), ['body', 'product_image_b64'], 'missing'),
	c('creative-generator', 'target_product_height_px', w(cg, { target_product_height_px: 9 }), ['body', 'target_product_height_px'], 'greater_than_equal'),
	c('creative-generator', 'prompt', w(cg, { prompt: 'x'.repeat(10_001) }), ['body', 'prompt'], 'string_too_long'),
	c('creative-generator', 'negative_prompt', w(cg, { negative_prompt: 'x'.repeat(10_001) }), ['body', 'negative_prompt'], 'string_too_long'),
	c('creative-generator', 'width', w(cg, { width: '1024' }), ['body', 'width'], 'int_type'),
	c('creative-generator', 'height', w(cg, { height: 1.5 }), ['body', 'height'], 'int_from_float'),
	c('creative-generator', 'num_images', w(cg, { num_images: 17 }), ['body', 'num_images'], 'less_than_equal'),
	c('creative-generator', 'rotate_deg', w(cg, { rotate_deg: -361 }), ['body', 'rotate_deg'], 'greater_than_equal'),
	c('creative-generator', 'style_preset', w(cg, { style_preset: 'anime' }), ['body', 'style_preset'], 'enum'),
	c('creative-generator', 'loras', w(cg, { loras: ['a'] }), ['body', 'loras'], 'dict_type'),
	c('creative-generator', 'seed', w(cg, { seed: 'random' }), ['body', 'seed'], 'int_type'),
	c('creative-generator', 'extra', w(cg, { image_encoding: 'png' }), ['body', 'image_encoding'], 'extra_forbidden'),
	c('creative-generator', 'creative-generator:resolution', w(cg, { width: 1000 }), ['body', 'width'], 'value_error'),
	c('creative-generator', 'creative-generator:product-fits', w(cg, { target_product_height_px: 1100 }), ['body', 'target_product_height_px'], 'value_error'),
];

describe('validation: every rule answers 422 in the API shape', () => {
	it.each(CASES.map((k) => [k.utility, k.rule, k] as const))('%s %s', async (_u, _r, k) => {
		const res = await post(k.utility, k.body());
		expect(res.status).toBe(422);
		expect(res.json.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc: k.loc, type: k.type, msg: expect.any(String) })]));
	});

	it('has a case for every field of every request and every rule across fields', () => {
		const covered = new Set(CASES.map((k) => `${k.utility}:${k.rule.replace(/-(enum|max|list)$/, '')}`));
		const expected = [
			...Object.entries(REQUESTS).flatMap(([u, spec]) => spec.fields.map((f) => `${u}:${f.name}`)),
			...CROSS_RULES.map((r) => `${r.utility}:${r.id}`),
		];
		expect(expected.filter((key) => !covered.has(key))).toEqual([]);
	});

	it('segment: image_b64 is required and nullable (its export): an image by URL goes with image_b64 null, not without the key', async () => {
		const without = await post('segment', { image_url: `${filesUrl}/product.png`, prompt: 'bottle' });
		expect(without.status).toBe(422);
		expect(without.json.detail).toEqual([{ loc: ['body', 'image_b64'], msg: 'Field required', type: 'missing' }]);
		const withNull = await post('segment', { image_b64: null, image_url: `${filesUrl}/product.png`, prompt: 'bottle' });
		expect(withNull.status).toBe(200);
	});

	it('segment ignores unknown keys (its export alone allows them) and takes a single point as [x, y]', async () => {
		const res = await post('segment', { image_b64: pic.product, foreground_points: [256, 400], colour: 'red' });
		expect(res.status).toBe(200);
		expect(res.json.masks).toHaveLength(1);
	});
});
