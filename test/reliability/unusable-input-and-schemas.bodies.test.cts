/**
 * Issue 24, class 8: the request bodies every node sends match the service's own exported schemas
 * (test/conformance/exported-schemas.json, from OctoAI's OpenAPI exports): required keys present,
 * required-and-nullable ones as null when there is nothing else, types, nullability, enums, no unknown
 * key. The bodies are captured by the emulator from runs through n8n's real engine, in several field
 * combinations per node family, and each is checked against its export; the last test shows every
 * exported request schema the nodes use was walked.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { checkRequestBody, exportedRequestNames, REQUEST_SCHEMAS, requestSchema, type RequestKind } from '../conformance/exported-schema.cts';
import { productPhoto } from '../emulator/utilities/scenes.cts';
import { imageItem, mask, picture } from '../nodes/helpers.cts';
import { fileItem, locator, runChain, safetensors, serveFiles, trainingItems, uniqueName, type FileServer } from '../nodes/platform-helpers.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('exported-schemas');
const env = suite.emulator();
const SDXL = 'image/stable-diffusion-xl-v1-0';
let files: FileServer;
let photo: INodeExecutionData;
let faces: INodeExecutionData;
let product: INodeExecutionData;
beforeAll(async () => {
	const png = await picture(512, 512);
	files = await serveFiles({ '/photo.png': png, '/style.safetensors': safetensors(3) });
	photo = await imageItem({ data: png, mask: await mask(512, 512, { left: 0, top: 0, width: 256, height: 512 }), big: await picture(1024, 1024) });
	faces = await imageItem({ data: await picture(1024, 1024, 'jpeg') });
	product = await imageItem({ data: await productPhoto() });
});
afterAll(async () => await files.close());

/** The export a logged request's body is checked against, from its method and path. */
function kindOf(method: string, path: string): RequestKind | undefined {
	if (method !== 'POST') return undefined;
	if (path === '/generate/svd') return 'video';
	if (path.startsWith('/generate/')) return 'generation';
	if (path === '/v1/assets') return 'create-asset';
	if (/^\/v1\/assets\/[^/]+\/complete-upload$/.test(path)) return 'complete-upload';
	if (path === '/v1/tune') return 'create-tune';
	const utility = path.slice(1);
	return utility in REQUEST_SCHEMAS ? (utility as RequestKind) : undefined;
}

const walked = new Map<RequestKind, number>();

/** Runs one node, then checks every body it sent against its export; returns the kinds it sent. */
async function sendAndCheck(type: string, parameters: INodeParameters, inputItems?: INodeExecutionData[]) {
	const before = suite.mark(env);
	const result = await runChain(env, [{ name: 'OctoAI', type, parameters }], { inputItems, timeoutMs: 120_000 });
	suite.record(type, Object.assign(result, { items: [] }));
	expect(result.error).toBeUndefined();
	const sent = env.emulator.log.filter((entry) => entry.seq > before && entry.token === env.token);
	const kinds: RequestKind[] = [];
	for (const entry of sent) {
		const kind = kindOf(entry.method, entry.path);
		if (!kind) continue;
		// The complete-upload body may be left out entirely; an empty body is the export's defaults.
		const body = entry.body ?? {};
		expect([kind, entry.path, checkRequestBody(kind, body)]).toEqual([kind, entry.path, []]);
		for (const key of requestSchema(kind).required) expect([kind, key, key in (body as object)]).toEqual([kind, key, true]);
		walked.set(kind, (walked.get(kind) ?? 0) + 1);
		kinds.push(kind);
	}
	return kinds;
}

const gen = { prompt: 'a fox', options: { maxRetries: 0 } };
const ENGINE_RUNS: Array<[string, string, INodeParameters, boolean]> = [
	['SDXL text to image, defaults', 'octoAiSdxl', gen, false],
	[
		'SDXL with every option',
		'octoAiSdxl',
		{
			prompt: '(a fox:1.2) in snow',
			negativePrompt: 'blur',
			sampler: 'K_EULER_ANCESTRAL',
			numImages: 2,
			checkpoint: 'octoai:RealVisXL',
			loras: { entries: [{ name: 'octoai:add-detail', weight: 0.5 }] },
			textualInversions: { entries: [{ name: 'octoai:NegativeXL', triggerWord: 'negxl' }] },
			options: { maxRetries: 0, seed: '5, 6', steps: 20, cfgScale: 7, clipSkip: 2, imageEncoding: 'png', prompt2: 'winter', negativePrompt2: 'grain', useRefiner: false, highNoiseFrac: 0.7, stylePreset: 'cinematic' },
		},
		false,
	],
	['SDXL inpainting at full resolution', 'octoAiSdxl', { ...gen, mode: 'inpainting', inputImage: 'data', maskImage: 'mask', options: { maxRetries: 0, inpaintFullRes: true, inpaintFullResPadding: 16 } }, true],
	['SDXL outpainting', 'octoAiSdxl', { ...gen, mode: 'outpainting', inputImage: 'data', maskImage: 'mask' }, true],
	['SDXL photo merge', 'octoAiSdxl', { prompt: 'sks on a beach', mode: 'photoMerge', transferImages: { entries: [{ triggerWord: 'sks', binaryFields: 'data, big' }] } }, true],
	['SD 1.5 image to image', 'octoAiSd15', { ...gen, mode: 'imageToImage', inputImage: 'data', strength: 0.4 }, true],
	['SD3 with a negative prompt', 'octoAiSd3', { ...gen, negativePrompt: 'blur', options: { maxRetries: 0, seed: '9' } }, false],
	['FLUX Dev with seed, steps and PNG', 'octoAiFluxDev', { ...gen, options: { maxRetries: 0, seed: '3', steps: 12, imageEncoding: 'png' } }, false],
	['FLUX Schnell image to image', 'octoAiFluxSchnell', { ...gen, mode: 'imageToImage', inputImage: 'big' }, true],
	['ControlNet SDXL with early stop', 'octoAiControlNetSdxl', { ...gen, controlNet: 'octoai:depth_sdxl', controlImage: 'big', conditioningScale: 1.5, preprocess: false, options: { maxRetries: 0, earlyStop: 0.5 } }, true],
	['ControlNet SD 1.5, custom name', 'octoAiControlNetSd15', { ...gen, controlNet: 'custom', controlNetName: 'octoai:openpose_sd15', controlImage: 'data', preprocess: true }, true],
	['Stable Video Diffusion, defaults', 'octoAiStableVideoDiffusion', { inputImage: 'big' }, true],
	['Stable Video Diffusion, every option', 'octoAiStableVideoDiffusion', { inputImage: 'big', resolution: '768x768', numVideos: 2, motionScale: 0.3, fps: 10, options: { seed: '4', steps: 10, cfgScale: 2, noiseAugStrength: 0.1, constantRateFactor: 30 } }, true],
];

const tools = (operation: string, extra: INodeParameters): INodeParameters => ({ resource: 'image', operation, image: 'data', ...extra });
const URL_IMAGE = () => files.url('/photo.png');
const TOOL_RUNS: Array<[string, () => INodeParameters, () => INodeExecutionData]> = [
	['Upscale by scale', () => tools('upscale', { sizeBy: 'scale', scale: 2 }), () => photo],
	['Upscale to a width, face enhance, PNG', () => tools('upscale', { sizeBy: 'width', outputWidth: 600, options: { faceEnhance: true, outputEncoding: 'png' } }), () => photo],
	['Upscale an image URL', () => tools('upscale', { image: URL_IMAGE(), sizeBy: 'scale', scale: 2 }), () => photo],
	['Remove Background, rembg with matting', () => tools('removeBackground', { driver: 'rembg', rembgModel: 'u2net', onlyMask: true, options: { alphaMatting: true, alphaMattingErodeSize: 2, backgroundRgba: '0, 0, 0, 255' } }), () => photo],
	['Remove Background of an image URL', () => tools('removeBackground', { image: URL_IMAGE() }), () => photo],
	['Fix Faces with options', () => tools('fixFaces', { prompt: 'a face', options: { maxDetections: 1, seed: '42', steps: 10, negativePrompt: 'blur', loras: '{"octoai:add-detail": 0.5}' } }), () => faces],
	['Segment by prompt', () => tools('segment', { selectBy: 'prompt', segmentPrompt: 'the left half', options: { maxMasks: 1 } }), () => photo],
	['Segment an image URL (image_b64 null)', () => tools('segment', { image: URL_IMAGE(), selectBy: 'prompt', segmentPrompt: 'the left half' }), () => photo],
	['Segment by box', () => tools('segment', { selectBy: 'box', box: '10, 10, 200, 200' }), () => photo],
	['Segment by points', () => tools('segment', { selectBy: 'points', foregroundPoints: '256, 400', backgroundPoints: '5, 5; 500, 760' }), () => product],
	['Product Scene with options', () => tools('productScene', { scenePrompt: 'on a table', productHeight: 300, sceneSize: '1152x896', options: { numImages: 2, seed: '11, 12', stylePreset: 'photographic', negativePrompt: 'blur', rotate: 10 } }), () => photo],
];

describe('class 8: every body the nodes send matches the service\'s exported schema', () => {
	it.each(ENGINE_RUNS)('%s', async (_name, type, parameters, withImages) => {
		suite.countCase('exported-schemas');
		const kinds = await sendAndCheck(type, parameters, withImages ? [photo] : undefined);
		expect(kinds.length).toBeGreaterThan(0);
	});

	it.each(TOOL_RUNS)('Image Tools: %s', async (_name, parameters, item) => {
		suite.countCase('exported-schemas');
		expect((await sendAndCheck('octoAiImageTools', parameters(), [item()])).length).toBe(1);
	});

	it.each([
		['an image file, no description (null)', { assetType: 'file' }, false],
		['a LoRA with description and trigger words', { assetType: 'lora', engine: SDXL, triggerWords: 'crayon, wax', options: { description: 'my style' } }, true],
	] as const)('Asset Library Upload: %s', async (_name, extra, weights) => {
		suite.countCase('exported-schemas');
		const item = weights ? await fileItem(safetensors(1), 'style.safetensors') : photo;
		const kinds = await sendAndCheck('octoAiAssetLibrary', { operation: 'upload', assetName: uniqueName('schema'), binaryPropertyName: 'data', ...extra }, [item]);
		expect(kinds).toEqual(expect.arrayContaining(['create-asset', 'complete-upload']));
	});

	it('Asset Library Create From URL', async () => {
		suite.countCase('exported-schemas');
		const parameters = { operation: 'createFromUrl', assetName: uniqueName('schema-url'), assetType: 'lora', engine: SDXL, url: files.url('/style.safetensors') };
		expect(await sendAndCheck('octoAiAssetLibrary', parameters)).toContain('create-asset');
	});

	it.each([
		['defaults', {}],
		['caption, seed, steps, resize and description', { steps: 600, options: { caption: 'a photo of sks dog', seed: 7, resizeImages: true, description: 'my dog' } }],
	] as const)('Fine-Tuning Create: %s (training images as file assets, then the tune)', async (_name, extra) => {
		suite.countCase('exported-schemas');
		const parameters = { operation: 'create', tuneName: uniqueName('schema'), triggerWord: 'sks dog', baseCheckpoint: locator('name', 'octoai:default-sd15'), waitForCompletion: false, ...extra };
		const kinds = await sendAndCheck('octoAiFineTuning', parameters, await trainingItems(2));
		expect(kinds).toEqual(expect.arrayContaining(['create-asset', 'complete-upload', 'create-tune']));
	});

	it('walked every exported request schema, each with at least one body', () => {
		const mapped = new Set<string>(Object.values(REQUEST_SCHEMAS).map(([, name]) => name));
		expect(exportedRequestNames().filter((name) => !mapped.has(name))).toEqual([]);
		expect(Object.keys(REQUEST_SCHEMAS).filter((kind) => !walked.get(kind as RequestKind))).toEqual([]);
	});
});

describe('class 8: the check itself finds what the exports forbid', () => {
	it.each([
		['segment without image_b64', 'segment', { image_url: 'http://x/a.png', prompt: 'sky' }, /image_b64: required key missing/],
		['an asset without description', 'create-asset', { name: 'a', asset_type: 'file', data: { asset_type: 'file' } }, /description: required key missing/],
		['an unknown key', 'generation', { prompt: 'a', promt: 'b' }, /promt: not a key/],
		['null where not nullable', 'generation', { prompt: 'a', steps: null }, /steps: must be integer, got null/],
		['a wrong type', 'video', { image: 'x', fps: '7' }, /fps: must be integer, got string/],
		['a value outside an enum', 'upscaling', { model: 'esrgan' }, /model: "esrgan" is not one of/],
		['a variant of another tag', 'create-tune', { name: 't', details: { tune_type: 'lora_tune', base_checkpoint: {}, files: [], steps: 1, trigger_words: [] } }, /details.base_checkpoint.checkpoint_id: required key missing/],
	] as const)('%s', (_name, kind, body, problem) => {
		suite.countCase('exported-schemas');
		const issues = checkRequestBody(kind, body).map((issue) => `${issue.path}: ${issue.message}`);
		expect(issues.join('\n')).toMatch(problem);
	});
});

suite.hygieneTest();
