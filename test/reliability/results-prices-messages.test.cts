/**
 * Issue 24, classes 4, 5, 6 (all but the asynchronous exchange) and 9, through n8n's real engine:
 * counts and shapes of every result kind, prices never guessed, messages that fit the node, and
 * headers read by their RFCs. Against the emulator where the service's own behaviour is enough,
 * against a hostile loopback server where the answer must misbehave. Headers: see
 * results-headers.test.cts.
 */
import type { INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { picture } from '../nodes/helpers.cts';
import { locator, runChain, runPlatformNode, type PlatformNodeName } from '../nodes/platform-helpers.cts';
import { HostileServer, json, type HostileHandler } from './support/hostile-server.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('results-prices-messages');
const env = suite.emulator();
const server = new HostileServer();
let png = '';
let square: Buffer;
let wide: Buffer;
/** The first bytes of an MP4 (an `ftyp` box): what the video node recognises as a video. */
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]).toString('base64');

beforeAll(async () => {
	await server.start();
	png = (await picture(16, 16)).toString('base64');
	square = await picture(512, 512);
	wide = await picture(1024, 576);
});
afterAll(async () => await server.close());

const hostile = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url });
const SYNC = { waitMode: 'sync', maxRetries: 0, timeout: 10 };
type Failure = (Error & { description?: string; httpCode?: string }) | undefined;
const hintsOf = (result: Awaited<ReturnType<typeof suite.run>>) => (result.run.data.resultData.runData.OctoAI?.[0]?.hints ?? []).map((hint) => hint.message);
const images = (count: number) => ({ images: Array.from({ length: count }, (_, i) => ({ image_b64: png, seed: i + 1 })) });
const videos = (count: number) => ({ videos: Array.from({ length: count }, (_, i) => ({ video: MP4, seed: i + 1 })) });

/** An engine or the video node against the hostile server, with an input picture. */
async function engine(node: Parameters<typeof suite.run>[1], handler: HostileHandler, parameters: INodeParameters, picture = square) {
	server.use(handler);
	const inputItems = [await binaryItem(picture, 'image/png', 'in.png')];
	const result = await suite.run(env, node, parameters, { credentials: hostile(), inputItems });
	return { result, error: result.error as Failure, items: result.items };
}

/** Image Tools against the hostile server (or the emulator: `credentials` undefined) on one picture. */
async function tools(handler: HostileHandler | undefined, parameters: INodeParameters, input = square) {
	if (handler) server.use(handler);
	const result = await runChain(env, [{ name: 'OctoAI', type: 'octoAiImageTools', parameters: { resource: 'image', ...parameters } }], {
		credentials: handler ? hostile() : undefined,
		inputItems: [await binaryItem(input, 'image/png', 'in.png')],
	});
	suite.record(`octoAiImageTools ${String(parameters.operation)}`, result);
	const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
	return { result, error: result.error as Failure, items, hints: (result.run.data.resultData.runData.OctoAI?.[0]?.hints ?? []).map((h) => h.message) };
}

/** A platform node against the hostile server. */
async function platform(type: PlatformNodeName, handler: HostileHandler, parameters: INodeParameters) {
	server.use(handler);
	const result = await runPlatformNode(env, type, parameters, { credentials: hostile(), timeoutMs: 30_000 });
	suite.record(`${type} ${String(parameters.operation)}`, result);
	return { result, error: result.error as Failure };
}

const text = (error: Failure) => `${error?.message ?? ''}\n${error?.description ?? ''}`;

describe('counts-and-shapes: one count rule and one shape check for every result kind', () => {
	const TEXT_ENGINES = ['octoAiSdxl', 'octoAiSd15', 'octoAiSd3', 'octoAiFluxDev', 'octoAiFluxSchnell'] as const;

	it.each(TEXT_ENGINES)('%s asked for 3 images and given 1: the image, and a hint naming asked vs got', async (node) => {
		suite.countCase('counts-and-shapes');
		const { items, error, result } = await engine(node, (_r, res) => json(res, 200, images(1)), { prompt: 'a fox', numImages: 3, options: SYNC });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.binary?.data?.fileName)).toEqual(['sd-1.png'.replace('sd', items[0].json.engine as string)]);
		expect(hintsOf(result)).toContain('Item 0: OctoAI answered with 1 image, 3 were asked for');
	});

	it.each([
		['fewer', 3, 1, 'Item 0: OctoAI answered with 1 video, 3 were asked for'],
		['more', 1, 2, 'Item 0: OctoAI answered with 2 videos, 1 was asked for'],
	] as const)('Stable Video Diffusion given %s videos than asked: every video that came, and a hint', async (_which, asked, got, hint) => {
		suite.countCase('counts-and-shapes');
		const { items, error, result } = await engine('octoAiStableVideoDiffusion', (_r, res) => json(res, 200, videos(got)), { inputImage: 'data', numVideos: asked, options: SYNC }, wide);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.videoIndex, item.binary?.data?.mimeType])).toEqual(Array.from({ length: got }, (_, i) => [i, 'video/mp4']));
		expect(hintsOf(result)).toContain(hint);
	});

	it('Stable Video Diffusion given exactly what was asked: no hint', async () => {
		suite.countCase('counts-and-shapes');
		const { result } = await engine('octoAiStableVideoDiffusion', (_r, res) => json(res, 200, videos(2)), { inputImage: 'data', numVideos: 2, options: SYNC }, wide);
		expect(hintsOf(result)).toEqual([]);
	});

	it.each([
		['a video entry that is text', { videos: ['abc'] }, /videos\[0\] is string, not a video object/],
		['videos as an object', { videos: { 0: { video: MP4 } } }, /"videos" is object, not a list/],
		['a video of a number', { videos: [{ video: 7 }] }, /videos\[0\]\.video is number, not base64 text/],
		['a seed as text', { videos: [{ video: MP4, seed: 'one' }] }, /videos\[0\]\.seed is string, not a number/],
	])('Stable Video Diffusion, %s: NodeApiError naming what is wrong, no item', async (_name, body, message) => {
		suite.countCase('counts-and-shapes');
		const { error, items } = await engine('octoAiStableVideoDiffusion', (_r, res) => json(res, 200, body), { inputImage: 'data', options: SYNC }, wide);
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(message);
		expect(items).toEqual([]);
	});

	it('a video that is not a video file: NodeApiError naming the video, no item without media', async () => {
		suite.countCase('counts-and-shapes');
		const { error } = await engine('octoAiStableVideoDiffusion', (_r, res) => json(res, 200, { videos: [{ video: png }] }), { inputImage: 'data', options: SYNC }, wide);
		expect(error).toMatchObject({ name: 'NodeApiError', message: 'OctoAI answered with video 0 in an unknown format' });
	});

	it.each([
		['an image entry without data, not removed for safety', { images: [{ seed: 1 }] }, 'OctoAI answered with image 0 empty but not removed for safety'],
		['an image entry of null', { images: [null] }, /images\[0\] is null, not an image object/],
		['an empty image list', { images: [] }, 'OctoAI answered without any images'],
	])('an engine, %s: NodeApiError, never a TypeError', async (_name, body, message) => {
		suite.countCase('counts-and-shapes');
		const { error } = await engine('octoAiSdxl', (_r, res) => json(res, 200, body), { prompt: 'a fox', options: SYNC });
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toMatch(message);
	});

	it('Product Scene given fewer scenes than asked: the scenes, and a hint naming scenes', async () => {
		suite.countCase('counts-and-shapes');
		const { items, hints } = await tools((_r, res) => json(res, 200, images(2)), { operation: 'productScene', image: 'data', scenePrompt: 'on a table', options: { numImages: 4 } });
		expect(items).toHaveLength(2);
		expect(hints).toContain('Item 0: OctoAI answered with 2 scenes, 4 were asked for');
	});

	const mask = (boundIndex: number | null) => ({ mask_b64: png, bounding_box: [[0, 0], [1, 1]], bound_index: boundIndex, score: 0.9 });
	it('Segment given more masks than Max Masks: every mask kept, and a hint', async () => {
		suite.countCase('counts-and-shapes');
		const { items, hints, error } = await tools((_r, res) => json(res, 200, { masks: [mask(null), mask(null), mask(null)], bounds: [] }), {
			operation: 'segment',
			image: 'data',
			selectBy: 'box',
			box: '0, 0, 100, 100',
			options: { maxMasks: 1 },
		});
		expect(error).toBeUndefined();
		expect(items[0].json.maskCount).toBe(3);
		expect(hints).toContain('Item 0: OctoAI answered with 3 masks, 1 was asked for');
	});

	it.each([
		// A bound_index naming no found object, or not a number ("0"), keeps its (billed) masks: billed-when-stopped.test.cts.
		['a mask without its image', () => ({ masks: [{ score: 1 }], bounds: [] }), /masks\[0\]\.mask_b64 is undefined/],
	])('Segment, %s: NodeApiError naming what is wrong', async (_name, body, message) => {
		suite.countCase('counts-and-shapes');
		const { error, items } = await tools((_r, res) => json(res, 200, body()), { operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: 'sky' });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(message);
		expect(items).toEqual([]);
	});

	it.each([
		['a negative count', -1],
		['a fractional count', 1.5],
	])('Fix Faces, %s of objects: NodeApiError naming the count', async (_name, count) => {
		suite.countCase('counts-and-shapes');
		const body = { image_b64: png, num_objects_detected: count, num_objects_inpainted: 0, num_removed_for_safety: 0 };
		const { error } = await tools((_r, res) => json(res, 200, body), { operation: 'fixFaces', image: 'data', baseModel: 'sd15', prompt: 'a face' });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toContain(`answer.num_objects_detected is ${count}, not a count`);
	});

	it('the Asset Library: more assets than the Limit are cut to it; an asset without an id is a shape error', async () => {
		suite.countCase('counts-and-shapes');
		const asset = (id: string) => ({ id, name: `n-${id}`, asset_type: 'lora', status: 'ready', data: { asset_type: 'lora' } });
		const many = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { data: ['a1', 'a2', 'a3', 'a4'].map(asset), has_more: false }), {
			operation: 'list',
			returnAll: false,
			limit: 2,
		});
		expect(many.error).toBeUndefined();
		expect(many.result.outputs('OctoAI').map((item) => item.json.id)).toEqual(['a1', 'a2']);
		suite.countCase('counts-and-shapes');
		const broken = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { data: [{ ...asset('a1'), id: 5 }], has_more: false }), { operation: 'list', returnAll: true });
		expect(broken.error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(broken.error!.message).toMatch(/data\[0\]\.id is number, not text/);
	});
});

describe('prices-never-guessed: a published price or null with the reason', () => {
	const sd15 = { prompt: 'a fox', resolution: '512x512', options: { waitMode: 'sync' } };

	it.each(['DPM_2_KARRAS', 'LCM', 'K_HEUN', 'DPM_PLUS_PLUS_2M_SDE'])('SD 1.5 with the sampler %s (in neither price list): null and the reason', async (sampler) => {
		suite.countCase('prices-never-guessed');
		const result = await suite.run(env, 'octoAiSd15', { ...sd15, sampler });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ estimated_cost_usd: null, price_basis: expect.stringContaining(`the sampler ${sampler}, which is in neither published list`) });
	});

	it.each([
		['K_EULER', 0.0015],
		['UNI_PC', 0.0015],
		['KLMS', 0.003],
		['DPM_2', 0.003],
	])('SD 1.5 with the published sampler %s: $%d', async (sampler, usd) => {
		suite.countCase('prices-never-guessed');
		const result = await suite.run(env, 'octoAiSd15', { ...sd15, sampler });
		expect(result.items[0].json.estimated_cost_usd).toBe(usd);
	});

	it('SD 1.5 image to image is not published (null); inpainting is ($0.0015)', async () => {
		suite.countCase('prices-never-guessed');
		const inputItems = [await binaryItem(square, 'image/png', 'in.png')];
		const fromImage = await suite.run(env, 'octoAiSd15', { ...sd15, mode: 'imageToImage', inputImage: 'data' }, { inputItems });
		expect(fromImage.items[0].json).toMatchObject({ estimated_cost_usd: null, price_basis: expect.stringContaining('SD 1.5 image-to-image') });
		suite.countCase('prices-never-guessed');
		const inpaint = await suite.run(env, 'octoAiSd15', { ...sd15, mode: 'inpainting', inputImage: 'data', maskImage: 'data' }, { inputItems });
		expect(inpaint.items[0].json.estimated_cost_usd).toBe(0.0015);
	});

	it('SDXL Lightning from an input image: null, not the text-to-image price', async () => {
		suite.countCase('prices-never-guessed');
		const inputItems = [await binaryItem(await picture(1024, 1024), 'image/png', 'in.png')];
		const result = await suite.run(env, 'octoAiSdxl', { prompt: 'a fox', checkpoint: 'octoai:lightning_sdxl', mode: 'imageToImage', inputImage: 'data', options: { steps: 4, waitMode: 'sync' } }, { inputItems });
		expect(result.items[0].json).toMatchObject({ estimated_cost_usd: null, price_basis: expect.stringContaining('SDXL Lightning from an input image') });
	});

	it.each([
		['upscale', { operation: 'upscale', image: 'data' }, 'upscaling'],
		['removeBackground', { operation: 'removeBackground', image: 'data' }, 'background removal'],
		['segment', { operation: 'segment', image: 'data', selectBy: 'box', box: '10, 10, 200, 200' }, 'segmentation'],
	])('Image Tools %s: null with the reason, like every other unpublished price', async (_op, parameters, what) => {
		suite.countCase('prices-never-guessed');
		const { items, error } = await tools(undefined, parameters);
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		for (const item of items) expect(item.json).toMatchObject({ estimated_cost_usd: null, price_basis: `OctoAI publishes no price for ${what}; no estimate` });
	});

	it('the spending guard with a cost limit refuses an unpriced sampler before sending anything', async () => {
		suite.countCase('prices-never-guessed');
		const before = suite.mark(env);
		const result = await suite.run(env, 'octoAiSd15', { ...sd15, sampler: 'DPM_2_KARRAS', options: { maxCostPerRun: 1 } });
		expect(result.error?.message).toMatch(/cannot be estimated: item 0: OctoAI publishes no price for the sampler DPM_2_KARRAS.*; nothing was sent$/);
		expect(result.error?.description).toMatch(/Remove Max Estimated Cost per Run \(USD\)/);
		expect(suite.count(env, before, () => false).requests).toHaveLength(0);
	});

	it('with only Max Images per Run, an unpriced run goes ahead with a null estimate', async () => {
		suite.countCase('prices-never-guessed');
		const result = await suite.run(env, 'octoAiSd15', { ...sd15, sampler: 'LCM', numImages: 2, options: { maxImagesPerRun: 2 } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.estimated_cost_usd)).toEqual([null, null]);
	});
});

describe('messages-fit: advice names only what the node has; the server speaks in any JSON shape', () => {
	/** A PNG of `megabytes` MB: a real header, then padding, so the size check is what refuses it. */
	const bigPng = async (megabytes: number) => Buffer.concat([await picture(8, 8), Buffer.alloc(megabytes * 1024 * 1024)]);

	it('Image Tools refuses a 21 MB image without naming an option it lacks', async () => {
		suite.countCase('messages-fit');
		const { error } = await tools(undefined, { operation: 'upscale', image: 'data' }, await bigPng(21));
		expect(error?.message).toMatch(/above the limit of 20(\.0)? MB/);
		expect(error?.description).toBe('Scale the image down first.');
	});

	it('an engine refusing the same image names its own "Max Input Image Size (MB)"', async () => {
		suite.countCase('messages-fit');
		const inputItems = [await binaryItem(await bigPng(21), 'image/png', 'in.png')];
		const result = await suite.run(env, 'octoAiSd15', { prompt: 'a fox', mode: 'imageToImage', inputImage: 'data' }, { inputItems });
		expect(result.error?.description).toBe('Scale the image down first, or raise "Max Input Image Size (MB)" in Options.');
	});

	const throttled: HostileHandler = (_r, res) => json(res, 429, { detail: 'slow down' }, { 'retry-after': '0' });
	it.each([
		['Image Tools', () => tools(throttled, { operation: 'upscale', image: 'data' })],
		['the Asset Library', () => platform('octoAiAssetLibrary', throttled, { operation: 'list', returnAll: true })],
		['Fine-Tuning', () => platform('octoAiFineTuning', throttled, { operation: 'list', returnAll: true })],
	])('%s after a 429 does not tell the user to raise "Max Retries" (it has none)', async (_node, run) => {
		suite.countCase('messages-fit');
		const { error } = await run();
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '429' });
		expect(text(error)).toContain('slow down');
		expect(text(error)).not.toMatch(/Max Retries/);
	});

	it.each(['octoAiSd15', 'octoAiStableVideoDiffusion'] as const)('%s after a 429 names its own "Max Retries"', async (node) => {
		suite.countCase('messages-fit');
		const parameters = node === 'octoAiSd15' ? { prompt: 'a fox', options: SYNC } : { inputImage: 'data', options: SYNC };
		const { error } = await engine(node, throttled, parameters, wide);
		expect(error?.description).toContain('raise "Max Retries" in Options');
	});

	it('an engine past its Timeout names "Timeout (Seconds)"; the pages of a list name Return All and Limit', async () => {
		suite.countCase('messages-fit');
		const { error } = await engine('octoAiSd15', () => undefined, { prompt: 'a fox', options: { ...SYNC, timeout: 1 } });
		expect(error?.description).toContain('Raise "Timeout (Seconds)" in Options');
		suite.countCase('messages-fit');
		const asset = { id: 'a1', name: 'n', asset_type: 'lora', status: 'ready', data: {} };
		const repeat = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { data: [asset], has_more: true }), { operation: 'list', returnAll: true });
		expect(repeat.error?.description).toContain('Turn off "Return All" and set a "Limit".');
	});

	const missing: HostileHandler = (_r, res) => json(res, 404, { detail: 'Not Found' });
	it.each([
		['Image Tools', () => tools(missing, { operation: 'upscale', image: 'data' }), 'Check the base URLs in the OctoAI credential.'],
		['Stable Video Diffusion', () => engine('octoAiStableVideoDiffusion', missing, { inputImage: 'data', options: SYNC }, wide), 'Check the base URLs in the OctoAI credential.'],
		['Fine-Tuning', () => platform('octoAiFineTuning', missing, { operation: 'get', tune: locator('id', 'tune_01HXYZ') }), 'Check the base URLs in the OctoAI credential. Check the tune ID.'],
		['the Asset Library', () => platform('octoAiAssetLibrary', missing, { operation: 'delete', asset: locator('id', 'asset_01HXYZ') }), 'Check the base URLs in the OctoAI credential. Check the asset ID or name.'],
		['an engine', () => engine('octoAiSdxl', missing, { prompt: 'a fox', options: SYNC }), 'Check the asset names the request uses'],
	])('a 404 to %s gives advice about what that node sends', async (_node, run, advice) => {
		suite.countCase('messages-fit');
		const { error } = await run();
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(error!.description).toContain(advice);
		if (!advice.includes('asset names')) expect(error!.description).not.toMatch(/asset names/);
	});

	const SHAPES: Array<[string, unknown, string]> = [
		['msg as an object', { detail: [{ loc: ['body', 'prompt'], msg: { text: 'banned word' } }] }, 'Prompt (prompt): banned word'],
		['msg as a list', { detail: [{ loc: ['body', 'prompt'], msg: ['too long', 'max 77 tokens'] }] }, 'too long; max 77 tokens'],
		['msg as a number', { detail: [{ loc: ['body', 'prompt'], msg: 12 }] }, 'Prompt (prompt): 12'],
		['detail as an object', { detail: { message: 'engine warming up' } }, 'engine warming up'],
		['error as an object', { error: { code: 'E9', message: 'quota exhausted' } }, 'quota exhausted'],
		['a bare list', ['first problem', { msg: 'second problem' }], 'first problem; second problem'],
		['unknown keys only', { code: 'E42', hint: 'use fewer steps' }, 'use fewer steps'],
	];
	it.each(SHAPES)('a 422 with %s: the server text in the engine error', async (_name, body, expected) => {
		suite.countCase('messages-fit');
		const { error } = await engine('octoAiSdxl', (_r, res) => json(res, 422, body), { prompt: 'a fox', options: SYNC });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		expect(error!.message).toContain(expected);
		expect(error!.message).not.toMatch(/: invalid$/);
	});

	it.each([
		['Image Tools', () => tools((_r, res) => json(res, 422, { detail: [{ loc: ['body', 'scale'], msg: { why: 'scale must be 2 or 4' } }] }), { operation: 'upscale', image: 'data' }), 'scale must be 2 or 4'],
		['the Asset Library', () => platform('octoAiAssetLibrary', (_r, res) => json(res, 400, { errors: [{ reason: 'bad filter' }] }), { operation: 'list', returnAll: true }), 'bad filter'],
		['Fine-Tuning', () => platform('octoAiFineTuning', (_r, res) => json(res, 404, { detail: { detail: 'no such tune' } }), { operation: 'get', tune: locator('id', 'tune_01HXYZ') }), 'no such tune'],
		['Stable Video Diffusion', () => engine('octoAiStableVideoDiffusion', (_r, res) => json(res, 422, { message: ['fps too high'] }), { inputImage: 'data', options: SYNC }, wide), 'fps too high'],
	])('%s shows the server text of an unusual error shape', async (_node, run, expected) => {
		suite.countCase('messages-fit');
		const { error } = await run();
		expect(error?.name).toBe('NodeApiError');
		expect(error!.message).toContain(expected);
	});
});
