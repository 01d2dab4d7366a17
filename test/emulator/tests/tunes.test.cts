// Fine-tuning: create a lora_tune from file assets, watch it run, use its LoRA; failures, cancel,
// list filters, delete, and the request rules.
import { startEmulator, type Emulator } from '../index.cts';
import { call, generate, makeImage, safetensors, uploadAsset, waitFor } from '../test-helpers.cts';

// Each phase lasts STEP: long enough that a poll or a cancel sent in the running phase still lands in
// it when a busy machine stalls this process for a few hundred ms.
const STEP = 600;
let emulator: Emulator;
let photos: string[];
let textFile: string;
let rejectedPhoto: string;
beforeAll(async () => {
	emulator = await startEmulator({ assetReadyMs: 0, tuneStepMs: STEP });
	photos = [];
	for (const colour of [[200, 40, 40], [40, 200, 40]] as const) {
		const png = Buffer.from(await makeImage(32, 32, () => [...colour]), 'base64');
		photos.push((await uploadAsset(emulator, { name: `photo-${colour[0]}`, asset_type: 'file', data: { asset_type: 'file', file_format: 'png' } }, png)).id);
	}
	textFile = (await uploadAsset(emulator, { name: 'notes', asset_type: 'file', data: { asset_type: 'file', file_format: 'txt' } }, Buffer.from('captions'))).id;
	rejectedPhoto = (await uploadAsset(emulator, { name: 'fake-photo', asset_type: 'file', data: { asset_type: 'file', file_format: 'png' } }, Buffer.from('not a png'))).id;
});
afterAll(() => emulator.close());

const SDXL = 'image/stable-diffusion-xl-v1-0';
const tuneBody = (name: string, details: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
	name,
	details: {
		tune_type: 'lora_tune',
		base_checkpoint: { checkpoint_id: 'octoai:default-sdxl' },
		files: photos.map((file_id) => ({ file_id })),
		steps: 500,
		trigger_words: ['zkstyle'],
		...details,
	},
	...extra,
});
const createTune = (body: unknown, token?: string) => call(emulator, 'POST', '/v1/tune', { body, token });
const getTune = (id: string) => call(emulator, 'GET', `/v1/tune/${id}`);
const finished = (id: string) => waitFor(() => getTune(id), (r) => !['pending', 'running'].includes(r.json.status));

describe('a tune that succeeds', () => {
	test('pending -> running -> succeeded; its LoRA is in the library and usable at once', async () => {
		const created = await createTune({ ...tuneBody('My Watercolors'), description: 'two photos' });
		expect(created.status).toBe(200);
		const tune = created.json;
		expect(tune).toMatchObject({
			name: 'My Watercolors',
			description: 'two photos',
			tune_type: 'lora_tune',
			status: 'pending',
			status_details: '',
			output_lora_ids: [],
			details: {
				tune_type: 'lora_tune',
				base_checkpoint: { checkpoint_id: 'octoai:default-sdxl', engine: SDXL, name: 'octoai:default-sdxl' },
				files: photos.map((file_id) => ({ file_id })),
				steps: 500,
				trigger_words: ['zkstyle'],
			},
			result: { number_of_available_assets: 2, output_assets: [], rejected_assets: [], unready_assets: [] },
		});
		expect(tune.id).toMatch(/^tune_01H[0-9A-Z]{23}$/);
		expect(tune.created_at).toBe(tune.updated_at);
		const owner = (await call(emulator, 'GET', `/v1/assets/${photos[0]}`)).json.asset.tenant_uuid;
		expect(tune.tenant_id).toBe(owner);

		const seen = new Set<string>();
		const done = await waitFor(
			() => getTune(tune.id),
			(r) => {
				seen.add(r.json.status);
				return r.json.status === 'succeeded';
			},
		);
		expect([...seen]).toEqual(expect.arrayContaining(['running', 'succeeded']));
		const loraId = done.json.output_lora_ids[0];
		expect(done.json).toMatchObject({ output_lora_ids: [loraId], result: { output_assets: [loraId] }, status_details: '' });
		expect(Date.parse(done.json.succeeded_at) - Date.parse(tune.created_at)).toBeGreaterThanOrEqual(2 * STEP);
		expect(done.json.updated_at).toBe(done.json.succeeded_at);

		// No waiting: the LoRA is ready as soon as the tune says succeeded.
		const lora = (await call(emulator, 'GET', `/v1/assets/${loraId}`)).json.asset;
		expect(lora).toMatchObject({
			name: 'My-Watercolors',
			asset_type: 'lora',
			status: 'ready',
			is_public: false,
			tenant_uuid: owner,
			data: { asset_type: 'lora', engine: SDXL, checkpoint: 'octoai:default-sdxl', trigger_words: ['zkstyle'], file_format: 'safetensors' },
		});
		expect(lora.created_at).toBe(done.json.succeeded_at);
		const image = await generate(emulator, 'sdxl', { prompt: 'a zkstyle house', loras: { 'My-Watercolors': 0.9 } });
		expect(image.status).toBe(200);
	});

	test('the LoRA appears even if nobody polls the tune; a taken name gets a suffix; SD 1.5 base gives an SD 1.5 LoRA', async () => {
		const first = (await createTune(tuneBody('twin'))).json;
		const second = (await createTune(tuneBody('twin', { base_checkpoint: { checkpoint_id: 'octoai:default-sd15' } }))).json;
		await new Promise((resolve) => setTimeout(resolve, 2 * STEP + 50));
		const page = (await call(emulator, 'GET', '/v1/assets?name=twin')).json;
		expect(page.data).toEqual([expect.objectContaining({ name: 'twin', data: expect.objectContaining({ engine: SDXL }) })]);
		const suffixed = (await call(emulator, 'GET', '/v1/assets/twin-2')).json.asset;
		expect(suffixed.data.engine).toBe('image/stable-diffusion-v1-5');
		expect((await getTune(second.id)).json.output_lora_ids).toEqual([suffixed.id]);
		expect((await getTune(first.id)).json.output_lora_ids).toEqual([page.data[0].id]);
		expect((await generate(emulator, 'sd', { prompt: 'x', width: 512, height: 512, loras: { 'twin-2': 1 } })).status).toBe(200);
	});

	test('a base checkpoint by asset id, with its engine stated', async () => {
		const res = await createTune(tuneBody('by-id', { base_checkpoint: { checkpoint_id: 'asset_01HPUB00000000000000000011', engine: SDXL } }));
		expect(res.status).toBe(200);
		expect(res.json.details.base_checkpoint).toEqual({ checkpoint_id: 'asset_01HPUB00000000000000000011', engine: SDXL, name: 'octoai:default-sdxl' });
	});
});

describe('tunes that fail', () => {
	test('a name containing "fail" runs, then fails with the reason and no LoRA', async () => {
		const tune = (await createTune(tuneBody('will-FAIL-please'))).json;
		const done = await finished(tune.id);
		expect(done.json).toMatchObject({ status: 'failed', output_lora_ids: [], result: { output_assets: [] } });
		expect(done.json.status_details).toBe('Training failed (the emulator fails every tune whose name contains "fail")');
		expect(done.json.succeeded_at).toBeUndefined();
		expect((await call(emulator, 'GET', '/v1/assets?name=will-FAIL-please')).json.total).toBe(0);
	});

	test('a rejected or non-image file fails the tune at start, naming each file', async () => {
		const tune = (await createTune(tuneBody('bad-files', { files: [{ file_id: photos[0] }, { file_id: textFile }, { file_id: rejectedPhoto }] }))).json;
		expect(tune.result).toMatchObject({ number_of_available_assets: 1, rejected_assets: [textFile, rejectedPhoto] });
		const done = await finished(tune.id);
		expect(done.json.status).toBe('failed');
		expect(done.json.status_details).toBe(
			`Files not usable for training: ${textFile} (not an image); ${rejectedPhoto} (rejected: The uploaded file is not a decodable PNG, JPEG or WebP image.). Set continue_on_rejection to train on the others.`,
		);
	});

	test('continue_on_rejection trains on the usable files, and fails when there is none', async () => {
		const kept = (await createTune(tuneBody('skip-bad', { files: [{ file_id: photos[1], caption: 'green' }, { file_id: textFile }] }, { continue_on_rejection: true }))).json;
		const done = await finished(kept.id);
		expect(done.json.status).toBe('succeeded');
		expect(done.json.result).toMatchObject({ number_of_available_assets: 1, rejected_assets: [textFile], output_assets: [expect.any(String)] });

		const none = (await createTune(tuneBody('no-images', { files: [{ file_id: textFile }] }, { continue_on_rejection: true }))).json;
		const failed = await finished(none.id);
		expect(failed.json).toMatchObject({ status: 'failed', status_details: expect.stringMatching(/^No usable image among the files: /) });
	});
});

describe('cancel and delete', () => {
	test('a pending tune can be cancelled; it never produces a LoRA; cancelling again is a 409', async () => {
		const tune = (await createTune(tuneBody('stop-me'))).json;
		const res = await call(emulator, 'POST', `/v1/tune/${tune.id}/cancel`);
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ id: tune.id, status: 'cancelled', status_details: 'Cancelled on request' });
		await new Promise((resolve) => setTimeout(resolve, 2 * STEP + 50));
		expect((await getTune(tune.id)).json).toMatchObject({ status: 'cancelled', output_lora_ids: [] });
		expect((await call(emulator, 'GET', '/v1/assets?name=stop-me')).json.total).toBe(0);
		const again = await call(emulator, 'POST', `/v1/tune/${tune.id}/cancel`);
		expect([again.status, again.json.detail]).toEqual([409, `Tune ${tune.id} has already cancelled; only pending or running tunes can be cancelled`]);
	});

	test('a running tune can be cancelled; a finished one cannot', async () => {
		const tune = (await createTune(tuneBody('mid-run'))).json;
		await waitFor(() => getTune(tune.id), (r) => r.json.status === 'running');
		expect((await call(emulator, 'POST', `/v1/tune/${tune.id}/cancel`)).json.status).toBe('cancelled');
		const other = (await createTune(tuneBody('too-late'))).json;
		await finished(other.id);
		const res = await call(emulator, 'POST', `/v1/tune/${other.id}/cancel`);
		expect([res.status, res.json.detail]).toEqual([409, `Tune ${other.id} has already succeeded; only pending or running tunes can be cancelled`]);
	});

	test('delete answers {}; the tune is gone, its LoRA stays', async () => {
		const tune = (await createTune(tuneBody('short-tune'))).json;
		const done = await finished(tune.id);
		const res = await call(emulator, 'DELETE', `/v1/tune/${tune.id}`);
		expect([res.status, res.json]).toEqual([200, {}]);
		expect((await getTune(tune.id)).status).toBe(404);
		expect((await call(emulator, 'DELETE', `/v1/tune/${tune.id}`)).status).toBe(404);
		expect((await call(emulator, 'GET', '/v1/tunes?name=short-tune')).json.total).toBe(0);
		expect((await call(emulator, 'GET', `/v1/assets/${done.json.output_lora_ids[0]}`)).json.asset.status).toBe('ready');
	});

	test('unknown ids are 404 everywhere', async () => {
		for (const [method, path] of [['GET', '/v1/tune/tune_01HNOPE'], ['POST', '/v1/tune/tune_01HNOPE/cancel'], ['DELETE', '/v1/tune/tune_01HNOPE']]) {
			const res = await call(emulator, method, path);
			expect([method, res.status, res.json.detail]).toEqual([method, 404, 'Tune tune_01HNOPE not found']);
		}
	});
});

describe('list', () => {
	let listing: Emulator;
	const list = async (query: string) => (await call(listing, 'GET', `/v1/tunes${query}`)).json;
	const names = (page: { data: Array<{ name: string }> }) => page.data.map((t) => t.name);
	beforeAll(async () => {
		listing = await startEmulator({ assetReadyMs: 0, tuneStepMs: 0 });
		const png = Buffer.from(await makeImage(16, 16, () => [1, 2, 3]), 'base64');
		const photo = (await uploadAsset(listing, { name: 'p', asset_type: 'file', data: { asset_type: 'file' } }, png)).id;
		const make = (name: string, checkpoint: string, word: string) =>
			call(listing, 'POST', '/v1/tune', { body: { name, details: { tune_type: 'lora_tune', base_checkpoint: { checkpoint_id: checkpoint }, files: [{ file_id: photo }], steps: 10, trigger_words: [word] } } });
		await make('one', 'octoai:default-sdxl', 'w1');
		await make('two', 'octoai:default-sd15', 'w2');
		await make('three', 'asset_01HPUB00000000000000000002', 'w1');
	});
	afterAll(() => listing.close());

	test('oldest first, {data, has_more, total}, limit and offset', async () => {
		expect(names(await list(''))).toEqual(['one', 'two', 'three']);
		expect(await list('?limit=2')).toMatchObject({ total: 3, has_more: true });
		expect(names(await list('?limit=2&offset=2'))).toEqual(['three']);
		expect((await list('?limit=2&offset=2')).has_more).toBe(false);
	});

	test('filters: name, tune_type, base_checkpoint_id (as given or the asset id), trigger_words, engine', async () => {
		expect(names(await list('?name=two'))).toEqual(['two']);
		expect((await list('?tune_type=lora_tune')).total).toBe(3);
		expect((await list('?tune_type=text_to_speech_latent_tune')).total).toBe(0);
		expect(names(await list('?base_checkpoint_id=octoai:default-sd15'))).toEqual(['two']);
		expect(names(await list('?base_checkpoint_id=asset_01HPUB00000000000000000011'))).toEqual(['one']);
		expect(names(await list('?trigger_words=w1'))).toEqual(['one', 'three']);
		expect(names(await list('?trigger_words=w2&trigger_words=w9'))).toEqual(['two']);
		expect(names(await list('?engine=image/stable-diffusion-xl-v1-0'))).toEqual(['one', 'three']);
	});

	test.each([
		['?limit=0', ['query', 'limit']],
		['?offset=x', ['query', 'offset']],
		['?tune_type=lora', ['query', 'tune_type']],
		['?engine=image/flux-dev', ['query', 'engine']],
	])('%s is a 422', async (query, loc) => {
		const res = await call(listing, 'GET', `/v1/tunes${query}`);
		expect(res.status).toBe(422);
		expect(res.json.detail[0].loc).toEqual(loc);
	});
});

describe('request rules (422)', () => {
	let fluxCheckpoint: string;
	let pendingFile: string;
	beforeAll(async () => {
		fluxCheckpoint = (await uploadAsset(emulator, { name: 'flux-ckpt', asset_type: 'checkpoint', data: { asset_type: 'checkpoint', engine: 'image/flux-dev' } }, safetensors())).id;
		pendingFile = (await call(emulator, 'POST', '/v1/assets', { body: { description: null, name: 'never-uploaded', asset_type: 'file', data: { asset_type: 'file' } } })).json.asset.id;
	});

	const d = ['body', 'details'];
	test.each([
		['name missing', () => ({ details: tuneBody('x').details }), ['body', 'name'], 'missing', undefined],
		['details missing', () => ({ name: 'x' }), [...d], 'missing', undefined],
		['another tune type', () => ({ name: 'x', details: { tune_type: 'text_to_speech_latent_tune', asset_ids: [] } }), [...d], 'union_tag_invalid', /expected tags: 'lora_tune'/],
		['steps 0', () => tuneBody('x', { steps: 0 }), [...d, 'steps'], 'greater_than', undefined],
		['steps not an integer', () => tuneBody('x', { steps: 10.5 }), [...d, 'steps'], 'int_from_float', undefined],
		['two trigger words', () => tuneBody('x', { trigger_words: ['a', 'b'] }), [...d, 'trigger_words'], 'too_long', undefined],
		['no trigger word', () => tuneBody('x', { trigger_words: [] }), [...d, 'trigger_words'], 'too_short', undefined],
		['no files', () => tuneBody('x', { files: [] }), [...d, 'files'], 'too_short', undefined],
		['a file without file_id', () => tuneBody('x', { files: [{ caption: 'c' }] }), [...d, 'files', 0, 'file_id'], 'missing', undefined],
		['an unknown key', () => tuneBody('x', { learning_rate: 1 }), [...d, 'learning_rate'], 'extra_forbidden', undefined],
		['an unknown checkpoint', () => tuneBody('x', { base_checkpoint: { checkpoint_id: 'octoai:nope' } }), [...d, 'base_checkpoint', 'checkpoint_id'], 'value_error', /checkpoint 'octoai:nope' is unknown/],
		['a LoRA as checkpoint', () => tuneBody('x', { base_checkpoint: { checkpoint_id: 'octoai:crayon-style' } }), [...d, 'base_checkpoint', 'checkpoint_id'], 'value_error', /is a lora asset, not a checkpoint/],
		['a FLUX checkpoint', () => tuneBody('x', { base_checkpoint: { checkpoint_id: fluxCheckpoint } }), [...d, 'base_checkpoint', 'checkpoint_id'], 'value_error', /tuned on SD 1.5 or SDXL checkpoints; '.+' is built for FLUX dev/],
		['an engine that is not the checkpoint’s', () => tuneBody('x', { base_checkpoint: { checkpoint_id: 'octoai:default-sd15', engine: SDXL } }), [...d, 'base_checkpoint', 'engine'], 'value_error', /is built for image\/stable-diffusion-v1-5, not image\/stable-diffusion-xl-v1-0/],
		['a fine-tuning engine outside its enum', () => tuneBody('x', { base_checkpoint: { checkpoint_id: 'octoai:default-sd15', engine: 'image/flux-dev' } }), [...d, 'base_checkpoint', 'engine'], 'enum', undefined],
		['an unknown file', () => tuneBody('x', { files: [{ file_id: 'asset_01HNOPE' }] }), [...d, 'files', 0, 'file_id'], 'value_error', /file asset 'asset_01HNOPE' is unknown/],
		['a public LoRA as file', () => tuneBody('x', { files: [{ file_id: 'asset_01HPUB00000000000000000006' }] }), [...d, 'files', 0, 'file_id'], 'value_error', /is unknown/],
		['a private non-file asset', () => tuneBody('x', { files: [{ file_id: fluxCheckpoint }] }), [...d, 'files', 0, 'file_id'], 'value_error', /is a checkpoint asset, not a file asset/],
		['a file never uploaded', () => tuneBody('x', { files: [{ file_id: photos[0] }, { file_id: pendingFile }] }), [...d, 'files', 1, 'file_id'], 'value_error', /has no completed upload \(status ready_to_upload\)/],
	])('%s', async (_rule, body, loc, type, msg) => {
		const res = await createTune(body());
		expect(res.status).toBe(422);
		const match = res.json.detail.find((e: { loc: unknown[] }) => JSON.stringify(e.loc) === JSON.stringify(loc));
		expect({ found: match, all: res.json.detail }).toMatchObject({ found: { type } });
		if (msg) expect(match.msg).toMatch(msg);
	});
});

test('a file whose upload verdict is still pending holds the tune in pending, listed as unready', async () => {
	const slow = await startEmulator({ assetReadyMs: 1500, tuneStepMs: 20 });
	try {
		const png = Buffer.from(await makeImage(16, 16, () => [5, 5, 5]), 'base64');
		const { id } = await uploadAsset(slow, { name: 'slow-photo', asset_type: 'file', data: { asset_type: 'file' } }, png);
		const body = { name: 'waits', details: { tune_type: 'lora_tune', base_checkpoint: { checkpoint_id: 'octoai:default-sd15' }, files: [{ file_id: id }], steps: 5, trigger_words: ['w'] } };
		const tune = (await call(slow, 'POST', '/v1/tune', { body })).json;
		await new Promise((resolve) => setTimeout(resolve, 100));
		const mid = (await call(slow, 'GET', `/v1/tune/${tune.id}`)).json;
		expect(mid).toMatchObject({ status: 'pending', result: { unready_assets: [id] } });
		const done = await waitFor(() => call(slow, 'GET', `/v1/tune/${tune.id}`), (r) => r.json.status === 'succeeded');
		expect(done.json.result.unready_assets).toEqual([]);
	} finally {
		await slow.close();
	}
});
