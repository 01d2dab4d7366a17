/**
 * Billed work is never lost silently, through n8n's real engine against a hostile loopback server:
 * a run that fails without Continue On Fail says what other items already made (n8n drops the failed
 * node's output), their item indexes and the response ids to fetch them by, bounded in length, after
 * awaiting the requests in flight (billed-work-kept); every wait sends one last status read at its
 * deadline, so work that finished in the last poll interval is output (last-read-at-deadline);
 * Segment's masks that name no found object are output with a warning (billed-work-kept).
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { picture, type EngineNodeName } from '../nodes/helpers.cts';
import { locator, runChain, runPlatformNode, trainingItems } from '../nodes/platform-helpers.cts';
import { HostileServer, json, type HostileHandler, type HostileRequest } from './support/hostile-server.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('billed-when-stopped');
const env = suite.emulator();
const server = new HostileServer();

let png = '';
let inputs: (count: number) => Promise<INodeExecutionData[]>;
beforeAll(async () => {
	await server.start();
	const square = await picture(32, 32);
	png = square.toString('base64');
	inputs = async (count) => await Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await binaryItem(square, 'image/png', 'in.png')), json: { n: i } })));
});
afterAll(async () => await server.close());

const bases = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url, asyncBaseUrl: server.url });
/** The first bytes of an MP4 (an `ftyp` box): what the video node recognises as a video. */
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]).toString('base64');
/** Each item's prompt carries its index, so the server knows which item a request is for. */
const PROMPT = '={{ "a lighthouse item-" + $itemIndex }}';
const itemOf = (request: HostileRequest) => Number(/item-(\d+)/.exec(request.body)?.[1] ?? -1);
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Failure = (Error & { description?: string }) | undefined;

async function engine(node: EngineNodeName, handler: HostileHandler, parameters: INodeParameters, count: number) {
	server.use(handler);
	const started = Date.now();
	const result = await suite.run(env, node, parameters, { credentials: bases(), inputItems: await inputs(count), timeoutMs: 120_000 });
	const hints = (result.run.data.resultData.runData.OctoAI?.[0]?.hints ?? []).map((h) => h.message);
	return { error: result.error as Failure, items: result.items, hints, ms: Date.now() - started };
}

describe('billed-work-kept: the error that stops a run names what other items made', () => {
	const SYNC = { waitMode: 'sync', maxRetries: 0, concurrency: 1 };

	it('SDXL, three items, the second fails: the error names the first item\'s 2 images and the item never sent', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiSdxl',
			(request, res) => (itemOf(request) === 1 ? json(res, 500, { detail: 'GPU fell over' }) : json(res, 200, { images: [{ image_b64: png, seed: 1 }, { image_b64: png, seed: 2 }] })),
			{ prompt: PROMPT, numImages: 2, options: SYNC },
			3,
		);
		expect(out.error?.message).toMatch(/GPU fell over/);
		expect(out.error?.message).toContain('; the run stopped, and 2 images already made for 1 other item are not output');
		expect(out.error?.description).toContain('Made at OctoAI (billed) but not output, as n8n drops a failed node\'s output: 2 images already made for 1 other item (item 0).');
		expect(out.error?.description).toContain('Not sent (or not retried) once the run stopped: item 2.');
		expect(out.error?.description).toContain('Continue On Fail');
		expect(server.requests.filter((r) => r.method === 'POST').map(itemOf)).toEqual([0, 1]);
	});

	it('an item whose every image was removed for safety and dropped: counted as billed with nothing to output', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiSdxl',
			(request, res) => {
				const item = itemOf(request);
				if (item === 1) return json(res, 500, { detail: 'GPU fell over' });
				return json(res, 200, { images: [{ image_b64: item === 0 ? '' : png, seed: 1, removed_for_safety: item === 0 }] });
			},
			{ prompt: PROMPT, options: { ...SYNC, dropRemovedForSafety: true } },
			3,
		);
		expect(out.error?.message).toMatch(/GPU fell over/);
		expect(out.error?.message).toContain('; the run stopped after OctoAI billed 1 other item that had nothing to output');
		expect(out.error?.description).toContain('Billed by OctoAI with no images to output (e.g. every one removed for safety and dropped): item 0.');
		expect(out.error?.description).toContain('Not sent (or not retried) once the run stopped: item 2.');
	});

	it('Flux Schnell, Wait Mode Asynchronous, Concurrency 4: the requests in flight when item 0 fails are awaited, and their response ids named', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiFluxSchnell',
			async (request, res) => {
				if (request.method === 'POST') {
					const item = itemOf(request);
					// Item 0 fails once the others were sent: they are in flight, accepted and billed.
					if (item === 0) return await delay(300).then(() => json(res, 500, { detail: 'GPU fell over' }));
					return json(res, 201, { response_id: `resp-${item}` });
				}
				// Each result is ready only after item 0 failed: the run must wait for it.
				if (request.path.startsWith('/v1/requests/')) return await delay(200).then(() => json(res, 200, { status: 'completed' }));
				if (request.path.startsWith('/v1/responses/')) return json(res, 200, { images: [{ image_b64: png, seed: 3 }] });
				return json(res, 404, {});
			},
			{ prompt: PROMPT, options: { waitMode: 'async', pollInterval: 0.5, maxWait: 10, maxRetries: 0, concurrency: 4 } },
			4,
		);
		expect(out.error?.message).toContain('; the run stopped, and 3 images already made for 3 other items are not output');
		expect(out.error?.description).toContain('(items 1, 2, 3)');
		expect(out.error?.description).toContain('Their results stay readable for 24 h: GET <Async API Base URL>/v1/responses/<id> for item 1: resp-1, item 2: resp-2, item 3: resp-3.');
		// Awaited, not abandoned: every accepted exchange's result was read before the run ended.
		expect(server.requests.filter((r) => r.path.startsWith('/v1/responses/'))).toHaveLength(3);
	}, 30_000);

	it('an item whose exchange was accepted but then failed too is named with its response id', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiSdxl',
			async (request, res) => {
				if (request.method === 'POST') {
					const item = itemOf(request);
					if (item === 0) return await delay(300).then(() => json(res, 500, { detail: 'GPU fell over' }));
					return json(res, 201, { response_id: `resp-${item}` });
				}
				return await delay(200).then(() => json(res, 500, { detail: 'status store down' }));
			},
			{ prompt: PROMPT, options: { waitMode: 'async', pollInterval: 0.5, maxWait: 10, maxRetries: 0, concurrency: 2 } },
			2,
		);
		expect(out.error?.message).toContain("; the run stopped, and other items' requests OctoAI accepted are not output");
		expect(out.error?.description).toContain('Failed too after OctoAI accepted them (may be billed; GET <Async API Base URL>/v1/responses/<id> within 24 h): item 1: resp-1.');
	}, 30_000);

	it('500 items, the last fails: the message stays short, the first items listed and the rest counted', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiSd15',
			(request, res) => (itemOf(request) === 499 ? json(res, 500, { detail: 'GPU fell over' }) : json(res, 200, { images: [{ image_b64: png, seed: 1 }] })),
			{ prompt: PROMPT, options: { ...SYNC, concurrency: 32 } },
			500,
		);
		expect(out.error?.message).toContain('499 images already made for 499 other items are not output');
		expect(out.error?.description).toContain('(items 0, 1, 2, 3, 4 and 494 more)');
		expect(out.error!.message.length).toBeLessThan(300);
		expect(out.error!.description!.length).toBeLessThan(1_000);
	}, 120_000);

	it('a failing item whose error echoes the API token: the note is added, the token is not', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiSdxl',
			(request, res) =>
				itemOf(request) === 1
					? json(res, 400, { detail: `bad prompt for ${String(request.headers.authorization)}` })
					: json(res, 200, { images: [{ image_b64: png, seed: 3 }] }),
			{ prompt: PROMPT, options: SYNC },
			2,
		);
		expect(out.error?.message).toContain('1 image already made for 1 other item is not output');
		expect(`${out.error?.message} ${out.error?.description}`).not.toContain(env.token);
	});

	it('Stable Video Diffusion: the other item\'s video is named', async () => {
		suite.countCase('billed-work-kept');
		const out = await engine(
			'octoAiStableVideoDiffusion',
			(_request, res) => (server.requests.filter((r) => r.method === 'POST').length === 2 ? json(res, 500, { detail: 'GPU fell over' }) : json(res, 200, { videos: [{ video: MP4, seed: 1 }] })),
			{ inputImage: 'data', options: SYNC },
			2,
		);
		expect(out.error?.message).toContain('; the run stopped, and 1 video already made for 1 other item is not output');
		expect(out.error?.description).toContain('(item 0)');
	});

	it('Image Tools\' Upscale: the other item\'s result is named', async () => {
		suite.countCase('billed-work-kept');
		server.use((_request, res) => (server.requests.length === 2 ? json(res, 400, { detail: 'not an image' }) : json(res, 200, { image_b64: png, removed_for_safety: false })));
		const result = await runChain(env, [{ name: 'OctoAI', type: 'octoAiImageTools', parameters: { resource: 'image', operation: 'upscale', image: 'data' } }], {
			credentials: bases(),
			inputItems: await inputs(2),
		});
		suite.record('image tools stopped', result);
		expect(result.error?.message).toContain('; the run stopped, and 1 result already made for 1 other item is not output');
	});

	it('Asset Library\'s Create From URL: the assets other items created are named by id', async () => {
		suite.countCase('billed-work-kept');
		let posts = 0;
		server.use((request, res) => {
			const id = request.path.split('/')[3];
			if (request.method === 'GET') return json(res, 200, { asset: { id, name: id, asset_type: 'file', status: 'uploading', data: { asset_type: 'file' } } });
			posts++;
			if (posts === 3) return json(res, 422, { detail: 'bad url' });
			return json(res, 200, { asset: { id: `asset_01HKEPT${posts}`, name: `kept-${posts}`, asset_type: 'file', status: 'uploading', data: { asset_type: 'file' } } });
		});
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: '={{ "kept-" + $itemIndex }}', assetType: 'file', url: 'https://example.com/a.png', options: { waitUntilReady: false } },
			{ credentials: bases(), inputItems: [{ json: {} }, { json: {} }, { json: {} }] },
		);
		suite.record('asset library stopped', result);
		expect(result.error?.message).toContain('; the run stopped, and 2 assets already created for 2 other items are not output');
		expect(result.error?.description).toContain('Created at OctoAI but not output');
		expect(result.error?.description).not.toContain('billed');
		expect(result.error?.description).toContain('They are kept at OctoAI: asset_01HKEPT1, asset_01HKEPT2.');
	});

	it('a list operation that fails names nothing: nothing it read was billed', async () => {
		suite.countCase('billed-work-kept');
		let gets = 0;
		server.use((_request, res) => (++gets === 2 ? json(res, 400, { detail: 'down' }) : json(res, 200, { asset: { id: 'asset_01HREAD', name: 'read', asset_type: 'file', status: 'ready', data: { asset_type: 'file' } } })));
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', 'asset_01HREAD') }, { credentials: bases(), inputItems: [{ json: {} }, { json: {} }] });
		suite.record('asset get stopped', result);
		expect(result.error).toBeDefined();
		expect(result.error?.message).not.toContain('the run stopped');
	});
});

describe('last-read-at-deadline: every wait reads the status once more at its deadline', () => {
	it('Max Wait: a result that finished in the last poll interval is output, not reported as still running', async () => {
		suite.countCase('last-read-at-deadline');
		let reads = 0;
		const out = await engine(
			'octoAiSdxl',
			(request, res) => {
				if (request.method === 'POST') return json(res, 201, { response_id: 'resp-last' });
				// Poll Interval 1.5 s, Max Wait 2 s: reads at 0 and 1.5 s say running; the one at 2 s finds it done.
				if (request.path.startsWith('/v1/requests/')) return json(res, 200, { status: ++reads <= 2 ? 'running' : 'completed' });
				return json(res, 200, { images: [{ image_b64: png, seed: 5 }] });
			},
			{ prompt: PROMPT, options: { waitMode: 'async', pollInterval: 1.5, maxWait: 2, maxRetries: 0 } },
			1,
		);
		expect(out.error).toBeUndefined();
		expect(out.items).toHaveLength(1);
		expect(reads).toBe(3);
		expect(out.ms).toBeLessThan(8_000);
	}, 20_000);

	it('Max Wait: a result still running at the last read ends the wait as before, after exactly one more read', async () => {
		suite.countCase('last-read-at-deadline');
		const out = await engine(
			'octoAiSdxl',
			(request, res) => (request.method === 'POST' ? json(res, 201, { response_id: 'resp-last' }) : json(res, 200, { status: 'running' })),
			{ prompt: PROMPT, options: { waitMode: 'async', pollInterval: 1.5, maxWait: 2, maxRetries: 0 } },
			1,
		);
		expect(out.error?.message).toBe('Max Wait (Seconds) (2 s) passed before OctoAI finished response resp-last (status: running)');
		expect(server.requests.filter((r) => r.path.startsWith('/v1/requests/'))).toHaveLength(3);
	}, 20_000);

	it("Asset Library's Wait Until Ready: an asset that became ready in the last poll interval is output", async () => {
		suite.countCase('last-read-at-deadline');
		let reads = 0;
		const asset = (status: string) => ({ asset: { id: 'asset_01HLAST', name: 'last', asset_type: 'file', status, data: { asset_type: 'file' } } });
		server.use((request, res) => (request.method === 'POST' ? json(res, 200, asset('uploading')) : json(res, 200, asset(++reads <= 2 ? 'uploading' : 'ready'))));
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'last', assetType: 'file', url: 'https://example.com/a.png', options: { timeout: 1, pollInterval: 0.8 } },
			{ credentials: bases() },
		);
		suite.record('asset last read', result);
		expect(result.error).toBeUndefined();
		expect(result.items[0]?.json).toMatchObject({ id: 'asset_01HLAST', status: 'ready' });
		expect(reads).toBe(3);
	}, 20_000);

	it('Fine-Tuning: the upload wait and the tune wait each read once more at their deadline', async () => {
		suite.countCase('last-read-at-deadline');
		const CHECKPOINT = { id: 'asset_01HCKPTL', name: 'sdxl-base', asset_type: 'checkpoint', status: 'ready', data: { asset_type: 'checkpoint', engine: 'image/stable-diffusion-xl-v1-0' } };
		const TUNE = { id: 'tune_01HLAST', name: 'last', status: 'pending', details: {} };
		const uploadReads = new Map<string, number>();
		let tuneReads = 0;
		let assets = 0;
		server.use((request, res) => {
			if (request.method === 'POST' && request.path === '/v1/assets') {
				const id = `asset_01HLASTF${++assets}`;
				return json(res, 200, { asset: { id, name: id, asset_type: 'file', status: 'ready_to_upload', data: { asset_type: 'file' } }, transfer_api: { type: 'presigned-url', put_url: `${server.url}/put/${id}`, get_url: '' } });
			}
			if (request.method === 'PUT') return res.writeHead(200).end();
			if (request.path.endsWith('/complete-upload')) return json(res, 200, {});
			if (request.path === `/v1/assets/${CHECKPOINT.id}`) return json(res, 200, { asset: CHECKPOINT });
			if (request.path.startsWith('/v1/assets/')) {
				const id = request.path.split('/')[3];
				const n = (uploadReads.get(id) ?? 0) + 1;
				uploadReads.set(id, n);
				// Upload Timeout 1 s, Poll Interval 0.8 s: ready only at the read sent at the deadline.
				return json(res, 200, { asset: { id, name: id, asset_type: 'file', status: n <= 2 ? 'uploading' : 'ready', data: { asset_type: 'file' } } });
			}
			if (request.method === 'POST' && request.path === '/v1/tune') return json(res, 200, TUNE);
			if (request.path.startsWith(`/v1/tune/${TUNE.id}`)) return json(res, 200, { ...TUNE, status: ++tuneReads <= 2 ? 'pending' : 'succeeded' });
			return json(res, 404, { detail: 'not found' });
		});
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			{
				operation: 'create',
				tuneName: 'last',
				triggerWord: 'sks dog',
				engine: CHECKPOINT.data.engine,
				baseCheckpoint: locator('id', CHECKPOINT.id),
				waitForCompletion: true,
				// 1.2 s for the tune with reads 0.8 s apart: the third read is the one at the deadline.
				timeoutMinutes: 0.02,
				options: { pollInterval: 0.8, uploadTimeout: 1 },
			},
			{ credentials: bases(), inputItems: await trainingItems(1) },
		);
		suite.record('tune last read', result);
		expect(result.error).toBeUndefined();
		expect(result.items[0]?.json).toMatchObject({ id: TUNE.id, status: 'succeeded' });
		expect([...uploadReads.values()]).toEqual([3]);
		expect(tuneReads).toBe(3);
	}, 30_000);
});

describe('billed-work-kept: Segment masks naming no found object', () => {
	const mask = (boundIndex: unknown) => ({ mask_b64: png, bounding_box: [[0, 0], [1, 1]], bound_index: boundIndex, score: 0.9 });
	const sky = [{ phrase: 'sky', box: [[0, 0], [1, 1]], score: 1 }];
	it.each([
		['an index beyond the objects found', () => ({ masks: [mask(0), mask(2)], bounds: sky }), 'mask 1 has bound_index 2, but 1 object was found', 2],
		['a fractional index', () => ({ masks: [mask(0.5)], bounds: sky }), 'mask 0 has bound_index 0.5, but 1 object was found', 1],
		['an index when nothing was found', () => ({ masks: [mask(0)], bounds: [] }), 'mask 0 has bound_index 0, but 0 objects were found', 1],
		['an index that is text', () => ({ masks: [mask('0'), mask(0)], bounds: sky }), 'mask 0 has bound_index "0", but 1 object was found', 2],
		['an index that is an object', () => ({ masks: [mask({ i: 0 })], bounds: sky }), 'mask 0 has bound_index an object, but 1 object was found', 1],
	])('%s: the masks are output with a warning naming the index', async (_name, body, named, count) => {
		suite.countCase('billed-work-kept');
		server.use((_request, res) => json(res, 200, body()));
		const result = await runChain(env, [{ name: 'OctoAI', type: 'octoAiImageTools', parameters: { resource: 'image', operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: 'sky' } }], {
			credentials: bases(),
			inputItems: await inputs(1),
		});
		suite.record('segment unfound object', result);
		const items = result.outputs('OctoAI');
		const hints = (result.run.data.resultData.runData.OctoAI?.[0]?.hints ?? []).map((h) => h.message);
		expect(result.error).toBeUndefined();
		expect(items[0].json.maskCount).toBe(count);
		expect(Object.keys(items[0].binary ?? {})).toEqual(expect.arrayContaining(count === 2 ? ['mask', 'mask_1'] : ['mask']));
		expect(hints.some((h) => h.startsWith('Item 0: OctoAI answered with masks for objects it did not find (') && h.includes(named))).toBe(true);
	});
});

suite.hygieneTest();
