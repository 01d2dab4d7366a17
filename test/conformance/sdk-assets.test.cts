// The official @octoai/sdk asset-library and fine-tuning calls against the emulator, and every body
// on the wire (requests the SDK sent, answers the emulator gave) strictly parsed with the SDK's own
// schemas. The SDK's `upload()` helper needs STS and S3, which cannot exist here; its lower-level
// calls plus a plain PUT to the presigned URL are the same flow the older client used.
import { OctoAI, OctoAIClient, OctoAIError } from '@octoai/sdk';
import { assetLibrary, fineTuning } from '@octoai/sdk/serialization';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import { call, makeImage, safetensors, waitFor } from '../emulator/test-helpers.cts';
import { expectParses } from './sdk-schema.cts';

const TOKEN = 'sdk-assets';
let emulator: Emulator;
let client: OctoAIClient;
beforeAll(async () => {
	// A tune ends 2 steps after it is created; 500 ms steps leave the cancel test room on a busy machine
	// (with 40 ms, a cancel that arrived 80 ms late found the tune already succeeded).
	emulator = await startEmulator({ tokens: [TOKEN], assetReadyMs: 20, tuneStepMs: 500 });
	client = new OctoAIClient({ apiKey: TOKEN, environment: { default: emulator.url, imageGen: emulator.url, textGen: emulator.url } });
});
afterAll(() => emulator.close());

const SDXL = 'image/stable-diffusion-xl-v1-0';

/** create -> PUT (no token) -> completeUpload -> get until ready, all but the PUT through the SDK. */
async function sdkUpload(request: OctoAI.assetLibrary.CreateAssetRequest, bytes: Buffer): Promise<OctoAI.assetLibrary.Asset> {
	// The service's export requires description (nullable); the SDK leaves an unset one out.
	const created = await client.assetLibrary.create({ description: 'uploaded through the SDK', ...request, transferApiType: 'presigned-url' });
	expect(created.asset.status).toBe('ready_to_upload');
	const transfer = created.transferApi as OctoAI.assetLibrary.CreateAssetResponseTransferApi.PresignedUrl;
	expect(transfer.type).toBe('presigned-url');
	const put = await fetch(transfer.putUrl, { method: 'PUT', body: new Uint8Array(bytes) });
	expect(put.status).toBe(200);
	expect(await client.assetLibrary.completeUpload(created.asset.id)).toEqual({});
	const ready = await waitFor(() => client.assetLibrary.get(created.asset.id), (r) => r.asset.status !== 'uploaded');
	return ready.asset;
}

describe('asset library through the SDK', () => {
	test('create, PUT to put_url, completeUpload, get, list, get by owner:name, delete', async () => {
		const asset = await sdkUpload(
			{ name: 'sdk-lora', assetType: 'lora', description: 'via SDK', data: { assetType: 'lora', engine: SDXL, fileFormat: 'safetensors', triggerWords: ['sdkstyle'] } },
			safetensors(),
		);
		expect(asset).toMatchObject({ name: 'sdk-lora', status: 'ready', isPublic: false, data: { assetType: 'lora', triggerWords: ['sdkstyle'] } });

		const page = await client.assetLibrary.list({ isPublic: false, assetType: ['lora'], limit: 10 });
		expect(page).toMatchObject({ total: 1, hasMore: false });
		expect(page.data[0].id).toBe(asset.id);

		const owner = `tenant-${asset.tenantUuid.slice(0, 8)}`;
		const byName = await client.assetLibrary.get(`${owner}:sdk-lora`);
		expect(byName.asset.id).toBe(asset.id);
		expect(emulator.log.at(-1)!.path).toBe(`/v1/assets/${owner}%3Asdk-lora`);
		expect((await client.assetLibrary.get('octoai:RealVisXL')).transferApi).toEqual({ type: 'none' });

		const deleted = await client.assetLibrary.delete(asset.id);
		expect(deleted.id).toBe(asset.id);
		expect(typeof deleted.deletedAt).toBe('string');
		expect((await client.assetLibrary.get(asset.id)).asset.status).toBe('deleted');
	});

	test('the PUT carried no bearer token; every SDK request did', async () => {
		const uploads = emulator.log.filter((e) => e.path.startsWith('/_uploads/'));
		expect(uploads.length).toBeGreaterThan(0);
		for (const e of uploads) expect([e.headers.authorization, e.warnings]).toEqual([undefined, undefined]);
		for (const e of emulator.log.filter((x) => x.path.startsWith('/v1/'))) expect(e.token).toBe(TOKEN);
	});

	test('a rejected upload is visible through the SDK with its reason', async () => {
		const asset = await sdkUpload({ name: 'sdk-bad', assetType: 'checkpoint', data: { assetType: 'checkpoint', engine: SDXL, fileFormat: 'safetensors' } }, Buffer.from('nope'));
		expect(asset.status).toBe('rejected');
		expect(asset.statusDetails).toMatch(/not a safetensors file/);
	});

	test('a 422 from create is the SDK typed error; a duplicate name is an OctoAIError 409', async () => {
		const invalid = await client.assetLibrary.create({ description: 'SDK test', name: 'bad name!', assetType: 'file', data: { assetType: 'file' } }).catch((e) => e);
		expect(invalid).toBeInstanceOf(OctoAI.assetLibrary.UnprocessableEntityError);
		expect(invalid.body.detail[0]).toMatchObject({ loc: ['body', 'name'], type: 'string_pattern_mismatch' });
		await client.assetLibrary.create({ description: 'SDK test', name: 'twice', assetType: 'file', data: { assetType: 'file' } });
		const dupe = await client.assetLibrary.create({ description: 'SDK test', name: 'twice', assetType: 'file', data: { assetType: 'file' } }, { maxRetries: 0 }).catch((e) => e);
		expect(dupe).toBeInstanceOf(OctoAIError);
		expect(dupe.statusCode).toBe(409);
	});
});

describe('fine-tuning through the SDK', () => {
	let photo: OctoAI.assetLibrary.Asset;
	beforeAll(async () => {
		const png = Buffer.from(await makeImage(32, 32, (x, y) => [x * 8, y * 8, 90]), 'base64');
		photo = await sdkUpload({ name: 'sdk-photo', assetType: 'file', data: { assetType: 'file', fileFormat: 'png' } }, png);
	});

	const createTune = (name: string) =>
		client.fineTuning.create({
			name,
			description: 'SDK tune',
			details: { tuneType: 'lora_tune', baseCheckpoint: { checkpointId: 'octoai:default-sdxl' }, files: [{ fileId: photo.id, caption: 'a sdktok photo' }], steps: 100, triggerWords: ['sdktok'], seed: 3, resizeImages: true },
		});

	test('create, get until succeeded, list, the LoRA in generation, delete', async () => {
		const tune = await createTune('sdk-tune');
		expect(tune).toMatchObject({ name: 'sdk-tune', status: 'pending', tuneType: 'lora_tune' });
		expect(tune.createdAt).toBeInstanceOf(Date);
		const done = await waitFor(() => client.fineTuning.get(tune.id), (t) => t.status === 'succeeded' || t.status === 'failed');
		expect(done.status).toBe('succeeded');
		expect(done.succeededAt).toBeInstanceOf(Date);
		expect(done.outputLoraIds).toHaveLength(1);

		const listed = await client.fineTuning.list({ triggerWords: ['sdktok'], engine: SDXL, limit: 5 });
		expect(listed.total).toBe(1);
		expect(listed.data[0].id).toBe(tune.id);

		const lora = await client.assetLibrary.get(done.outputLoraIds[0]);
		const image = await client.imageGen.generateSdxl({ prompt: 'a sdktok cat', loras: { [lora.asset.name]: 0.8 } });
		expect(image.images).toHaveLength(1);

		expect(await client.fineTuning.delete(tune.id)).toEqual({});
		expect((await client.fineTuning.list({ name: 'sdk-tune' })).total).toBe(0);
	});

	test('cancel', async () => {
		const tune = await createTune('sdk-cancel');
		const cancelled = await client.fineTuning.cancel(tune.id);
		expect(cancelled.status).toBe('cancelled');
		const logged = emulator.log.at(-1)!;
		expect([logged.method, logged.body, logged.headers['content-type']]).toEqual(['POST', null, undefined]);
	});
});

describe('every body on the wire parses with the SDK schemas', () => {
	test('requests the SDK sent', async () => {
		const sent = (path: RegExp) => emulator.log.filter((e) => e.method === 'POST' && path.test(e.path)).map((e) => e.body);
		const creates = sent(/^\/v1\/assets$/);
		expect(creates.length).toBeGreaterThanOrEqual(4);
		for (const body of creates) await expectParses(assetLibrary.CreateAssetRequest, body, 'a create-asset request');
		for (const body of sent(/complete-upload$/)) await expectParses(assetLibrary.CompleteAssetUploadRequest, body, 'a complete-upload request');
		const tunes = sent(/^\/v1\/tune$/);
		expect(tunes).toHaveLength(2);
		for (const body of tunes) await expectParses(fineTuning.CreateTuneRequest, body, 'a create-tune request');
	});

	test('answers of every endpoint, in each state they can be in', async () => {
		const png = Buffer.from(await makeImage(16, 16, () => [3, 3, 3]), 'base64');
		const get = async (path: string) => (await call(emulator, 'GET', path, { token: TOKEN })).json;
		const created = await call(emulator, 'POST', '/v1/assets', { token: TOKEN, body: { description: null, name: 'raw-file', asset_type: 'file', data: { asset_type: 'file', file_format: 'png' } } });
		await expectParses(assetLibrary.CreateAssetResponse, created.json, 'CreateAssetResponse (presigned-url)');
		for (const transfer of ['sts', 'gcp-oauth']) {
			const res = await call(emulator, 'POST', '/v1/assets', { token: TOKEN, body: { description: null, name: `raw-${transfer}`, asset_type: 'vae', data: { asset_type: 'vae', engine: SDXL }, transfer_api_type: transfer } });
			await expectParses(assetLibrary.CreateAssetResponse, res.json, `CreateAssetResponse (${transfer})`);
		}
		const fromUrl = await call(emulator, 'POST', '/v1/assets', { token: TOKEN, body: { description: null, name: 'raw-url', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL }, url: 'http://example.com/x' } });
		await expectParses(assetLibrary.CreateAssetResponse, fromUrl.json, 'CreateAssetResponse (url)');

		const id = created.json.asset.id;
		await fetch(created.json.transfer_api.put_url, { method: 'PUT', body: new Uint8Array(png) });
		const complete = await call(emulator, 'POST', `/v1/assets/${id}/complete-upload`, { token: TOKEN });
		await expectParses(assetLibrary.CompleteAssetUploadResponse, complete.json, 'CompleteAssetUploadResponse');
		await expectParses(assetLibrary.RetrieveAssetResponse, await get(`/v1/assets/${id}`), 'RetrieveAssetResponse (uploaded)');
		await waitFor(() => get(`/v1/assets/${id}`), (r) => r.asset.status === 'ready');
		await expectParses(assetLibrary.RetrieveAssetResponse, await get(`/v1/assets/octoai%3ANegativeXL`), 'RetrieveAssetResponse (public)');
		await expectParses(assetLibrary.ListAssetsResponse, await get('/v1/assets'), 'ListAssetsResponse');

		const tuneBody = { name: 'raw-tune', details: { tune_type: 'lora_tune', base_checkpoint: { checkpoint_id: 'octoai:default-sd15' }, files: [{ file_id: id }], steps: 5, trigger_words: ['w'] } };
		const tune = (await call(emulator, 'POST', '/v1/tune', { token: TOKEN, body: tuneBody })).json;
		await expectParses(fineTuning.Tune, tune, 'Tune (pending)');
		const failing = (await call(emulator, 'POST', '/v1/tune', { token: TOKEN, body: { ...tuneBody, name: 'raw-fail' } })).json;
		const cancelled = (await call(emulator, 'POST', `/v1/tune/${tune.id}/cancel`, { token: TOKEN })).json;
		await expectParses(fineTuning.Tune, cancelled, 'Tune (cancelled)');
		await waitFor(() => get(`/v1/tune/${failing.id}`), (t) => t.status === 'failed');
		await expectParses(fineTuning.ListTunesResponse, await get('/v1/tunes'), 'ListTunesResponse');

		const deleted = await call(emulator, 'DELETE', `/v1/assets/${id}`, { token: TOKEN });
		await expectParses(assetLibrary.DeleteAssetResponse, deleted.json, 'DeleteAssetResponse');
		const invalid = await call(emulator, 'POST', '/v1/assets', { token: TOKEN, body: { description: null, name: '' } });
		await expectParses(assetLibrary.HttpValidationError, invalid.json, 'HttpValidationError (assets)');
		await expectParses(fineTuning.HttpValidationError, (await call(emulator, 'POST', '/v1/tune', { token: TOKEN, body: {} })).json, 'HttpValidationError (tunes)');
	});
});
