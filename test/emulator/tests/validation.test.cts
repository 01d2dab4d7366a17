// Every validation rule of the reference, one table row each, checked over HTTP: status 422 and the exact loc and type.
import sharp from 'sharp';
import { startEmulator, type Emulator } from '../index.cts';
import { call, generate, makeImage } from '../test-helpers.cts';

let emulator: Emulator;
const img: Record<'png' | 'jpeg' | 'webp' | 'tiff' | 'truncated' | 'text', string> = {} as never;

beforeAll(async () => {
	emulator = await startEmulator();
	const paint = (x: number, y: number): [number, number, number] => [x * 4, y * 4, 128];
	img.png = await makeImage(64, 64, paint, 'png');
	img.jpeg = await makeImage(64, 64, paint, 'jpeg');
	img.webp = await makeImage(64, 64, paint, 'webp');
	img.tiff = await makeImage(64, 64, paint, 'tiff');
	const png = Buffer.from(img.png, 'base64');
	img.truncated = png.subarray(0, Math.floor(png.length * 0.6)).toString('base64');
	img.text = Buffer.from('hello, not an image').toString('base64');
});
afterAll(() => emulator.close());

type Body = Record<string, unknown>;
interface Case {
	rule: string;
	engine?: string;
	body: Body | (() => Body);
	loc: Array<string | number>;
	type: string;
	msg?: string | RegExp;
}

const p = { prompt: 'a red fox' };
const cn = (extra: Body) => () => ({ ...p, controlnet_image: img.png, ...extra });

const CASES: Case[] = [
	{ rule: 'prompt is required', body: {}, loc: ['body', 'prompt'], type: 'missing', msg: 'Field required' },
	{ rule: 'prompt must be non-empty', body: { prompt: '' }, loc: ['body', 'prompt'], type: 'string_too_short' },
	{ rule: 'prompt must be a string', body: { prompt: 42 }, loc: ['body', 'prompt'], type: 'string_type' },
	{ rule: 'prompt may not be null', body: { prompt: null }, loc: ['body', 'prompt'], type: 'string_type' },
	{ rule: 'negative_prompt must be a string', body: { ...p, negative_prompt: ['x'] }, loc: ['body', 'negative_prompt'], type: 'string_type' },
	{ rule: 'prompt_2 must be a string', body: { ...p, prompt_2: 1 }, loc: ['body', 'prompt_2'], type: 'string_type' },
	{ rule: 'checkpoint must be a string', body: { ...p, checkpoint: 1 }, loc: ['body', 'checkpoint'], type: 'string_type' },
	{ rule: 'cfg_scale must be a number', body: { ...p, cfg_scale: '7' }, loc: ['body', 'cfg_scale'], type: 'float_type' },
	{ rule: 'cfg_scale > 0', body: { ...p, cfg_scale: 0 }, loc: ['body', 'cfg_scale'], type: 'greater_than', msg: 'Input should be greater than 0' },
	{ rule: 'cfg_scale <= 50', body: { ...p, cfg_scale: 50.5 }, loc: ['body', 'cfg_scale'], type: 'less_than_equal', msg: 'Input should be less than or equal to 50' },
	{ rule: 'steps > 0', body: { ...p, steps: 0 }, loc: ['body', 'steps'], type: 'greater_than' },
	{ rule: 'steps <= 200', body: { ...p, steps: 201 }, loc: ['body', 'steps'], type: 'less_than_equal', msg: 'Input should be less than or equal to 200' },
	{ rule: 'steps is an integer', body: { ...p, steps: 12.5 }, loc: ['body', 'steps'], type: 'int_from_float' },
	{ rule: 'steps is a number', body: { ...p, steps: '30' }, loc: ['body', 'steps'], type: 'int_type' },
	{ rule: 'num_images >= 1', body: { ...p, num_images: 0 }, loc: ['body', 'num_images'], type: 'greater_than_equal', msg: 'Input should be greater than or equal to 1' },
	{ rule: 'num_images <= 16', body: { ...p, num_images: 17 }, loc: ['body', 'num_images'], type: 'less_than_equal', msg: 'Input should be less than or equal to 16' },
	{ rule: 'num_images is an integer', body: { ...p, num_images: 1.5 }, loc: ['body', 'num_images'], type: 'int_from_float' },
	{ rule: 'width is an integer', body: { ...p, width: 1024.5 }, loc: ['body', 'width'], type: 'int_from_float' },
	{ rule: 'height is a number', body: { ...p, height: '1024' }, loc: ['body', 'height'], type: 'int_type' },
	{ rule: 'seed > 0', body: { ...p, seed: 0 }, loc: ['body', 'seed'], type: 'greater_than' },
	{ rule: 'seed < 2^32', body: { ...p, seed: 2 ** 32 }, loc: ['body', 'seed'], type: 'less_than', msg: 'Input should be less than 4294967296' },
	{ rule: 'seed is an integer', body: { ...p, seed: 1.5 }, loc: ['body', 'seed'], type: 'int_from_float' },
	{ rule: 'seed is an integer or a list', body: { ...p, seed: 'x' }, loc: ['body', 'seed'], type: 'int_type' },
	{ rule: 'seed list items are integers', body: { ...p, num_images: 2, seed: [1, 'x'] }, loc: ['body', 'seed', 1], type: 'int_type' },
	{ rule: 'seed list items are in range', body: { ...p, num_images: 2, seed: [1, 0] }, loc: ['body', 'seed', 1], type: 'greater_than' },
	{ rule: 'seed list has num_images entries', body: { ...p, num_images: 2, seed: [1, 2, 3] }, loc: ['body', 'seed'], type: 'value_error', msg: /exactly num_images \(2\)/ },
	{ rule: 'seed list defaults to num_images 1', body: { ...p, seed: [1, 2] }, loc: ['body', 'seed'], type: 'value_error' },
	{ rule: 'use_refiner is a boolean', body: { ...p, use_refiner: 'yes' }, loc: ['body', 'use_refiner'], type: 'bool_type' },
	{ rule: 'high_noise_frac <= 1', body: { ...p, high_noise_frac: 1.5 }, loc: ['body', 'high_noise_frac'], type: 'less_than_equal' },
	{ rule: 'high_noise_frac >= 0', body: { ...p, high_noise_frac: -0.1 }, loc: ['body', 'high_noise_frac'], type: 'greater_than_equal' },
	{ rule: 'clip_skip >= 1', body: { ...p, clip_skip: 0 }, loc: ['body', 'clip_skip'], type: 'greater_than_equal' },
	{ rule: 'clip_skip <= 12', body: { ...p, clip_skip: 13 }, loc: ['body', 'clip_skip'], type: 'less_than_equal' },
	...['prompt', 'prompt_2', 'negative_prompt', 'negative_prompt_2'].map((field) => ({
		rule: `${field} has at most 10,000 characters`,
		body: { ...p, [field]: 'x'.repeat(10_001) },
		loc: ['body', field],
		type: 'string_too_long',
		msg: 'String should have at most 10000 characters',
	})),
	// The export's non-nullable fields refuse an explicit null with their type error.
	...(
		[
			['prompt', 'string_type'],
			['cfg_scale', 'float_type'],
			['steps', 'int_type'],
			['num_images', 'int_type'],
			['strength', 'float_type'],
			['high_noise_frac', 'float_type'],
			['use_refiner', 'bool_type'],
			['sampler', 'enum'],
			['image_encoding', 'enum'],
			['inpaint_full_res_padding', 'int_type'],
			['log_prompt', 'bool_type'],
			['enable_safety', 'bool_type'],
		] as const
	).map(([field, type]) => ({ rule: `${field}: null is refused`, body: { ...p, [field]: null }, loc: ['body', field], type })),
	{ rule: 'clip_skip is an integer', body: { ...p, clip_skip: 1.5 }, loc: ['body', 'clip_skip'], type: 'int_from_float' },
	{ rule: 'strength > 0', body: () => ({ ...p, init_image: img.png, strength: 0 }), loc: ['body', 'strength'], type: 'greater_than' },
	{ rule: 'strength <= 1', body: () => ({ ...p, init_image: img.png, strength: 1.1 }), loc: ['body', 'strength'], type: 'less_than_equal' },
	{ rule: 'inpaint_full_res_padding >= 0', body: { ...p, inpaint_full_res_padding: -1 }, loc: ['body', 'inpaint_full_res_padding'], type: 'greater_than_equal' },
	{ rule: 'inpaint_full_res_padding is an integer', body: { ...p, inpaint_full_res_padding: 2.5 }, loc: ['body', 'inpaint_full_res_padding'], type: 'int_from_float' },
	{ rule: 'inpaint_full_res is a boolean', body: { ...p, inpaint_full_res: 1 }, loc: ['body', 'inpaint_full_res'], type: 'bool_type' },
	{ rule: 'outpainting is a boolean', body: { ...p, outpainting: 'true' }, loc: ['body', 'outpainting'], type: 'bool_type' },
	{ rule: 'log_prompt is a boolean', body: { ...p, log_prompt: 'no' }, loc: ['body', 'log_prompt'], type: 'bool_type' },
	{ rule: 'controlnet_conditioning_scale >= 0', engine: 'controlnet-sdxl', body: cn({ controlnet_conditioning_scale: -1 }), loc: ['body', 'controlnet_conditioning_scale'], type: 'greater_than_equal' },
	{ rule: 'controlnet_early_stop <= 1', engine: 'controlnet-sd15', body: cn({ controlnet_early_stop: 1.5 }), loc: ['body', 'controlnet_early_stop'], type: 'less_than_equal' },
	{ rule: 'controlnet_early_stop >= 0', engine: 'controlnet-sd15', body: cn({ controlnet_early_stop: -0.5 }), loc: ['body', 'controlnet_early_stop'], type: 'greater_than_equal' },
	{ rule: 'controlnet_preprocess is a boolean', engine: 'controlnet-sdxl', body: cn({ controlnet_preprocess: 'yes' }), loc: ['body', 'controlnet_preprocess'], type: 'bool_type' },
	{ rule: 'controlnet is a string', engine: 'controlnet-sdxl', body: cn({ controlnet: 3 }), loc: ['body', 'controlnet'], type: 'string_type' },
	{ rule: 'sampler is one of the 21 schedulers', body: { ...p, sampler: 'EULER' }, loc: ['body', 'sampler'], type: 'enum', msg: /'DDIM'/ },
	{ rule: 'style_preset is case-sensitive', body: { ...p, style_preset: 'Cinematic' }, loc: ['body', 'style_preset'], type: 'enum' },
	{ rule: 'image_encoding is jpeg or png', body: { ...p, image_encoding: 'webp' }, loc: ['body', 'image_encoding'], type: 'enum', msg: "Input should be 'jpeg' or 'png'" },
	{ rule: 'loras is an object', body: { ...p, loras: ['octoai:add-detail'] }, loc: ['body', 'loras'], type: 'dict_type' },
	{ rule: 'lora weights are numbers', body: { ...p, loras: { 'octoai:crayon-style': 'heavy' } }, loc: ['body', 'loras', 'octoai:crayon-style'], type: 'float_type' },
	{ rule: 'textual_inversions is an object', body: { ...p, textual_inversions: 'x' }, loc: ['body', 'textual_inversions'], type: 'dict_type' },
	{ rule: 'textual inversion triggers are strings', body: { ...p, textual_inversions: { 'octoai:NegativeXL': 1 } }, loc: ['body', 'textual_inversions', 'octoai:NegativeXL'], type: 'string_type' },
	{ rule: 'transfer_images is an object', body: { ...p, transfer_images: [] }, loc: ['body', 'transfer_images'], type: 'dict_type' },
	{ rule: 'transfer image groups are lists', body: { ...p, transfer_images: { me: 'abc' } }, loc: ['body', 'transfer_images', 'me'], type: 'list_type' },
	{ rule: 'transfer images are strings', body: { ...p, transfer_images: { me: [123] } }, loc: ['body', 'transfer_images', 'me', 0], type: 'string_type' },
	{ rule: 'transfer images are base64', body: { ...p, transfer_images: { me: ['not base64!'] } }, loc: ['body', 'transfer_images', 'me', 0], type: 'base64_decode' },
	{ rule: 'transfer images are images', body: () => ({ ...p, transfer_images: { me: [img.png, img.text] } }), loc: ['body', 'transfer_images', 'me', 1], type: 'value_error' },
	{ rule: 'init_image is base64', body: { ...p, init_image: 'abc$' }, loc: ['body', 'init_image'], type: 'base64_decode' },
	{ rule: 'init_image has no data: URL prefix', body: () => ({ ...p, init_image: `data:image/png;base64,${img.png}` }), loc: ['body', 'init_image'], type: 'base64_decode', msg: /data: URL/ },
	{ rule: 'init_image decodes to an image', body: () => ({ ...p, init_image: img.text }), loc: ['body', 'init_image'], type: 'value_error', msg: /init_image is not a decodable PNG, JPEG or WebP image/ },
	{ rule: 'init_image is PNG, JPEG or WebP', body: () => ({ ...p, init_image: img.tiff }), loc: ['body', 'init_image'], type: 'value_error', msg: /tiff/ },
	{ rule: 'init_image is a complete image', body: () => ({ ...p, init_image: img.truncated }), loc: ['body', 'init_image'], type: 'value_error' },
	{ rule: 'mask_image decodes to an image', body: () => ({ ...p, init_image: img.png, mask_image: img.text }), loc: ['body', 'mask_image'], type: 'value_error' },
	{ rule: 'controlnet_image decodes to an image', engine: 'controlnet-sdxl', body: () => ({ ...p, controlnet_image: img.text }), loc: ['body', 'controlnet_image'], type: 'value_error' },
	{ rule: 'controlnet_image is required on controlnet-sdxl', engine: 'controlnet-sdxl', body: p, loc: ['body', 'controlnet_image'], type: 'missing', msg: /controlnet-sdxl/ },
	{ rule: 'controlnet_image is required on controlnet-sd15', engine: 'controlnet-sd15', body: p, loc: ['body', 'controlnet_image'], type: 'missing' },
	{ rule: 'mask_image needs init_image', body: () => ({ ...p, mask_image: img.png }), loc: ['body', 'init_image'], type: 'missing', msg: /mask_image/ },
	{ rule: 'outpainting needs init_image', body: { ...p, outpainting: true }, loc: ['body', 'init_image'], type: 'missing', msg: /outpainting/ },
	{ rule: 'outpainting needs mask_image', body: () => ({ ...p, outpainting: true, init_image: img.png }), loc: ['body', 'mask_image'], type: 'missing', msg: /outpainting/ },
	{ rule: 'SDXL sizes: 512x512 is not one', body: { ...p, width: 512, height: 512 }, loc: ['body'], type: 'value_error', msg: /512x512 is not supported by engine 'sdxl'/ },
	{ rule: 'SDXL sizes: width alone pairs with the default height', body: { ...p, width: 832 }, loc: ['body'], type: 'value_error', msg: /832x1024/ },
	{ rule: 'controlnet-sdxl uses the SDXL sizes', engine: 'controlnet-sdxl', body: cn({ width: 768, height: 1024 }), loc: ['body'], type: 'value_error' },
	{ rule: 'SD3 uses the SDXL sizes', engine: 'sd3', body: { ...p, width: 512, height: 512 }, loc: ['body'], type: 'value_error' },
	{ rule: 'SD1.5 sizes: 1152x896 is not one', engine: 'sd', body: { ...p, width: 1152, height: 896 }, loc: ['body'], type: 'value_error' },
	{ rule: 'controlnet-sd15 uses the SD1.5 sizes', engine: 'controlnet-sd15', body: cn({ width: 640, height: 1536 }), loc: ['body'], type: 'value_error' },
	{ rule: 'FLUX sizes: 640x640 is not one', engine: 'flux-dev', body: { ...p, width: 640, height: 640 }, loc: ['body'], type: 'value_error' },
	{ rule: 'unknown keys are rejected', body: { ...p, promt: 'typo' }, loc: ['body', 'promt'], type: 'extra_forbidden', msg: /unknown field 'promt'/ },
	...(
		[
			['prompt_2', 'sd', 'x'],
			['negative_prompt_2', 'sd3', 'x'],
			['style_preset', 'sd', 'anime'],
			['style_preset', 'sd3', 'anime'],
			['use_refiner', 'flux-dev', true],
			['use_refiner', 'sd', true],
			['high_noise_frac', 'controlnet-sd15', 0.5],
			['controlnet', 'sdxl', 'octoai:canny_sdxl'],
			['controlnet_image', 'sd', 'AAAA'],
			['controlnet_conditioning_scale', 'sd3', 1],
			['negative_prompt', 'flux-schnell', 'blurry'],
			['negative_prompt', 'flux-dev', 'blurry'],
			['mask_image', 'sd3', 'AAAA'],
			['loras', 'sd3', { a: 1 }],
			['sampler', 'sd3', 'DDIM'],
			['sampler', 'flux-dev', 'DDIM'],
			['checkpoint', 'flux-schnell', 'octoai:RealVisXL'],
			['textual_inversions', 'flux-dev', { a: 'b' }],
			['vae', 'sd3', 'v'],
			['clip_skip', 'flux-dev', 1],
			['outpainting', 'sd3', false],
			['transfer_images', 'flux-schnell', { a: [] }],
		] as Array<[string, string, unknown]>
	).map(
		([field, engine, value]): Case => ({
			rule: `${field} does not apply to ${engine}`,
			engine,
			body: { ...p, [field]: value },
			loc: ['body', field],
			type: 'extra_forbidden',
			msg: `Extra inputs are not permitted: '${field}' is not supported by engine '${engine}'`,
		}),
	),
];

describe('422 per rule', () => {
	test.each(CASES.map((c) => [c.rule, c] as const))('%s', async (_rule, c) => {
		const body = typeof c.body === 'function' ? c.body() : c.body;
		const res = await generate(emulator, c.engine ?? 'sdxl', body);
		expect(res.status).toBe(422);
		const match = (res.json.detail as Array<{ loc: unknown[]; type: string; msg: string }>).find(
			(d) => JSON.stringify(d.loc) === JSON.stringify(c.loc) && d.type === c.type,
		);
		expect({ found: match !== undefined, detail: res.json.detail }).toMatchObject({ found: true });
		if (typeof c.msg === 'string') expect(match!.msg).toBe(c.msg);
		else if (c.msg) expect(match!.msg).toMatch(c.msg);
		// Every entry has exactly the documented shape.
		for (const d of res.json.detail) expect(Object.keys(d).sort()).toEqual(['loc', 'msg', 'type']);
	});
});

describe('accepted bodies', () => {
	test.each([
		['sdxl', { sampler: 'K_EULER_ANCESTRAL', style_preset: 'Pokémon', width: 640, height: 1536 }],
		['sdxl', { checkpoint: 'octoai:lightning_sdxl', loras: { 'octoai:crayon-style': 0.8, 'octoai:add-detail': null }, textual_inversions: { 'octoai:NegativeXL': 'NegativeXL' } }],
		['sdxl', { cfg_scale: 50, steps: 200, num_images: 2, seed: [4294967295, null], high_noise_frac: 0, use_refiner: true, clip_skip: 12 }],
		['sdxl', { clip_skip: 1, prompt: 'x'.repeat(10_000), negative_prompt: 'y'.repeat(10_000) }],
		// The old Python SDK sent enable_safety on every call (April and June 2024 exports).
		['sdxl', { enable_safety: true }],
		['sd', { enable_safety: false, clip_skip: null, style_preset: null, checkpoint: null, loras: null, controlnet_early_stop: null }],
		['sd', { width: 1024, height: 1536, sampler: 'LCM', negative_prompt: 'blurry' }],
		['sd3', { width: 1536, height: 640, image_encoding: 'jpeg', log_prompt: true }],
		['flux-dev', { width: 768, height: 1024 }],
		['flux-schnell', { width: 512, height: 512 }],
		// null means "absent" for a nullable field, also one the engine does not take
		['flux-schnell', { width: 512, height: 512, negative_prompt: null, style_preset: null, seed: null }],
	])('%s %j', async (engine, extra) => {
		const res = await generate(emulator, engine, { prompt: 'ok', ...extra });
		expect({ status: res.status, body: res.status === 200 ? 'ok' : res.json }).toEqual({ status: 200, body: 'ok' });
	});

	test('image inputs in PNG, JPEG and WebP', async () => {
		for (const format of ['png', 'jpeg', 'webp'] as const) {
			const res = await generate(emulator, 'sd', { prompt: 'ok', init_image: img[format], mask_image: img[format], strength: 1 });
			expect(res.status).toBe(200);
		}
		const res = await generate(emulator, 'controlnet-sd15', { prompt: 'ok', controlnet_image: img.jpeg, controlnet: 'octoai:canny_sd15', controlnet_preprocess: true });
		expect(res.status).toBe(200);
	});
});

describe('whole-request errors', () => {
	test('all errors of a request are listed together', async () => {
		const res = await generate(emulator, 'sdxl', { prompt: '', steps: 0, cfg_scale: 99, sampler: 'x', foo: 1, controlnet: 'c', width: 100 });
		expect(res.status).toBe(422);
		const locs = res.json.detail.map((d: { loc: unknown[] }) => d.loc.join('.'));
		expect(locs).toEqual(expect.arrayContaining(['body.prompt', 'body.steps', 'body.cfg_scale', 'body.sampler', 'body.foo', 'body.controlnet', 'body']));
		expect(locs).toHaveLength(7);
	});

	test('invalid JSON is json_invalid at its position', async () => {
		const res = await call(emulator, 'POST', '/generate/sdxl', { rawBody: '{"prompt": "x",}', headers: { 'content-type': 'application/json' } });
		expect(res.status).toBe(422);
		expect(res.json.detail[0]).toMatchObject({ loc: ['body', 15], type: 'json_invalid' });
	});

	test('a missing field is reported once even when two rules need it', async () => {
		const res = await generate(emulator, 'sdxl', { ...p, outpainting: true, mask_image: img.png });
		expect(res.json.detail).toEqual([{ loc: ['body', 'init_image'], msg: 'Field required when mask_image is set', type: 'missing' }]);
	});

	test('an empty body is a missing body', async () => {
		const res = await call(emulator, 'POST', '/generate/sdxl', {});
		expect(res.status).toBe(422);
		expect(res.json.detail).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
	});

	test('a JSON array is not a request object', async () => {
		const res = await generate(emulator, 'sdxl', [{ prompt: 'x' }]);
		expect(res.status).toBe(422);
		expect(res.json.detail[0]).toMatchObject({ loc: ['body'], type: 'model_attributes_type' });
	});

	test('unknown engine is 404 Not Found', async () => {
		for (const engine of ['sdxl-turbo', 'SDXL', 'SVD']) {
			const res = await generate(emulator, engine, p);
			expect([res.status, res.json]).toEqual([404, { detail: 'Not Found' }]);
		}
	});

	test('wrong method on a generate path is 405', async () => {
		const res = await call(emulator, 'GET', '/generate/sdxl');
		expect([res.status, res.json]).toEqual([405, { detail: 'Method Not Allowed' }]);
	});

	test('an image rendered by sharp round-trips (fixtures are real images)', async () => {
		const meta = await sharp(Buffer.from(img.webp, 'base64')).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['webp', 64, 64]);
	});
});
