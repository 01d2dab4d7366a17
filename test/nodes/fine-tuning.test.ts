import { randomUUID } from 'node:crypto';

import type { LoggedRequest } from '../emulator';
import { damagedPng, decode, picture, useEmulator } from './helpers';
import {
	api,
	fileItem,
	listSearch,
	locator,
	requestsSince,
	runChain,
	runPlatformNode,
	trainingItems,
	uniqueName,
} from './platform-helpers';

const env = useEmulator({ assetReadyMs: 20, tuneStepMs: 100 });
const SD15 = 'image/stable-diffusion-v1-5';
const SDXL = 'image/stable-diffusion-xl-v1-0';
const FAST = { pollInterval: 0.1 };

/** Polls the API (as the test, not the node) until the env has a pending tune that the test has not seen yet. */
const seenTunes = new Set<string>();
async function waitForTuneToExist(target: typeof env): Promise<{ id: string; name: string }> {
	for (let attempt = 0; attempt < 100; attempt++) {
		const { body } = await api<{ data: Array<{ id: string; name: string; status: string }> }>(target, 'GET', '/v1/tunes?limit=1000');
		const fresh = body.data.find((tune) => tune.status === 'pending' && !seenTunes.has(tune.id));
		if (fresh) {
			seenTunes.add(fresh.id);
			return fresh;
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error('no new tune appeared');
}

/** Parameters of a Create LoRA Tune run; the tune name must not contain the emulator's failure word. */
function createParameters(overrides: Record<string, unknown> = {}) {
	return {
		operation: 'create',
		tuneName: uniqueName('dog'),
		triggerWord: 'sks dog',
		options: FAST,
		...overrides,
	};
}

describe('Fine-Tuning: create a LoRA tune from the images of all input items', () => {
	it('uploads every image as a file asset, trains one tune, waits, and names the new LoRA', async () => {
		const parameters = createParameters();
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', parameters, { inputItems: await trainingItems(3) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(item.json).toMatchObject({ status: 'succeeded', name: parameters.tuneName, triggerWord: 'sks dog' });
		// OctoAI's published price: $0.10 per 500-step SD 1.5 fine-tune.
		expect(item.json).toMatchObject({ estimated_cost_usd: 0.1, price_basis: expect.stringContaining('$0.1 per SD 1.5 fine-tune of 500 steps') });
		expect(typeof item.json.lora).toBe('string');
		expect(item.json.output_lora_ids).toEqual([item.json.loraId]);

		// The LoRA is a private, ready asset of the tenant, found by the name the node put out.
		const lora = await api<{ asset: Record<string, unknown> }>(env, 'GET', `/v1/assets/${encodeURIComponent(item.json.lora as string)}`);
		expect(lora.body.asset).toMatchObject({ id: item.json.loraId, asset_type: 'lora', status: 'ready', is_public: false });

		const sent = requestsSince(env, before);
		const fileCreates = sent.filter((entry) => entry.method === 'POST' && entry.path === '/v1/assets');
		expect(fileCreates).toHaveLength(3);
		for (const create of fileCreates) {
			expect(create.body).toMatchObject({
				asset_type: 'file',
				data: { asset_type: 'file', file_format: 'png' },
				transfer_api_type: 'presigned-url',
			});
		}
		const uploads = sent.filter((entry) => entry.method === 'PUT');
		expect(uploads).toHaveLength(3);
		for (const upload of uploads) {
			expect(upload.path).toMatch(/^\/_uploads\//);
			expect(upload.token).toBeNull();
			expect(upload.headers.authorization).toBeUndefined();
		}
		// The token went to the API routes only.
		for (const entry of sent.filter((e) => !e.path.startsWith('/_uploads/'))) {
			expect(entry.path).toMatch(/^\/v1\//);
			expect(entry.token).toBe(env.token);
		}

		const [tuneRequest] = sent.filter((entry) => entry.method === 'POST' && entry.path === '/v1/tune');
		const checkpoint = await api<{ asset: { id: string } }>(env, 'GET', '/v1/assets/octoai%3Adefault-sd15');
		const fileIds = sent.filter((entry) => entry.path.endsWith('/complete-upload')).map((entry) => entry.path.split('/')[3]);
		expect(tuneRequest.body).toEqual({
			name: parameters.tuneName,
			details: {
				tune_type: 'lora_tune',
				base_checkpoint: { checkpoint_id: checkpoint.body.asset.id, engine: SD15, name: 'octoai:default-sd15' },
				files: fileIds.map((id) => ({ file_id: id })),
				steps: 500,
				trigger_words: ['sks dog'],
			},
		});
	});

	it('sends captions per item, seed, steps, resize and description, on the SDXL default checkpoint', async () => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({
				engine: SDXL,
				steps: 800,
				waitForCompletion: false,
				options: { ...FAST, caption: '={{ $json.caption }}', seed: 1234, resizeImages: false, description: 'My dog' },
			}),
			{ inputItems: await trainingItems(2) },
		);
		expect(result.error).toBeUndefined();
		// Not waiting: the tune as started, without a LoRA yet.
		expect(result.items[0].json).toMatchObject({ status: 'pending', lora: null, loraId: null, triggerWord: 'sks dog' });
		// No price is published for SDXL fine-tunes: no estimate, and the basis says why.
		expect(result.items[0].json).toMatchObject({ estimated_cost_usd: null, price_basis: expect.stringContaining('publishes no price') });
		const [tuneRequest] = requestsSince(env, before, { method: 'POST', path: /^\/v1\/tune$/ });
		const body = tuneRequest.body as { description: string; details: Record<string, unknown> };
		expect(body.description).toBe('My dog');
		expect(body.details).toMatchObject({
			base_checkpoint: { engine: SDXL, name: 'octoai:default-sdxl' },
			steps: 800,
			seed: 1234,
			resize_images: false,
			files: [
				{ file_id: expect.any(String), caption: 'a photo of a dog, pose 0' },
				{ file_id: expect.any(String), caption: 'a photo of a dog, pose 1' },
			],
		});
	});

	it('takes several binary fields per item', async () => {
		const item = await fileItem(await picture(128, 128), 'a.png', 'image/png', 'front');
		const side = await fileItem(await picture(128, 128, 'jpeg'), 'b.jpg', 'image/jpeg', 'side');
		item.binary!.side = side.binary!.side;
		const before = env.emulator.log.length;
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ binaryPropertyName: 'front, side', waitForCompletion: false }),
			{ inputItems: [item] },
		);
		expect(result.error).toBeUndefined();
		const creates = requestsSince(env, before, { method: 'POST', path: /^\/v1\/assets$/ });
		expect(creates.map((entry) => (entry.body as { data: { file_format: string } }).data.file_format)).toEqual(['png', 'jpg']);
	});

	it('refuses a non-image input before uploading anything', async () => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters(), {
			inputItems: [...(await trainingItems(1)), await fileItem(Buffer.from('plain text'), 'notes.txt', 'text/plain')],
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe('Input Binary Fields: binary field "data" of item 1 is not a PNG or JPEG image');
		expect(requestsSince(env, before)).toEqual([]);
	});

	it('refuses a base checkpoint of the other engine family', async () => {
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ engine: SD15, baseCheckpoint: locator('name', 'octoai:RealVisXL') }),
			{ inputItems: await trainingItems(1) },
		);
		expect(result.error!.message).toBe('Base Checkpoint: "octoai:RealVisXL" is built for SDXL, not SD 1.5');
		const notACheckpoint = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ baseCheckpoint: locator('name', 'octoai:add-detail') }),
			{ inputItems: await trainingItems(1) },
		);
		expect(notACheckpoint.error!.message).toBe('Base Checkpoint: "octoai:add-detail" is a lora, not a checkpoint');
	});

	it('a tune that fails ends the run with the API reason, naming the tune', async () => {
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters({ tuneName: uniqueName('fail') }), {
			inputItems: await trainingItems(2),
		});
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toMatch(/^Fine-tune "fail-[0-9a-f]{8}" \(tune_[^)]+\) failed: .+/);
	});

	it('a failed tune with Continue On Fail becomes one error item paired with every input item', async () => {
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ tuneName: uniqueName('fail') }),
			{ continueOnFail: true, inputItems: await trainingItems(2) },
		);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/failed/);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

/** The file assets a run uploaded (ids from its complete-upload calls) and the ids it deleted. */
function uploadsAndDeletes(target: typeof env, before: number) {
	const sent = requestsSince(target, before);
	return {
		uploaded: sent.filter((entry) => entry.path.endsWith('/complete-upload')).map((entry) => entry.path.split('/')[3]),
		deleted: sent.filter((entry) => entry.method === 'DELETE').map((entry) => entry.path.split('/')[3]),
		tunes: sent.filter((entry) => entry.method === 'POST' && entry.path === '/v1/tune').length,
	};
}

async function statusOf(target: typeof env, id: string): Promise<string> {
	return (await api<{ asset: { status: string } }>(target, 'GET', `/v1/assets/${id}`)).body.asset.status;
}

describe('Fine-Tuning: images uploaded for a tune that is never created are deleted again', () => {
	it('an image OctoAI rejects fails the run with its reason, and every uploaded image is deleted', async () => {
		const items = await trainingItems(3);
		// Whole in structure, scrambled pixels: the node's own checks pass, OctoAI's decoder does not.
		items[1] = await fileItem(damagedPng(await picture(256, 256, 'png')), 'dog-1.png', 'image/png');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters(), { inputItems: items });
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toMatch(/^OctoAI rejected the asset "dog-[0-9a-f]{8}-[0-9a-z]+-2": The uploaded file .+/);
		expect(result.error!.description).toMatch(/ The 3 training images uploaded for the tune were deleted again\.$/);
		expect(result.error!.description).not.toMatch(/stays/);
		const { uploaded, deleted, tunes } = uploadsAndDeletes(env, before);
		expect(uploaded).toHaveLength(3);
		expect(deleted.sort()).toEqual([...uploaded].sort());
		expect(tunes).toBe(0);
		for (const id of uploaded) expect(await statusOf(env, id)).toBe('deleted');
	});

	it('with Continue On Fail the error item gives the reason, and nothing is left in the library', async () => {
		const items = await trainingItems(2);
		items[0] = await fileItem(damagedPng(await picture(256, 256, 'png')), 'dog-0.png', 'image/png');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters(), { inputItems: items, continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/^OctoAI rejected the asset/);
		const { uploaded, deleted } = uploadsAndDeletes(env, before);
		expect(deleted.sort()).toEqual([...uploaded].sort());
		expect(uploaded).toHaveLength(2);
	});
});

describe('Fine-Tuning: uploaded images that are not ready in time', () => {
	let onRequest: ((entry: LoggedRequest) => void) | undefined;
	const late = useEmulator({ assetReadyMs: 30_000, onRequest: (entry) => onRequest?.(entry) });
	afterEach(() => {
		onRequest = undefined;
	});

	it('Upload Timeout ends the wait; the images are deleted, and no tune is created', async () => {
		const before = late.emulator.log.length;
		const result = await runPlatformNode(late, 'octoAiFineTuning', createParameters({ options: { pollInterval: 0.2, uploadTimeout: 2 } }), {
			inputItems: await trainingItems(2),
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toMatch(/^Asset "dog-[0-9a-f]{8}-[0-9a-z]+-1" \(asset_[^)]+\) was not ready within 2 s \(status: uploaded\)$/);
		expect(result.error!.description).toBe('Raise "Upload Timeout (Seconds)" in Options. The 2 training images uploaded for the tune were deleted again.');
		const { uploaded, deleted, tunes } = uploadsAndDeletes(late, before);
		expect(uploaded).toHaveLength(2);
		expect(deleted.sort()).toEqual([...uploaded].sort());
		expect(tunes).toBe(0);
	});

	it('Stop while waiting sends nothing more: the images stay', async () => {
		const controller = new AbortController();
		// Stop once the node asks for an uploaded image's status (its wait has begun).
		onRequest = (entry) => {
			if (entry.method === 'GET' && /^\/v1\/assets\/asset_/.test(entry.path)) controller.abort();
		};
		const before = late.emulator.log.length;
		const result = await runPlatformNode(late, 'octoAiFineTuning', createParameters({ options: { pollInterval: 0.2, uploadTimeout: 60 } }), {
			inputItems: await trainingItems(2),
			signal: controller.signal,
		});
		// n8n reports a stopped run as cancelled, without the node's error.
		expect(result.status).toBe('canceled');
		const { uploaded, deleted, tunes } = uploadsAndDeletes(late, before);
		expect(uploaded).toHaveLength(2);
		expect(deleted).toEqual([]);
		expect(tunes).toBe(0);
		for (const id of uploaded) expect(await statusOf(late, id)).toBe('uploaded');
	});
});

describe('Fine-Tuning: waiting has a deadline', () => {
	const slow = useEmulator({ assetReadyMs: 10, tuneStepMs: 120_000 });

	it('gives up after "Timeout (Minutes)" with an error naming the tune, which keeps training', async () => {
		const started = Date.now();
		const result = await runPlatformNode(
			slow,
			'octoAiFineTuning',
			createParameters({ timeoutMinutes: 0.02, options: { pollInterval: 0.25 } }),
			{ inputItems: await trainingItems(1) },
		);
		const elapsed = Date.now() - started;
		expect(result.status).toBe('error');
		expect(result.timedOut).toBe(false);
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		const match = /^Fine-tune "dog-[0-9a-f]{8}" \((tune_[^)]+)\) did not finish within 1\.2 s \(status: pending\)$/.exec(
			result.error!.message,
		);
		expect(match).not.toBeNull();
		expect(result.error!.description).toContain(match![1]);
		expect(elapsed).toBeLessThan(6000);
		// The tune is still there, and cancellable.
		const cancelled = await runPlatformNode(slow, 'octoAiFineTuning', { operation: 'cancel', tune: locator('id', match![1]) });
		expect(cancelled.items[0].json).toMatchObject({ id: match![1], status: 'cancelled' });
	});

	it('a tune cancelled elsewhere while the node waits ends the wait with a clear error', async () => {
		const running = runPlatformNode(slow, 'octoAiFineTuning', createParameters({ options: { pollInterval: 0.1 } }), {
			inputItems: await trainingItems(1),
		});
		const tune = await waitForTuneToExist(slow);
		expect((await api(slow, 'POST', `/v1/tune/${tune.id}/cancel`, undefined, slow.token)).status).toBe(200);
		const result = await running;
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toBe(`Fine-tune "${tune.name}" (${tune.id}) was cancelled: Cancelled on request`);
	});

	it("the editor's stop button ends the wait at once", async () => {
		const controller = new AbortController();
		const started = Date.now();
		const running = runPlatformNode(slow, 'octoAiFineTuning', createParameters({ options: { pollInterval: 30 } }), {
			inputItems: await trainingItems(1),
			signal: controller.signal,
		});
		await waitForTuneToExist(slow);
		controller.abort();
		const result = await running;
		expect(result.status).not.toBe('success');
		expect(Date.now() - started).toBeLessThan(5000);
	});
});

describe('Fine-Tuning: get, list, cancel, delete', () => {
	const steady = useEmulator({ assetReadyMs: 10, tuneStepMs: 60_000 });
	let tuneId: string;
	let tuneName: string;
	beforeAll(async () => {
		tuneName = uniqueName('cat');
		const started = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ tuneName, triggerWord: 'zwx cat', waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		tuneId = started.items[0].json.id as string;
	});

	it('gets a tune by ID', async () => {
		const result = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'get', tune: locator('id', tuneId) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: tuneId, name: tuneName, status: 'pending', lora: null, triggerWord: 'zwx cat' });
	});

	it('lists tunes with filters and Return All', async () => {
		const second = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ engine: SDXL, triggerWord: 'other', waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		expect(second.error).toBeUndefined();
		const all = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'list', returnAll: true });
		expect(all.items.map((item) => item.json.id)).toEqual(expect.arrayContaining([tuneId, second.items[0].json.id]));
		const before = steady.emulator.log.length;
		const filtered = await runPlatformNode(steady, 'octoAiFineTuning', {
			operation: 'list',
			returnAll: true,
			filters: { triggerWord: 'zwx cat', engine: SD15, name: tuneName },
		});
		expect(filtered.items.map((item) => item.json.id)).toEqual([tuneId]);
		const [sent] = requestsSince(steady, before, { method: 'GET' });
		expect(sent.path).toBe('/v1/tunes');
		expect(sent.query).toMatchObject({ trigger_words: 'zwx cat', engine: SD15, name: tuneName, offset: '0', limit: '100' });
		const limited = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'list', limit: 1 });
		expect(limited.items).toHaveLength(1);
	});

	it('the tune picker lists tunes with their status', async () => {
		const result = await listSearch(steady, 'octoAiFineTuning', 'searchTunes', {}, tuneName);
		expect(result.results).toEqual([{ name: `${tuneName} (pending)`, value: tuneId }]);
	});

	it('cancels a tune, then deletes it', async () => {
		const cancelled = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'cancel', tune: locator('list', tuneId) });
		expect(cancelled.error).toBeUndefined();
		expect(cancelled.items[0].json).toMatchObject({ id: tuneId, status: 'cancelled' });
		const deleted = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'delete', tune: locator('id', tuneId) });
		expect(deleted.error).toBeUndefined();
		expect(deleted.items[0].json).toMatchObject({ id: tuneId, deleted: true });
		const gone = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'get', tune: locator('id', tuneId) });
		expect(gone.error).toMatchObject({ httpCode: '404' });
	});

	it('with Continue On Fail, a get of an unknown tune gives an error item beside the found one', async () => {
		const other = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		const result = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			{ operation: 'get', tune: locator('id', '={{ $json.tune }}') },
			{ continueOnFail: true, inputItems: [{ json: { tune: 'tune_missing' } }, { json: { tune: other.items[0].json.id } }] },
		);
		expect(result.status).toBe('success');
		expect(result.items[0]).toMatchObject({ json: { error: expect.stringContaining('404') }, pairedItem: { item: 0 } });
		expect(result.items[1]).toMatchObject({ json: { id: other.items[0].json.id }, pairedItem: { item: 1 } });
	});

	it("another tenant's token neither sees nor cancels the tune", async () => {
		const otherToken = `tok-${randomUUID()}`;
		steady.emulator.addToken(otherToken);
		const other = { apiToken: otherToken };
		const list = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'list', returnAll: true }, { credentials: other });
		expect(list.items).toEqual([]);
		const started = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		const id = started.items[0].json.id as string;
		const get = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'get', tune: locator('id', id) }, { credentials: other });
		expect(get.error).toMatchObject({ httpCode: '404' });
		const cancel = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'cancel', tune: locator('id', id) }, { credentials: other });
		expect(cancel.error).toMatchObject({ httpCode: '404' });
	});
});

describe('Fine-Tuning: the base checkpoint picker', () => {
	it('lists the ready checkpoints of the chosen engine, the default among them', async () => {
		const sd15 = await listSearch(env, 'octoAiFineTuning', 'searchBaseCheckpoints', { engine: SD15 });
		const names = sd15.results.map((entry) => entry.value);
		expect(names).toContain('octoai:default-sd15');
		expect(names).not.toContain('octoai:default-sdxl');
		const sdxl = await listSearch(env, 'octoAiFineTuning', 'searchBaseCheckpoints', { engine: SDXL }, 'default');
		expect(sdxl.results.map((entry) => entry.value)).toEqual(['octoai:default-sdxl']);
	});
});

describe('Fine-Tuning: a LoRA trained in one workflow is used by the next node', () => {
	it('Start (images) -> Fine-Tuning (create and wait) -> SD 1.5 with the new LoRA', async () => {
		const result = await runChain(
			env,
			[
				{ name: 'Train', type: 'octoAiFineTuning', parameters: createParameters({ triggerWord: 'sks dog' }) },
				{
					name: 'Generate',
					type: 'octoAiSd15',
					parameters: {
						prompt: '={{ "a photo of " + $json.triggerWord + " on the beach" }}',
						loras: { entries: [{ name: locator('name', '={{ $json.lora }}'), weight: 0.8 }] },
						options: { seed: '7' },
					},
				},
			],
			{ inputItems: await trainingItems(2) },
		);
		expect(result.error).toBeUndefined();
		expect(result.nodeOrder).toEqual(['Start', 'Train', 'Generate']);
		const [trained] = result.outputs('Train');
		const [image] = result.outputs('Generate');
		expect(image.pairedItem).toEqual({ item: 0 });
		expect(await decode(result, image)).toMatchObject({ format: 'png', width: 512, height: 512 });
		const generation = env.generateRequests().at(-1)!;
		expect(generation.status).toBe(200);
		expect(generation.body).toMatchObject({ prompt: 'a photo of sks dog on the beach', loras: { [trained.json.lora as string]: 0.8 } });
	});
});
