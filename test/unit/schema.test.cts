import { ENGINES } from '../../nodes/shared/fields/engines';
import { fieldRow, type WireKey } from '../../nodes/shared/fields/registry';
import { describeLimit, describeMaxLength, MAX_PROMPT_CHARS, numberFromText, SAMPLERS, STYLE_PRESETS } from '../../nodes/shared/fields/registry/values';
import { findRequestProblems } from '../../nodes/shared/fields/schema';

/** The numeric limit of a registry row (seed: of each seed). */
function limitOf(wire: WireKey) {
	const value = fieldRow(wire).value;
	if (value.type === 'number' || value.type === 'seed') return value.limit;
	throw new Error(`${wire} has no numeric limit`);
}

const sdxl = ENGINES.sdxl;
const sd = ENGINES.sd;
const cnSdxl = ENGINES['controlnet-sdxl'];

function problemsOf(engine = sdxl, body: Record<string, unknown>) {
	return findRequestProblems(engine, { prompt: 'a fox', ...body });
}

describe('request schema derived from the engine table', () => {
	it('accepts a full SDXL body', () => {
		expect(
			problemsOf(sdxl, {
				negative_prompt: 'blurry',
				prompt_2: 'oil painting',
				negative_prompt_2: 'photo',
				sampler: 'K_EULER',
				cfg_scale: 7.5,
				steps: 30,
				num_images: 2,
				seed: [1, 2],
				width: 1152,
				height: 896,
				use_refiner: true,
				high_noise_frac: 0.8,
				style_preset: 'Craft Clay',
				loras: { 'octoai:add-detail': 0.5 },
				textual_inversions: { 'octoai:NegativeXL': 'negativexl' },
				checkpoint: 'octoai:lightning_sdxl',
				image_encoding: 'jpeg',
			}),
		).toEqual([]);
	});

	it.each([
		['steps', 0],
		['steps', 201],
		['steps', 12.5],
		['cfg_scale', 0],
		['cfg_scale', 50.5],
		['num_images', 0],
		['num_images', 17],
		['strength', 0],
		['strength', 1.5],
		['high_noise_frac', -0.1],
		['seed', 0],
		['seed', 2 ** 32],
		['seed', [1, -2]],
		['clip_skip', 0],
		['clip_skip', 13],
	])('rejects %s = %p with the allowed range', (field, value) => {
		const problems = problemsOf(sdxl, {
			...(Array.isArray(value) ? { num_images: value.length } : {}),
			[field]: value,
		});
		expect(problems.map((p) => p.field)).toContain(field);
		const limit = limitOf(field as WireKey);
		expect(problems.find((p) => p.field === field)!.message).toContain(describeLimit(limit));
	});

	it('rejects a resolution the engine does not support, listing the supported ones', () => {
		const [problem] = problemsOf(sdxl, { width: 512, height: 512 });
		expect(problem.label).toBe('Width');
		expect(problem.message).toContain('512x512 is not a resolution OctoAI SDXL supports');
		expect(problem.message).toContain('1152x896');
		expect(problemsOf(sd, { width: 512, height: 512 })).toEqual([]);
		// SD 1.5's default 512x512 is checked when width/height are absent too.
		expect(problemsOf(sd, {})).toEqual([]);
	});

	it('rejects fields the engine does not take', () => {
		const problems = problemsOf(sd, { style_preset: 'anime', prompt_2: 'x' });
		expect(problems).toHaveLength(1);
		expect(problems[0].message).toBe('is not accepted by OctoAI SD 1.5');
		expect(problems[0].field).toContain('style_preset');
		expect(problems[0].field).toContain('prompt_2');
	});

	it('rejects unknown samplers and style presets, naming the samplers and counting the many presets', () => {
		const problems = problemsOf(sdxl, { sampler: 'EULER', style_preset: 'cinematic-ish' });
		const sampler = problems.find((p) => p.field === 'sampler')!;
		expect(sampler.message).toContain('K_EULER_ANCESTRAL');
		expect(sampler.message).toContain(String(SAMPLERS.length > 0 && SAMPLERS[0].value));
		// Over a thousand characters of presets would make the message the list: it is counted instead.
		expect(problems.find((p) => p.field === 'style_preset')!.message).toMatch(new RegExp(`the field offers \\(${STYLE_PRESETS.length} of them\\)$`));
	});

	it('needs one seed per image', () => {
		const [problem] = problemsOf(sdxl, { seed: [1, 2, 3], num_images: 2 });
		expect(problem.label).toBe('Seed');
		expect(problem.message).toContain('lists 3 seeds but Number of Images is 2');
	});

	it('requires the control image and a ControlNet on ControlNet engines', () => {
		const fields = problemsOf(cnSdxl, {}).map((p) => p.field);
		expect(fields).toEqual(expect.arrayContaining(['controlnet', 'controlnet_image']));
		expect(problemsOf(cnSdxl, { controlnet: 'octoai:canny_sdxl', controlnet_image: 'aGVsbG8=' })).toEqual([]);
		expect(problemsOf(sdxl, { controlnet: 'octoai:canny_sdxl' })[0].message).toContain('not accepted');
	});

	it('requires an input image for a mask, and a mask for outpainting', () => {
		expect(problemsOf(sdxl, { mask_image: 'aGVsbG8=' })[0]).toMatchObject({ field: 'mask_image' });
		expect(problemsOf(sdxl, { init_image: 'aGVsbG8=', outpainting: true })[0]).toMatchObject({
			field: 'outpainting',
		});
	});

	it('refuses prompts above 10,000 characters', () => {
		const long = 'a'.repeat(MAX_PROMPT_CHARS + 1);
		for (const field of ['prompt', 'negative_prompt', 'prompt_2', 'negative_prompt_2']) {
			expect(problemsOf(sdxl, { [field]: long })[0]).toMatchObject({ field, message: 'must be at most 10,000 characters' });
		}
		expect(problemsOf(sdxl, { prompt: 'a'.repeat(MAX_PROMPT_CHARS) })).toEqual([]);
	});

	it('rejects an empty prompt and wrong types', () => {
		expect(findRequestProblems(sdxl, { prompt: '   ' })[0]).toMatchObject({ label: 'Prompt' });
		expect(findRequestProblems(sdxl, {})[0]).toMatchObject({ label: 'Prompt', message: 'is required' });
		expect(problemsOf(sdxl, { steps: '30 steps' })[0]).toMatchObject({ label: 'Steps', message: `must be ${describeLimit(limitOf('steps'))}` });
		expect(problemsOf(sdxl, { loras: { x: 'heavy' } })[0]).toMatchObject({ label: 'LoRAs', message: 'weights must be numbers' });
	});

	it('checks what is sent: numbers, not numeric text (the readers convert it before)', () => {
		expect(problemsOf(sdxl, { steps: '30' })[0]).toMatchObject({ label: 'Steps' });
		expect(problemsOf(sdxl, { loras: { x: '0.5' } })[0]).toMatchObject({ label: 'LoRAs', message: 'weights must be numbers' });
	});
});

describe('numberFromText', () => {
	it.each([
		['7', 7],
		[' 7 ', 7],
		['\t12\n', 12],
		['007', 7],
		['-3', -3],
		['+4', 4],
		['2.5', 2.5],
		['-0.25', -0.25],
		['.5', 0.5],
		['-.5', -0.5],
		['1e3', 1000],
		['1E3', 1000],
		['2.5e-3', 0.0025],
		['1e+21', 1e21],
		['0', 0],
		['9007199254740993', 9007199254740992],
	])('reads %j as %p', (text, number) => {
		expect(numberFromText(text)).toBe(number);
	});

	it.each([
		'',
		'   ',
		'0x10',
		'0X1f',
		'0b101',
		'0o17',
		'Infinity',
		'-Infinity',
		'NaN',
		'1_000',
		'1,5',
		'1,000',
		'7 steps',
		'12abc',
		'abc',
		'7.',
		'.',
		'-',
		'+',
		'e3',
		'1e',
		'1e3.5',
		'1.2.3',
		'--1',
		'+-1',
		'1 000',
		'٣',
		'７',
		'null',
		'true',
	])('leaves %j as it is', (text) => {
		expect(numberFromText(text)).toBe(text);
	});

	it.each([[7], [NaN], [Infinity], [null], [undefined], [true], [[1, 2]], [{ a: 1 }]])('returns %p unchanged', (value) => {
		expect(numberFromText(value)).toBe(value);
	});

	it('stays linear on a long text', () => {
		const started = Date.now();
		expect(numberFromText(`${'1'.repeat(1_000_000)}x`)).toBe(`${'1'.repeat(1_000_000)}x`);
		expect(Date.now() - started).toBeLessThan(1_000);
	});
});

describe('describeMaxLength', () => {
	it.each([
		[64, 'must be at most 64 characters'],
		[999, 'must be at most 999 characters'],
		[1000, 'must be at most 1,000 characters'],
		[10_000, 'must be at most 10,000 characters'],
		[1_234_567, 'must be at most 1,234,567 characters'],
	])('groups %d the way en-US does', (max, message) => {
		expect(describeMaxLength(max)).toBe(message);
		expect(message).toContain(max.toLocaleString('en-US'));
	});
});
