/**
 * Issue 24, class 7: text and images the service cannot take, refused for the item before any
 * request, through n8n's real engine against the emulator, over every node family. Text: only
 * invisible characters, control characters, unpaired surrogates, in every kind of free-text field.
 * Images: headers declaring absurd pixel counts (decompression bombs) in every image input, and masks
 * of another shape than their image. Each error names the field first, the item, and shows the value
 * with its hidden characters escaped. Class 8 (request bodies against the exported schemas) is in
 * unusable-input-and-schemas.bodies.test.cts.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { imageItem, mask, picture } from '../nodes/helpers.cts';
import { runChain, trainingItems } from '../nodes/platform-helpers.cts';
import { declaring, pngBomb } from './support/declared-size.cts';
import { escapeRegExp, expressionOf, withValue } from './support/params.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('unusable-input');
const env = suite.emulator();

async function run(type: string, parameters: INodeParameters, inputItems?: INodeExecutionData[], continueOnFail = false) {
	const before = suite.mark(env);
	const result = await runChain(env, [{ name: 'OctoAI', type, parameters, continueOnFail }], { inputItems });
	suite.record(type, Object.assign(result, { items: [] }));
	const requests = env.emulator.log.filter((entry) => entry.seq > before && entry.token === env.token);
	return { result, error: result.error, requests, items: result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [] };
}

/** The refusal every case expects: a NodeOperationError of item `item`, label first, and no request at all. */
function expectRefused(outcome: Awaited<ReturnType<typeof run>>, label: string, detail: RegExp, item = 0) {
	expect(outcome.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: item } });
	expect(outcome.error!.message).toMatch(new RegExp(`^${escapeRegExp(label)}[ :]`));
	expect(outcome.error!.message).toMatch(detail);
	expect(outcome.error!.message).toContain(`item ${item}`);
	expect(outcome.requests).toEqual([]);
}

const TEXTS: Array<[name: string, text: string, detail: RegExp]> = [
	['zero-width spaces', '\u200B\u200B\u200B', /only invisible characters .*\(got "\\u\{200B\}\\u\{200B\}\\u\{200B\}"\)/],
	['a joiner, a word joiner and a BOM', '\u200D\u2060\uFEFF\u200C', /only invisible characters/],
	['a NUL byte', 'a cat on a mat\u0000', /control character \\u\{0000\} at character 15.*\(got "a cat on a mat\\u\{0000\}"\)/],
	['an escape sequence', '\u001B[2J a cat', /control character \\u\{001B\} at character 1/],
	['an unpaired high surrogate', 'a fox \uD83E', /unpaired UTF-16 surrogate \\u\{D83E\}/],
	['an unpaired low surrogate', '\uDD8A a fox', /unpaired UTF-16 surrogate \\u\{DD8A\}/],
];

const sdxl = { prompt: 'a fox', options: { maxRetries: 0 } };
const tools = (operation: string, extra: INodeParameters): INodeParameters => ({ resource: 'image', operation, image: 'data', ...extra });
const TUNE = { operation: 'create', tuneName: 'texts', triggerWord: 'sks dog', waitForCompletion: false };
const FROM_URL = { operation: 'createFromUrl', assetName: 'texts', assetType: 'lora', engine: 'image/stable-diffusion-xl-v1-0', url: 'http://127.0.0.1:9/x.safetensors' };
type Items = () => Promise<INodeExecutionData[] | undefined>;
const photo: Items = async () => [await imageItem({ data: await picture(512, 512) })];
const training: Items = async () => await trainingItems(2);
const none: Items = async () => undefined;

/** [node, base parameters, path of the text, label, input items] over every node family's free texts. */
const TEXT_FIELDS: Array<[string, INodeParameters, string, string, Items]> = [
	['octoAiSdxl', sdxl, 'prompt', 'Prompt', none],
	['octoAiSdxl', sdxl, 'negativePrompt', 'Negative Prompt', none],
	['octoAiSdxl', sdxl, 'options.prompt2', 'Prompt 2', none],
	['octoAiSdxl', sdxl, 'options.negativePrompt2', 'Negative Prompt 2', none],
	['octoAiSdxl', { ...sdxl, textualInversions: { entries: [{ name: 'octoai:NegativeXL', triggerWord: 'neg' }] } }, 'textualInversions.entries.0.triggerWord', 'Textual Inversions "octoai:NegativeXL"', none],
	['octoAiSdxl', { prompt: 'sks on a beach', mode: 'photoMerge', transferImages: { entries: [{ triggerWord: 'sks', binaryFields: 'data' }] } }, 'transferImages.entries.0.triggerWord', 'Photo Merge Images trigger word', photo],
	['octoAiSd15', sdxl, 'prompt', 'Prompt', none],
	['octoAiSd3', sdxl, 'negativePrompt', 'Negative Prompt', none],
	['octoAiFluxSchnell', sdxl, 'prompt', 'Prompt', none],
	['octoAiFluxDev', sdxl, 'prompt', 'Prompt', none],
	['octoAiControlNetSdxl', { ...sdxl, controlImage: 'data' }, 'prompt', 'Prompt', photo],
	['octoAiControlNetSd15', { ...sdxl, controlImage: 'data' }, 'negativePrompt', 'Negative Prompt', photo],
	['octoAiImageTools', tools('fixFaces', { prompt: 'a face' }), 'prompt', 'Prompt', photo],
	['octoAiImageTools', tools('fixFaces', { prompt: 'a face' }), 'options.negativePrompt', 'Negative Prompt', photo],
	['octoAiImageTools', tools('segment', { selectBy: 'prompt', segmentPrompt: 'sky' }), 'segmentPrompt', 'Prompt', photo],
	['octoAiImageTools', tools('productScene', { scenePrompt: 'on a table', productHeight: 100 }), 'scenePrompt', 'Scene Prompt', photo],
	['octoAiImageTools', tools('productScene', { scenePrompt: 'on a table', productHeight: 100 }), 'options.negativePrompt', 'Negative Prompt', photo],
	['octoAiAssetLibrary', FROM_URL, 'assetName', 'Name', none],
	['octoAiAssetLibrary', FROM_URL, 'options.description', 'Description', none],
	['octoAiAssetLibrary', FROM_URL, 'triggerWords', 'Trigger Words', none],
	['octoAiFineTuning', TUNE, 'tuneName', 'Tune Name', training],
	['octoAiFineTuning', TUNE, 'triggerWord', 'Trigger Word', training],
	['octoAiFineTuning', TUNE, 'options.description', 'Description', training],
	['octoAiFineTuning', TUNE, 'options.caption', 'Caption', training],
];

describe('class 7: text OctoAI cannot take, in every free-text field of every node family', () => {
	// Each field meets three of the bad texts, so each text meets a dozen fields of several families.
	const cases = TEXT_FIELDS.flatMap(([type, base, path, label, items], n) =>
		[0, 2, 4].map((shift) => {
			const [name, text, detail] = TEXTS[(n + shift) % TEXTS.length];
			return [`${type} ${label} holding ${name}`, type, withValue(base, path, expressionOf(text)), label, detail, items] as const;
		}),
	);
	it.each(cases)('%s: refused for the item, no request', async (_name, type, parameters, label, detail, items) => {
		suite.countCase('unusable-text');
		expectRefused(await run(type, parameters, await items()), label, detail);
	});

	it.each([
		['octoAiSdxl', sdxl, 'prompt', 1],
		['octoAiFluxSchnell', sdxl, 'prompt', 1],
		['octoAiImageTools', tools('fixFaces', { prompt: 'a face' }), 'prompt', 1],
	] as const)('%s: with Continue On Fail the item with a NUL fails, the others are generated', async (type, base, path, perItem) => {
		suite.countCase('unusable-text');
		// 1024x1024: a size Fix Faces' SDXL base model takes.
		const png = await picture(1024, 1024);
		const texts = ['a fox item-0', 'a cat\u0000 item-1', 'a dog item-2'];
		const items = await Promise.all(texts.map(async (text) => ({ ...(await imageItem({ data: png })), json: { text } })));
		const outcome = await run(type, withValue(base, path, '={{ $json.text }}'), items, true);
		expect(outcome.error).toBeUndefined();
		expect(outcome.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(outcome.items[1].json.error).toMatch(/control character \\u\{0000\}.*in item 1/);
		expect(outcome.items[0].binary && outcome.items[2].binary).toBeTruthy();
		const prompts = outcome.requests.map((entry) => JSON.stringify(entry.body));
		expect(prompts).toHaveLength(2 * perItem);
		expect(prompts.some((body) => body.includes('item-1'))).toBe(false);
	});

	it.each([
		['a zero-width LoRA name', { '\u200B': 0.5 }, /^LoRAs name holds only invisible characters/],
		['a LoRA name with a NUL', { 'octoai:add-detail\u0000': 0.5 }, /^LoRAs name holds the control character \\u\{0000\}/],
	] as const)('Image Tools Fix Faces: %s in the LoRAs JSON is refused, no request', async (_name, loras, detail) => {
		suite.countCase('unusable-text');
		const outcome = await run('octoAiImageTools', tools('fixFaces', { prompt: 'a face', options: { loras: expressionOf(loras) } }), await photo());
		expectRefused(outcome, 'LoRAs', detail);
	});

	it('tabs, line breaks, emoji (joined ones too) and other scripts are sent exactly as typed', async () => {
		suite.countCase('unusable-text');
		const prompt = 'a fox\tin the snow\nwith a family 👨‍👩‍👧 and 🦊, 雪の中';
		const outcome = await run('octoAiSdxl', { ...sdxl, prompt: expressionOf(prompt), negativePrompt: 'क्‍ष blur' });
		expect(outcome.error).toBeUndefined();
		expect(outcome.requests).toHaveLength(1);
		expect(outcome.requests[0].body).toMatchObject({ prompt, negative_prompt: 'क्‍ष blur' });
	});
});

/** [format, width, height, what the message says]: files of a few KB whose headers declare huge canvases. */
const BOMBS = [
	['png', 30000, 30000],
	['jpeg', 30000, 30000],
	['webp', 16383, 16383],
	['png', 20000, 100],
	['jpeg', 9000, 9000],
] as const;

const img2img = (type: string) => [type, { ...sdxl, mode: 'imageToImage', inputImage: 'bomb' }, 'Input Image'] as const;
/** [node, parameters reading the binary field "bomb" (and "data" for the other inputs), label]. */
const IMAGE_INPUTS: Array<readonly [string, INodeParameters, string]> = [
	img2img('octoAiSdxl'),
	img2img('octoAiSd15'),
	img2img('octoAiSd3'),
	img2img('octoAiFluxDev'),
	['octoAiSdxl', { ...sdxl, mode: 'inpainting', inputImage: 'data', maskImage: 'bomb' }, 'Mask Image'],
	['octoAiControlNetSdxl', { ...sdxl, controlImage: 'bomb' }, 'Control Image'],
	['octoAiControlNetSd15', { ...sdxl, controlImage: 'bomb' }, 'Control Image'],
	['octoAiFluxSchnell', { ...sdxl, mode: 'imageToImage', inputImage: 'bomb' }, 'Input Image'],
	['octoAiSdxl', { prompt: 'sks on a beach', mode: 'photoMerge', transferImages: { entries: [{ triggerWord: 'sks', binaryFields: 'data, bomb' }] } }, 'Photo Merge Images "sks"'],
	['octoAiStableVideoDiffusion', { inputImage: 'bomb' }, 'Input Image'],
	['octoAiImageTools', tools('upscale', { image: 'bomb', sizeBy: 'scale', scale: 2 }), 'Image'],
	['octoAiImageTools', tools('removeBackground', { image: 'bomb' }), 'Image'],
	['octoAiImageTools', tools('fixFaces', { image: 'bomb', prompt: 'a face' }), 'Image'],
	['octoAiImageTools', tools('segment', { image: 'bomb', selectBy: 'prompt', segmentPrompt: 'sky' }), 'Image'],
	['octoAiImageTools', tools('productScene', { image: 'bomb', scenePrompt: 'on a table', productHeight: 100 }), 'Product Image'],
	['octoAiFineTuning', { ...TUNE, binaryPropertyName: 'data, bomb' }, 'Input Binary Fields'],
	['octoAiAssetLibrary', { operation: 'upload', assetName: 'bomb', assetType: 'file', binaryPropertyName: 'bomb' }, 'Input Binary Field'],
];

describe('class 7: images whose header declares an absurd pixel count, in every image input', () => {
	// Fine-Tuning and Asset Library file assets take PNG and JPEG only: they meet no WebP bomb.
	const bombFor = (type: string, k: number) => {
		const bomb = BOMBS[k % BOMBS.length];
		return bomb[0] === 'webp' && /FineTuning|AssetLibrary/.test(type) ? BOMBS[(k + 1) % BOMBS.length] : bomb;
	};
	const cases = IMAGE_INPUTS.flatMap(([type, parameters, label], n) =>
		[0, 2].map((shift) => {
			const [format, width, height] = bombFor(type, n + shift);
			return [`${type} ${label}: a ${format} declaring ${width}x${height}`, type, parameters, label, format, width, height] as const;
		}),
	);
	it.each(cases)('%s: refused for the item, no request', async (_name, type, parameters, label, format, width, height) => {
		suite.countCase('unusable-images');
		const bomb = await declaring(format, width, height);
		expect(bomb.length).toBeLessThan(20_000);
		// Stored as it is (sharp, like any decoder, refuses to open it).
		const item = await imageItem({ data: await picture(512, 512) });
		const stored = await binaryItem(bomb, `image/${format}`, `bomb.${format}`, 'bomb');
		const items = [{ ...item, binary: { ...item.binary, ...stored.binary } }];
		expectRefused(await run(type, parameters, items), label, new RegExp(`declares ${width}x${height} pixels, above the limit of 16384 pixels a side and 64 megapixels`));
	});

	it.each(['data URI', 'base64 text'] as const)('a bomb given inline as %s is refused the same way', async (form) => {
		suite.countCase('unusable-images');
		const base64 = (await declaring('png', 30000, 30000)).toString('base64');
		const inputImage = form === 'data URI' ? `data:image/png;base64,${base64}` : base64;
		expectRefused(await run('octoAiSdxl', { ...sdxl, mode: 'imageToImage', inputImage }), 'Input Image', /declares 30000x30000 pixels/);
	});

	it.each([
		['octoAiSdxl', { ...sdxl, mode: 'imageToImage', inputImage: 'bomb' }, 'Input Image'],
		['octoAiFineTuning', { ...TUNE, binaryPropertyName: 'bomb' }, 'Input Binary Fields'],
		['octoAiAssetLibrary', { operation: 'upload', assetName: 'bomb', assetType: 'file', binaryPropertyName: 'bomb' }, 'Input Binary Field'],
	] as const)('%s: a bomb whose data is also cut short is named a bomb', async (type, parameters, label) => {
		suite.countCase('unusable-images');
		const bomb = await declaring('png', 30000, 30000);
		const stored = await binaryItem(bomb.subarray(0, bomb.length - 20), 'image/png', 'bomb.png', 'bomb');
		expectRefused(await run(type, parameters, [stored]), label, /declares 30000x30000 pixels/);
	});

	let genuineBomb: Buffer | undefined;
	it.each([
		['octoAiSdxl', { ...sdxl, mode: 'imageToImage', inputImage: 'bomb' }, 'Input Image'],
		['octoAiStableVideoDiffusion', { inputImage: 'bomb' }, 'Input Image'],
		['octoAiImageTools', tools('upscale', { image: 'bomb', sizeBy: 'scale', scale: 2 }), 'Image'],
		['octoAiAssetLibrary', { operation: 'upload', assetName: 'bomb', assetType: 'file', binaryPropertyName: 'bomb' }, 'Input Binary Field'],
	] as const)('%s: a genuine, valid 110 KB PNG of 30000x30000 black pixels is refused', async (type, parameters, label) => {
		suite.countCase('unusable-images');
		const bomb = (genuineBomb ??= pngBomb());
		expect(bomb.length).toBeLessThan(150_000);
		const stored = await binaryItem(bomb, 'image/png', 'bomb.png', 'bomb');
		expectRefused(await run(type, parameters, [stored]), label, /declares 30000x30000 pixels/);
	});

	it('a large real photo (4000x3000 JPEG, 12 megapixels) is sent', async () => {
		suite.countCase('unusable-images');
		const items = [await imageItem({ bomb: await picture(4000, 3000, 'jpeg') })];
		const outcome = await run('octoAiSdxl', { ...sdxl, mode: 'imageToImage', inputImage: 'bomb' }, items);
		expect(outcome.error).toBeUndefined();
		expect(outcome.requests).toHaveLength(1);
	});
});

describe('class 7: a mask of another shape than its image would be stretched, and is refused', () => {
	const inpaint = (type: string, mode = 'inpainting', resolution?: string) => ({ ...sdxl, mode, inputImage: 'data', maskImage: 'mask', ...(resolution ? { resolution } : {}) });
	const white = (w: number, h: number) => mask(w, h, { left: 0, top: 0, width: Math.floor(w / 2), height: h });
	it.each([
		['octoAiSdxl', 'inpainting', [1024, 1024], [1024, 512]],
		['octoAiSd15', 'inpainting', [512, 512], [512, 256]],
		['octoAiSd15', 'inpainting', [512, 768], [768, 512]],
		['octoAiSdxl', 'outpainting', [1216, 832], [832, 1216]],
		['octoAiFluxDev', 'inpainting', [1024, 1024], [1000, 1024]],
	] as const)('%s %s: a %j image with a %j mask', async (type, mode, [iw, ih], [mw, mh]) => {
		suite.countCase('unusable-images');
		const items = [await imageItem({ data: await picture(iw, ih), mask: await white(mw, mh) })];
		const resolution = mode === 'outpainting' ? '1216x832' : undefined;
		expectRefused(
			await run(type, inpaint(type, mode, resolution), items),
			'Mask Image',
			new RegExp(`the mask of item 0 is ${mw}x${mh}, a different shape from the Input Image \\(${iw}x${ih}\\)`),
		);
	});

	it.each([
		['the same size', [1024, 1024], [1024, 1024]],
		['half the size, the same shape', [1024, 1024], [512, 512]],
		['a rounding pixel off (1536x1024 with 1024x683)', [1536, 1024], [1024, 683]],
	] as const)('a mask of %s is sent', async (_name, [iw, ih], [mw, mh]) => {
		suite.countCase('unusable-images');
		const items = [await imageItem({ data: await picture(iw, ih), mask: await white(mw, mh) })];
		const outcome = await run('octoAiSdxl', inpaint('octoAiSdxl'), items);
		expect(outcome.error).toBeUndefined();
		expect(outcome.requests).toHaveLength(1);
	});

	it('with Continue On Fail only the item with the stretched mask fails', async () => {
		suite.countCase('unusable-images');
		const square = await picture(512, 512);
		const items = [
			await imageItem({ data: square, mask: await white(512, 512) }),
			await imageItem({ data: square, mask: await white(512, 256) }),
			await imageItem({ data: square, mask: await white(256, 256) }),
		];
		const outcome = await run('octoAiSd15', inpaint('octoAiSd15'), items, true);
		expect(outcome.error).toBeUndefined();
		expect(outcome.items[1].json.error).toMatch(/^Mask Image: the mask of item 1 is 512x256/);
		expect([outcome.items[0], outcome.items[2]].every((item) => item.binary?.data)).toBe(true);
		expect(outcome.requests).toHaveLength(2);
	});
});

suite.hygieneTest();
