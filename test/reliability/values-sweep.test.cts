/**
 * Issue 10, classes 2 and 4 swept over the nodes the first round did not cover (Image Tools, Stable
 * Video Diffusion, the platform nodes' lists and switches), through n8n's real engine against the
 * emulator: NaN, Infinity, integers beyond 2^53, lists, objects, booleans and non-numeric text from
 * expressions in number, text, option and true/false fields are refused for the item, naming the
 * field and showing the value as the user would recognise it, before any request; plain numeric text
 * ("7", as webhooks, sheets and forms give it) goes out as its number in every node family; huge
 * inputs are checked in linear time.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { imageItem, picture } from '../nodes/helpers.cts';
import { locator, runChain, trainingItems } from '../nodes/platform-helpers.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { escapeRegExp, withValue } from './support/params.cts';

const suite = new ReliabilitySuite('values-sweep');
const env = suite.emulator();
let png: Buffer;
beforeAll(async () => {
	png = await picture(64, 64);
});

/** An expression's value and how an error message must show it. */
const BAD: Array<[string, string]> = [
	['={{ NaN }}', 'NaN'],
	['={{ Infinity }}', 'Infinity'],
	['={{ -1e309 }}', '-Infinity'],
	['={{ [1, 2] }}', 'a list'],
	['={{ { a: 1 } }}', 'an object'],
	['={{ "12abc" }}', '"12abc"'],
	// Text that is not a plain decimal number (plain decimal text is read as its number).
	['={{ "0x10" }}', '"0x10"'],
	['={{ "7 steps" }}', '"7 steps"'],
	['={{ "Infinity" }}', '"Infinity"'],
	['={{ true }}', 'true'],
];
/** Beyond 2^53: a whole number JSON cannot carry exactly. */
const HUGE: [string, string] = ['={{ 2 ** 60 }}', '1152921504606847000'];

async function run(type: string, parameters: INodeParameters, withImage = true) {
	const before = env.emulator.log.length;
	const started = Date.now();
	const result = await runChain(env, [{ name: 'OctoAI', type, parameters }], { inputItems: withImage ? [await imageItem({ data: png })] : undefined });
	suite.record(`${type}`, Object.assign(result, { items: [] }));
	return { result, error: result.error, requests: env.emulator.log.slice(before), ms: Date.now() - started };
}

const tools = (operation: string, extra: INodeParameters): INodeParameters => ({ resource: 'image', operation, image: 'data', ...extra });

/** [node, base parameters, field path, label, integer field?] */
const NUMBER_FIELDS: Array<[string, INodeParameters, string, string, boolean]> = [
	['octoAiImageTools', tools('upscale', { sizeBy: 'scale', scale: 2 }), 'scale', 'Scale', false],
	['octoAiImageTools', tools('upscale', { sizeBy: 'width', outputWidth: 600 }), 'outputWidth', 'Output Width', true],
	['octoAiImageTools', tools('productScene', { scenePrompt: 'on a table', productHeight: 100 }), 'productHeight', 'Product Height (Pixels)', true],
	['octoAiImageTools', tools('productScene', { scenePrompt: 'on a table', productHeight: 100 }), 'options.numImages', 'Number of Images', true],
	['octoAiImageTools', tools('productScene', { scenePrompt: 'on a table', productHeight: 100 }), 'options.rotate', 'Rotate Product (Degrees)', false],
	['octoAiImageTools', tools('fixFaces', { prompt: 'a face' }), 'options.steps', 'Steps', true],
	['octoAiImageTools', tools('fixFaces', { prompt: 'a face' }), 'options.confidence', 'Detection Confidence', false],
	['octoAiImageTools', tools('segment', { selectBy: 'box', box: '0, 0, 10, 10' }), 'options.maxMasks', 'Max Masks', true],
	['octoAiImageTools', tools('removeBackground', {}), 'options.alphaMattingErodeSize', 'Alpha Matting Erode Size', false],
	['octoAiStableVideoDiffusion', { inputImage: 'data' }, 'numVideos', 'Number of Videos', true],
	['octoAiStableVideoDiffusion', { inputImage: 'data' }, 'motionScale', 'Motion Scale', false],
	['octoAiStableVideoDiffusion', { inputImage: 'data' }, 'fps', 'Frames per Second', true],
	['octoAiStableVideoDiffusion', { inputImage: 'data' }, 'options.cfgScale', 'CFG Scale', false],
	['octoAiStableVideoDiffusion', { inputImage: 'data' }, 'options.constantRateFactor', 'Constant Rate Factor', true],
];

describe('class 4: numbers that are not numbers, in every number field', () => {
	const cases = NUMBER_FIELDS.flatMap(([type, base, path, label, integer]) =>
		[...BAD, ...(integer ? [HUGE] : [])].map(([value, shown]) => [`${type} ${label} = ${value}`, type, withValue(base, path, value), label, shown] as const),
	);
	it.each(cases)('%s: refused for the item, naming the field and the value, no request', async (_name, type, parameters, label, shown) => {
		suite.countCase('4 values not what they seem');
		const { error, requests } = await run(type, parameters);
		expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(error!.message).toContain(label);
		// Shown as typed (NaN, not JSON's null; a list, not "1,2"; never "[object Object]"). A NaN from an
		// expression is how n8n hands over an empty number expression: "gave no value" names that.
		expect(error!.message).toMatch(shown === 'NaN' ? /NaN|the expression gave no value/ : new RegExp(shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
		expect(error!.message).not.toMatch(/\[object Object\]|got null/);
		expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
	});
});

interface NumericTextCase {
	name: string;
	type: string;
	base: INodeParameters;
	path: string;
	label: string;
	/** Plain decimal text for the field, and the number it stands for. */
	text: string;
	number: number;
	/** The request that carries the number (the first POST to this path) and where its body holds it. */
	request: string;
	wire: (body: IDataObject) => unknown;
	/** Whether the output item's `parameters` echo the request body. */
	echoed: boolean;
	/** Whether the refusal shows the text (a LoRA weight's names the field only). */
	refusalShowsText: boolean;
	items?: 'training';
}

const SDXL: Pick<NumericTextCase, 'type' | 'request' | 'echoed' | 'refusalShowsText'> = { type: 'octoAiSdxl', request: '/generate/sdxl', echoed: true, refusalShowsText: true };
const SDXL_BASE = { prompt: 'a cat', options: { waitMode: 'sync' } };

/** Number fields of each node family, given text the way webhooks, sheets and forms give it. */
const NUMERIC_TEXT: NumericTextCase[] = [
	{ ...SDXL, name: 'SDXL Steps', base: SDXL_BASE, path: 'options.steps', label: 'Steps', text: '7', number: 7, wire: (b) => b.steps },
	{ ...SDXL, name: 'SDXL CFG Scale', base: SDXL_BASE, path: 'options.cfgScale', label: 'CFG Scale', text: ' 7.5 ', number: 7.5, wire: (b) => b.cfg_scale },
	{ ...SDXL, name: 'SDXL custom Width', base: { ...SDXL_BASE, resolution: 'custom', height: 896 }, path: 'width', label: 'Width', text: '1152', number: 1152, wire: (b) => b.width },
	{
		...SDXL,
		name: 'SDXL LoRA weight',
		base: { ...SDXL_BASE, loras: { entries: [{ name: 'octoai:add-detail', weight: 1 }] } },
		path: 'loras.entries.0.weight',
		label: 'LoRAs',
		text: '0.5',
		number: 0.5,
		wire: (b) => (b.loras as IDataObject | undefined)?.['octoai:add-detail'],
		refusalShowsText: false,
	},
	{
		name: 'Image Tools Product Height',
		type: 'octoAiImageTools',
		base: tools('productScene', { scenePrompt: 'on a table' }),
		path: 'productHeight',
		label: 'Product Height (Pixels)',
		text: '300',
		number: 300,
		request: '/creative-generator',
		wire: (b) => b.target_product_height_px,
		echoed: true,
		refusalShowsText: true,
	},
	{
		name: 'Stable Video Diffusion Frames per Second',
		type: 'octoAiStableVideoDiffusion',
		base: { inputImage: 'data', options: { waitMode: 'sync' } },
		path: 'fps',
		label: 'Frames per Second',
		text: '12',
		number: 12,
		request: '/generate/svd',
		wire: (b) => b.fps,
		echoed: true,
		refusalShowsText: true,
	},
	{
		name: 'Fine-Tuning Steps',
		type: 'octoAiFineTuning',
		base: { operation: 'create', tuneName: 'numeric-text', triggerWord: 'sks dog', waitForCompletion: false, options: { pollInterval: 0.1 } },
		path: 'steps',
		label: 'Steps',
		text: '700',
		number: 700,
		request: '/v1/tune',
		wire: (b) => (b.details as IDataObject | undefined)?.steps,
		echoed: false,
		refusalShowsText: true,
		items: 'training',
	},
];

async function runNumericText(c: NumericTextCase, value: string) {
	const before = env.emulator.log.length;
	const inputItems = c.items === 'training' ? await trainingItems(2) : [await imageItem({ data: png })];
	const result = await runChain(env, [{ name: 'OctoAI', type: c.type, parameters: withValue(c.base, c.path, value) }], { inputItems });
	suite.record(`${c.type} ${c.path} = ${value}`, Object.assign(result, { items: [] }));
	const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
	return { error: result.error, requests: env.emulator.log.slice(before), items };
}

describe('class 4: numeric text in number fields, as webhooks, sheets and forms give it', () => {
	it.each(NUMERIC_TEXT.map((c) => [c.name, c] as const))('%s: plain decimal text is sent, and echoed, as its number', async (_name, c) => {
		suite.countCase('4 values not what they seem');
		const { error, requests, items } = await runNumericText(c, `={{ ${JSON.stringify(c.text)} }}`);
		expect(error).toBeUndefined();
		const sent = requests.find((r) => r.method === 'POST' && r.path === c.request);
		expect(c.wire(sent!.body as IDataObject)).toBe(c.number);
		if (c.echoed) expect(c.wire(items[0].json.parameters as IDataObject)).toBe(c.number);
	});

	// Text that is not a plain decimal number is refused as before, and so is nothing where a value is needed.
	const REFUSED = ['0x10', '7 steps', 'Infinity', ''];
	const cases = NUMERIC_TEXT.flatMap((c) => REFUSED.map((text) => [`${c.name} = ${JSON.stringify(text)}`, c, text] as const));
	it.each(cases)('%s: refused for the item, naming the field, no request', async (_name, c, text) => {
		suite.countCase('4 values not what they seem');
		const { error, requests } = await runNumericText(c, `={{ ${JSON.stringify(text)} }}`);
		expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(error!.message.startsWith(c.label)).toBe(true);
		if (c.refusalShowsText) {
			// Empty text: "the expression gave no value", "is required", or the empty text itself.
			expect(error!.message).toMatch(text === '' ? /the expression gave no value|is required|\(""\)/ : new RegExp(escapeRegExp(JSON.stringify(text))));
		}
		expect(requests).toHaveLength(0);
	});
});

describe('class 4: text, option and true/false fields given other things', () => {
	const CASES: Array<[string, string, INodeParameters, RegExp, boolean]> = [
		// Both take no expressions in the editor; an imported workflow can still hold any text there.
		['Size By that is no option', 'octoAiImageTools', tools('upscale', { sizeBy: 'huge', scale: 2 }), /^Size By \("huge"\) must be one of model, scale, width, height \(item 0\)$/, true],
		['Select By holding an expression', 'octoAiImageTools', tools('segment', { selectBy: '={{ "box" }}', box: '0, 0, 10, 10' }), /^Select By \("\{\{ "box" \}\}"\) must be one of prompt, box, points \(item 0\)$/, true],
		['Image Tools Put Output in Field as an object', 'octoAiImageTools', tools('upscale', { outputField: '={{ { a: 1 } }}' }), /^Put Output in Field must be text, but the expression gave an object$/, true],
		// Segment's field is labelled "Put Mask in Field" in the editor, and the message says so.
		['Image Tools Put Mask in Field = __proto__', 'octoAiImageTools', tools('segment', { selectBy: 'box', box: '0, 0, 10, 10', outputField: '__proto__' }), /^Put Mask in Field "__proto__" is a reserved name/, true],
		['SVD Put Output in Field as a list', 'octoAiStableVideoDiffusion', { inputImage: 'data', outputField: '={{ ["a"] }}' }, /^Put Output in Field must be text, but the expression gave a list$/, true],
		['SVD Put Output in Field = constructor', 'octoAiStableVideoDiffusion', { inputImage: 'data', outputField: 'constructor' }, /^Put Output in Field "constructor" is a reserved name/, true],
		['a Scene Prompt that is an object', 'octoAiImageTools', tools('productScene', { scenePrompt: '={{ { a: 1 } }}', productHeight: 100 }), /^Scene Prompt \(an object\) must be text \(item 0\)$/, true],
		['a Fix Faces prompt that is a list', 'octoAiImageTools', tools('fixFaces', { prompt: '={{ ["a", "b"] }}' }), /^Prompt \(a list\) must be text \(item 0\)$/, true],
		['Only Mask as "yes"', 'octoAiImageTools', tools('removeBackground', { onlyMask: '={{ "yes" }}' }), /^Only Mask \("yes"\) must be true or false$/, true],
		// Before, anything but true counted as off, silently.
		['SVD Drop Videos Removed for Safety as "yes"', 'octoAiStableVideoDiffusion', { inputImage: 'data', options: { dropRemovedForSafety: '={{ "yes" }}' } }, /^Drop Videos Removed for Safety \("yes"\) must be true or false$/, true],
		['SDXL Drop Images Removed for Safety as 1', 'octoAiSdxl', { prompt: 'a cat', options: { dropRemovedForSafety: '={{ 1 }}' } }, /^Drop Images Removed for Safety \(1\) must be true or false$/, false],
		['FLUX Schnell All Images in One Item as an object', 'octoAiFluxSchnell', { prompt: 'a cat', options: { allImagesInOneItem: '={{ { on: true } }}' } }, /^All Images in One Item \(an object\) must be true or false$/, false],
		['Fine-Tuning Wait for Completion as "no"', 'octoAiFineTuning', { operation: 'create', tuneName: 't', triggerWord: 'sks', waitForCompletion: '={{ "no" }}' }, /^Wait for Completion \("no"\) must be true or false$/, false],
		['Wait Mode as an object', 'octoAiSd15', { prompt: 'a cat', options: { waitMode: '={{ { mode: "async" } }}' } }, /^Wait Mode \(an object\) is not one of: sync, async$/, false],
		['SVD Resolution as an object', 'octoAiStableVideoDiffusion', { inputImage: 'data', resolution: '={{ { w: 1 } }}' }, /^Resolution \(an object\) is not one of auto, /, true],
		['Return All as "yes"', 'octoAiAssetLibrary', { operation: 'list', returnAll: '={{ "yes" }}' }, /^Return All \("yes"\) must be true or false$/, false],
		['Return All as 1', 'octoAiFineTuning', { operation: 'list', returnAll: '={{ 1 }}' }, /^Return All \(1\) must be true or false$/, false],
		['a Name filter that is an object', 'octoAiAssetLibrary', { operation: 'list', returnAll: true, filters: { name: '={{ { a: 1 } }}' } }, /^Name must be text, but the expression gave an object$/, false],
		['an Owner filter that is a list', 'octoAiAssetLibrary', { operation: 'list', returnAll: true, filters: { owner: '={{ ["octoai"] }}' } }, /^Owner must be text, but the expression gave a list$/, false],
		['a tune Trigger Word filter that is an object', 'octoAiFineTuning', { operation: 'list', returnAll: true, filters: { triggerWord: '={{ { w: 1 } }}' } }, /^Trigger Word must be text, but the expression gave an object$/, false],
		[
			'Wait Until Ready as "no" (before the asset is created)',
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'sweep-wait', assetType: 'file', url: 'http://127.0.0.1:9/x.png', options: { waitUntilReady: '={{ "no" }}' } },
			/^Wait Until Ready \("no"\) must be true or false$/,
			false,
		],
		[
			'Trigger Words holding an object (before the asset is created)',
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'sweep-words', assetType: 'lora', url: 'http://127.0.0.1:9/x.safetensors', triggerWords: '={{ ["ok", { a: 1 }] }}' },
			/^Trigger Words must be text, but the expression gave an object$/,
			false,
		],
		['a Max Images per Run beyond 2^53', 'octoAiSdxl', { prompt: 'a cat', options: { maxImagesPerRun: '={{ 2 ** 60 }}' } }, /^Max Images per Run/, false],
		// Plain decimal text is the number: the guard holds at 1.
		['a Max Images per Run of "1" for 2 images', 'octoAiSdxl', { prompt: 'a cat', numImages: 2, options: { maxImagesPerRun: '={{ "1" }}' } }, /^Max Images per Run is 1, but this run asks for 2 images/, false],
		['a Max Images per Run of "0x10"', 'octoAiSdxl', { prompt: 'a cat', options: { maxImagesPerRun: '={{ "0x10" }}' } }, /^Max Images per Run \("0x10"\) must be a number/, false],
		['a Timeout of "1e3 s"', 'octoAiSdxl', { prompt: 'a cat', options: { timeout: '={{ "1e3 s" }}' } }, /^Timeout \(Seconds\) \("1e3 s"\) must be a number/, false],
		// Lists of numbers in text: each entry plain decimal, none empty (once read as 0) or hex.
		['an Image Tools Seed list with a hex seed', 'octoAiImageTools', tools('productScene', { scenePrompt: 'x', productHeight: 100, options: { numImages: 2, seed: '7, 0x10' } }), /^Seed "0x10" is not a whole number \(item 0\)$/, true],
		['a Box with an empty entry', 'octoAiImageTools', tools('segment', { selectBy: 'box', box: '0, , 10, 10' }), /^Box \("0, , 10, 10"\) must be 4 whole numbers/, true],
		['a Box with a hex entry', 'octoAiImageTools', tools('segment', { selectBy: 'box', box: '0x0, 0, 10, 10' }), /^Box \("0x0, 0, 10, 10"\) must be 4 whole numbers/, true],
		['Points with an empty coordinate', 'octoAiImageTools', tools('segment', { selectBy: 'points', foregroundPoints: '5, ' }), /^Points on the Object \("5, "\) must be "x, y" points/, true],
		['Points with a hex coordinate', 'octoAiImageTools', tools('segment', { selectBy: 'points', foregroundPoints: '0x5, 5' }), /^Points on the Object \("0x5, 5"\) must be "x, y" points/, true],
	];
	it.each(CASES)('%s: refused for the item, no request', async (_name, type, parameters, message, withImage) => {
		suite.countCase('4 values not what they seem');
		const { error, requests } = await run(type, parameters, withImage);
		expect(error?.name).toBe('NodeOperationError');
		expect(error!.message).toMatch(message);
		expect(requests).toHaveLength(0);
	});

	it('a tune id that is a number from an expression is read as text, not refused or mangled', async () => {
		suite.countCase('4 values not what they seem');
		const { error, requests } = await run('octoAiFineTuning', { operation: 'get', tune: locator('id', '={{ 12345 }}') }, false);
		expect(error!.message).toMatch(/^Tune "12345" is not valid: A tune ID looks like tune_01H…$/);
		expect(requests).toHaveLength(0);
	});
});

describe('class 4: an expression that gives nothing, in the platform nodes: an error, never the default', () => {
	const NOTHING = '={{ $json.nope }}';
	const create = { operation: 'create', tuneName: 't', triggerWord: 'sks' };
	const CASES: Array<[string, string, INodeParameters, string]> = [
		// Before, a tune was created (and billed) with the default 500 steps.
		['Fine-Tuning Steps', 'octoAiFineTuning', { ...create, steps: NOTHING }, 'Steps'],
		['Fine-Tuning Wait for Completion', 'octoAiFineTuning', { ...create, waitForCompletion: NOTHING }, 'Wait for Completion'],
		['Fine-Tuning Seed', 'octoAiFineTuning', { ...create, options: { seed: NOTHING } }, 'Seed'],
		['Asset Library Limit', 'octoAiAssetLibrary', { operation: 'list', returnAll: false, limit: NOTHING }, 'Limit'],
		['Asset Library Return All', 'octoAiAssetLibrary', { operation: 'list', returnAll: NOTHING }, 'Return All'],
		[
			'Asset Library Wait Until Ready',
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'sweep-nothing', assetType: 'file', url: 'http://127.0.0.1:9/x.png', options: { waitUntilReady: NOTHING } },
			'Wait Until Ready',
		],
		[
			'Asset Library Data Type',
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'sweep-nothing', assetType: 'checkpoint', engine: 'image/stable-diffusion-xl-v1-0', url: 'http://127.0.0.1:9/x.safetensors', options: { dataType: NOTHING } },
			'Data Type',
		],
		// Before, the default engine or checkpoint trained the (billed) tune.
		['Fine-Tuning Engine', 'octoAiFineTuning', { ...create, engine: NOTHING }, 'Engine'],
		['Fine-Tuning Base Checkpoint', 'octoAiFineTuning', { ...create, baseCheckpoint: { __rl: true, mode: 'name', value: NOTHING } }, 'Base Checkpoint'],
		['Asset Library Asset Type', 'octoAiAssetLibrary', { operation: 'createFromUrl', assetName: 'sweep-nothing', assetType: NOTHING, url: 'http://127.0.0.1:9/x.png' }, 'Asset Type'],
		[
			'Asset Library Trigger Words',
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'sweep-nothing', assetType: 'lora', engine: 'image/stable-diffusion-xl-v1-0', url: 'http://127.0.0.1:9/x.safetensors', triggerWords: NOTHING },
			'Trigger Words',
		],
		['Asset Library Upload Timeout', 'octoAiAssetLibrary', { operation: 'upload', assetName: 'sweep-nothing', assetType: 'file', options: { uploadTimeout: NOTHING } }, 'Upload Timeout (Seconds)'],
	];
	it.each(CASES)('%s: refused for the item, naming the field, no request', async (_name, type, parameters, label) => {
		suite.countCase('4 values not what they seem');
		const { error, requests } = await run(type, parameters);
		expect(error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(error!.message).toBe(`${label}: the expression gave no value`);
		expect(requests).toHaveLength(0);
	});
});

describe('class 2: checks that stay linear on huge inputs', () => {
	const HUGE_INPUTS: Array<[string, string, INodeParameters, RegExp]> = [
		['100,000 points', 'octoAiImageTools', tools('segment', { selectBy: 'points', foregroundPoints: `${'1, 1; '.repeat(100_000)}x` }), /^Points on the Object \("1, 1; 1, 1; .*…" \(600001 characters\)\) must be "x, y" points/],
		['a 4 MB LoRA weights object', 'octoAiImageTools', tools('fixFaces', { prompt: 'a face', options: { loras: `{${'"a": 1, '.repeat(500_000)}"b": "x"}` } }), /^LoRAs \("\{"a": 1, .*…" \(4000010 characters\)\) must be a JSON object of names to numbers/],
		['1,000,000 seeds with one bad', 'octoAiImageTools', tools('productScene', { scenePrompt: 'x', productHeight: 100, options: { seed: `${'7, '.repeat(1_000_000)}0` } }), /^Seed \(0\) must be a whole number greater than 0/],
		['a 2 MB prompt of nested weights', 'octoAiSdxl', { prompt: `${'(a:1.1) '.repeat(250_000)}` }, /^Prompt/],
		['a 1 MB Trigger Words list', 'octoAiAssetLibrary', { operation: 'createFromUrl', assetName: 'sweep-big', assetType: 'lora', url: 'http://127.0.0.1:9/x.safetensors', triggerWords: `${'w, '.repeat(300_000)}`, options: { timeout: '={{ NaN }}' } }, /^Timeout \(Seconds\)/],
	];
	it.each(HUGE_INPUTS)('%s: refused in well under a second or two, no request', async (_name, type, parameters, message) => {
		suite.countCase('2 work that never ends');
		const { error, requests, ms } = await run(type, parameters, type !== 'octoAiSdxl' && type !== 'octoAiAssetLibrary');
		expect(error?.name).toBe('NodeOperationError');
		expect(error!.message).toMatch(message);
		expect(error!.message.length).toBeLessThan(2_000);
		expect(requests).toHaveLength(0);
		expect(ms).toBeLessThan(4_000);
	});
});

suite.hygieneTest();
