/**
 * Issue 10, class 3, through n8n's real engine: malformed answers (wrong shapes, wrong image counts,
 * dropped bodies, gzip bombs) of the engine, platform and Image Tools nodes become errors that say
 * what happened, and Continue On Fail keeps the other items.
 * The file's hygiene test searches all its evidence for secrets.
 */
import { createGzip } from 'node:zlib';

import type { INodeParameters } from 'n8n-workflow';

import { binaryItem, packageNode, runListSearch } from '../harness/index.cts';
import { CREDENTIAL } from '../nodes/helpers.cts';
import { locator, runChain } from '../nodes/platform-helpers.cts';
import { json, type HostileHandler } from './support/hostile-server.cts';
import { asset, GENERATE, useHostileCases, type RunError } from './support/hostile-cases.cts';

const { suite, env, server, images, hostile, okImages, generate, platform } = useHostileCases('hostile-server-answers');

describe('class 3: malformed answers', () => {
	const CASES: Array<[string, unknown, RegExp]> = [
		['images: [null]', { images: [null] }, /unexpected shape: images\[0\] is null, not an image object$/],
		['image_b64 as a number', { images: [{ image_b64: 42 }] }, /images\[0\]\.image_b64 is number, not base64 text$/],
		['image_b64 as an object', { images: [{ image_b64: { data: 'x' } }] }, /images\[0\]\.image_b64 is object, not base64 text$/],
		['images as an object', { images: { 0: 'x' } }, /"images" is object, not a list$/],
		['seed as text', { images: [{ image_b64: 'eA==', seed: 'one' }] }, /images\[0\]\.seed is string, not a number$/],
		['a JSON list instead of an object', [1, 2], /the answer is a list, not an object$/],
	];
	it.each([
		['a lone character', 'x'],
		['a broken group', 'eA=x'],
		['characters outside base64', 'ab$d'],
	])('a 200 whose image_b64 is not base64 (%s): NodeApiError 200 saying so', async (_name, data) => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => json(res, 200, { images: [{ image_b64: data, seed: 1 }] }));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(/unreadable image: images\[0\]\.image_b64 in the response (is not valid base64|ends in the middle of a base64 group)/);
	});
	it.each(CASES)('a 200 with %s: NodeApiError 200 naming what is wrong, with an excerpt', async (_name, body, message) => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => json(res, 200, body));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(message);
		expect(error!.description).toMatch(/The answer began: /);
	});

	const ERRORS: Array<[string, unknown, RegExp]> = [
		['detail entries that are null', { detail: [null, { loc: ['body', 'steps'], msg: 'too many' }] }, /^OctoAI rejected a parameter \(422\): request: invalid; Steps \(steps\): too many$/],
		['a detail entry with a string loc', { detail: [{ loc: 'steps', msg: 'too many' }] }, /^OctoAI rejected a parameter \(422\): Steps \(steps\): too many$/],
		['a detail object instead of a list', { detail: { loc: ['body', 'cfg_scale'], msg: 'too high' } }, /^OctoAI rejected a parameter \(422\): CFG Scale \(cfg_scale\): too high$/],
		['{"error":{"message":…}}', { error: { message: 'quota exhausted' } }, /^OctoAI rejected a parameter \(422\): quota exhausted$/],
	];
	it.each(ERRORS)('a 422 with %s: the status and a readable message', async (_name, body, message) => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => json(res, 422, body));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		expect(error!.message).toMatch(message);
	});

	it('fewer images than asked: a warning hint on the item', async () => {
		suite.countCase('3 malformed answers');
		const { result } = await generate((_r, res) => json(res, 200, okImages(1)), { ...GENERATE, numImages: 3 });
		expect(result.error).toBeUndefined();
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContain('Item 0: OctoAI answered with 1 image, 3 were asked for');
	});

	it('more images than asked: a warning hint', async () => {
		suite.countCase('3 malformed answers');
		const { result } = await generate((_r, res) => json(res, 200, okImages(3)));
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContain('Item 0: OctoAI answered with 3 images, 1 was asked for');
	});

	it('{"asset": null} while waiting for an upload: an error naming the shape, no TypeError', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { asset: null }), { operation: 'get', asset: locator('id', 'asset_01HX') });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(/unexpected shape: asset is null, not an asset$/);
	});

	it('{} for a tune: no request to /v1/tune/undefined', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await platform('octoAiFineTuning', (_r, res) => json(res, 200, {}), { operation: 'get', tune: locator('id', 'tune_01HX') });
		expect(error!.message).toMatch(/unexpected shape: tune\.id is undefined, not text$/);
		expect(server.requests.map((r) => r.path)).toEqual(['/v1/tune/tune_01HX']);
	});

	it('a body dropped after the 200 headers: says the connection closed mid-answer', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
			res.write('{"images":[{"image_b64":"');
			setTimeout(() => res.socket?.destroy(), 50);
		});
		expect(error?.message).toMatch(/^OctoAI at 127\.0\.0\.1:\d+ closed the connection after \d+ bytes of its answer, before the body was complete$/);
	});

	it('an oversized response header: says so, not "could not reach"', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => {
			res.socket?.write(`HTTP/1.1 200 OK\r\nX-Padding: ${'a'.repeat(200_000)}\r\nContent-Length: 2\r\n\r\n{}`);
			res.socket?.end();
		});
		expect(error?.message).toMatch(/answered with response headers larger than the HTTP client accepts$/);
	});

	it('a decompression bomb (160 MB of spaces as ~160 KB of gzip): stopped at the size bound', async () => {
		suite.countCase('3 malformed answers');
		const before = process.memoryUsage().rss;
		const { error } = await generate((_r, res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
			const gzip = createGzip();
			gzip.pipe(res);
			const zeros = Buffer.alloc(1024 * 1024, 0x20);
			let sent = 0;
			const pump = () => {
				while (sent < 160 && !res.destroyed) {
					sent++;
					if (!gzip.write(zeros)) {
						gzip.once('drain', pump);
						return;
					}
				}
				gzip.end();
			};
			res.on('close', () => gzip.destroy());
			pump();
		}, { ...GENERATE, options: { maxRetries: 0, timeout: 300 } });
		// Spaces are JSON outside the images: the streaming reader's 1 MB bound for them stops it first.
		expect(error?.message).toMatch(
			/(answered with a body larger than 100 MB \(after decompression\)|holds more than 1024 KB besides image data); reading stopped$/,
		);
		expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
	}, 300_000);

	it('text fields of another type (a number description, trigger words as one text): read as text, not a TypeError or one letter', async () => {
		suite.countCase('3 malformed answers');
		const odd = { ...asset('asset_01HODD'), description: 42, data: { asset_type: 'lora', trigger_words: 'sks dog' } };
		server.use((_r, res) => json(res, 200, { data: [odd], has_more: false }));
		const found = await runListSearch(packageNode('octoAiSdxl'), 'searchLoras', {
			credentials: env.credentials(hostile()),
			nodeCredentials: { octoAiApi: CREDENTIAL },
		});
		expect(found.results.map((row) => row.description)).toEqual(['42. Trigger: sks dog']);
		// A lone trigger word where a list belongs is that word, not its first letter.
		const tune = { id: 'tune_01HODD', name: 't', status: 'succeeded', details: { trigger_words: 'sks dog' }, output_lora_ids: ['asset_01HLORA'] };
		const got = await platform('octoAiFineTuning', (request, res) => json(res, 200, request.path.startsWith('/v1/assets/') ? { asset: asset('asset_01HLORA') } : tune), {
			operation: 'get',
			tune: locator('id', 'tune_01HODD'),
		});
		expect(got.error).toBeUndefined();
		expect(got.result.items[0].json).toMatchObject({ triggerWord: 'sks dog', lora: 'name-asset_01HLORA', loraId: 'asset_01HLORA' });
	});

	it('a page whose entries are not assets: the entry is named', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { data: [asset('asset_01HA'), 'oops'], has_more: false }), {
			operation: 'list',
			returnAll: true,
		});
		expect(error!.message).toMatch(/unexpected shape: data\[1\] is string, not an asset$/);
	});
});

describe('class 3: malformed answers of Image Tools', () => {
	const SEGMENT = { operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: 'sky' };
	const BOX = { operation: 'segment', image: 'data', selectBy: 'box', box: '0, 0, 100, 100' };
	const SCENE = { operation: 'productScene', image: 'data', scenePrompt: 'on a table' };
	const FACES = { operation: 'fixFaces', image: 'data', baseModel: 'sd15', prompt: 'a face' };
	const COUNTS = { num_objects_detected: 1, num_objects_inpainted: 1, num_removed_for_safety: 0 };

	/** Runs Image Tools on one picture per `json` entry against the hostile server. */
	async function tools(handler: HostileHandler, parameters: INodeParameters, inputs: Array<Record<string, unknown>> = [{}], continueOnFail = false) {
		server.use(handler);
		const inputItems = await Promise.all(inputs.map(async (input) => await binaryItem(images.square, 'image/png', 'in.png', 'data', input as never)));
		const result = await runChain(env, [{ name: 'OctoAI', type: 'octoAiImageTools', parameters: { resource: 'image', ...parameters }, continueOnFail }], {
			credentials: hostile(),
			inputItems,
		});
		suite.record(`octoAiImageTools ${String(parameters.operation)}`, result);
		const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
		return { result, items, error: result.error as RunError };
	}

	const CASES: Array<[string, INodeParameters, unknown, RegExp]> = [
		['Segment, masks: [null]', SEGMENT, { masks: [null], bounds: [] }, /masks\[0\] is null, not a mask object$/],
		['Segment, masks as an object', SEGMENT, { masks: { a: 1 } }, /"masks" is object, not a list$/],
		['Segment, a mask without its image', SEGMENT, { masks: [{ score: 0.9 }], bounds: [{ phrase: 'sky' }] }, /masks\[0\]\.mask_b64 is undefined: no image, and none was reported removed for safety$/],
		['Segment, objects found but no masks', SEGMENT, { masks: [], bounds: [{ phrase: 'sky', box: [[0, 0], [9, 9]], score: 0.8 }] }, /"masks" is empty, though 1 object was found$/],
		['Segment by box, no masks', BOX, { masks: [], bounds: [] }, /"masks" is empty: no mask for the box or points/],
		['Product Scene, images as an object', SCENE, { images: { a: 1 } }, /"images" is object, not a list$/],
		['Product Scene, images: []', SCENE, { images: [] }, /"images" is empty: no scene came back$/],
		['Product Scene, a scene without its image', SCENE, { images: [{ seed: 7 }] }, /images\[0\]\.image_b64 is undefined: no image/],
		['Fix Faces, {}', FACES, {}, /answer\.num_objects_detected is undefined, not a number$/],
		['Fix Faces, a JSON list', FACES, [], /the answer is a list, not an object$/],
		['Fix Faces, the counts without the image', FACES, COUNTS, /answer\.image_b64 is undefined: no image, and none was reported removed for safety$/],
		['Upscale, {}', { operation: 'upscale', image: 'data' }, {}, /answer\.image_b64 is undefined: no image/],
		['Upscale, image_b64 empty', { operation: 'upscale', image: 'data' }, { image_b64: '', removed_for_safety: false }, /answer\.image_b64 is empty: no image/],
		['Remove Background, image_b64: null', { operation: 'removeBackground', image: 'data' }, { image_b64: null, removed_for_safety: false }, /answer\.image_b64 is null: no image/],
		['Remove Background, image_b64 as a number', { operation: 'removeBackground', image: 'data' }, { image_b64: 42 }, /answer\.image_b64 is number, not base64 text$/],
	];
	it.each(CASES)('%s: NodeApiError 200 naming what is wrong, no item', async (_name, parameters, body, message) => {
		suite.countCase('3 malformed answers');
		const { error, items } = await tools((_r, res) => json(res, 200, body), parameters);
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(/^OctoAI answered 200 with an unexpected shape: /);
		expect(error!.message).toMatch(message);
		expect(error!.description).toMatch(/The answer began: /);
		expect(items).toEqual([]);
	});

	it('an image that is not PNG, JPEG or WebP: NodeApiError 200', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await tools((_r, res) => json(res, 200, { image_b64: Buffer.from('hello').toString('base64') }), { operation: 'upscale', image: 'data' });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200', message: 'OctoAI answered without a PNG, JPEG or WebP image (upscaled)' });
	});

	it('answers without an image that say why are items: removed for safety, or a prompt that found nothing', async () => {
		suite.countCase('3 malformed answers');
		const removed = await tools((_r, res) => json(res, 200, { image_b64: null, removed_for_safety: true }), { operation: 'upscale', image: 'data' });
		expect(removed.error).toBeUndefined();
		expect(removed.items.map((item) => [item.json.removed_for_safety, item.binary?.data])).toEqual([[true, undefined]]);
		const nothing = await tools((_r, res) => json(res, 200, { masks: [], bounds: [], removed_for_safety: false }), SEGMENT);
		expect(nothing.error).toBeUndefined();
		expect(nothing.items.map((item) => [item.json.maskCount, Object.keys(item.binary ?? {})])).toEqual([[0, ['data']]]);
		const scenes = await tools((_r, res) => json(res, 200, { images: [{ image_b64: images.png, seed: 1 }, { image_b64: null, seed: 2, removed_for_safety: true }] }), {
			...SCENE,
			options: { numImages: 2 },
		});
		expect(scenes.items.map((item) => [item.json.seed, item.json.removed_for_safety, item.binary?.data?.fileName])).toEqual([
			[1, false, 'scene-1.png'],
			[2, true, undefined],
		]);
	});

	it('Product Scene with fewer scenes than asked: the scenes that came, and a warning hint', async () => {
		suite.countCase('3 malformed answers');
		const { result, items } = await tools((_r, res) => json(res, 200, { images: [{ image_b64: images.png, seed: 5 }] }), { ...SCENE, options: { numImages: 3 } });
		expect(items.map((item) => item.json.seed)).toEqual([5]);
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContain('Item 0: OctoAI answered with 1 scene, 3 were asked for');
	});

	it('with Continue On Fail, a wrong answer for one item leaves the other items their images', async () => {
		suite.countCase('3 malformed answers');
		const { result, items } = await tools(
			(request, res) => {
				const scale = (JSON.parse(request.body) as { scale?: number }).scale;
				return json(res, 200, scale === 3 ? { masks: [] } : { image_b64: images.png, removed_for_safety: false });
			},
			{ operation: 'upscale', image: 'data', sizeBy: 'scale', scale: '={{ $json.scale }}' },
			[{ scale: 2 }, { scale: 3 }, { scale: 4 }],
			true,
		);
		expect(result.status).toBe('success');
		expect(items.map((item) => [item.pairedItem, item.binary?.data?.fileName ?? null, item.json.error ?? null])).toEqual([
			[{ item: 0 }, 'upscaled.png', null],
			[{ item: 1 }, null, 'OctoAI answered 200 with an unexpected shape: answer.image_b64 is undefined: no image, and none was reported removed for safety'],
			[{ item: 2 }, 'upscaled.png', null],
		]);
	});
});

suite.hygieneTest();
