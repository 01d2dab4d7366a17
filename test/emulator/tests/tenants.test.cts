// Every token is its own tenant unless the `tenants` option groups tokens; one tenant never sees or
// uses another's private assets or tunes.
import { startEmulator, type Emulator } from '../index.cts';
import { call, generate, makeImage, safetensors, settledAsset, uploadAsset } from '../test-helpers.cts';

let emulator: Emulator;
let aliceLora: string;
let alicePhoto: string;
beforeAll(async () => {
	emulator = await startEmulator({ tokens: ['alice', 'bob', 'team-1', 'team-2'], tenants: { 'team-1': 'studio', 'team-2': 'studio' }, assetReadyMs: 0, tuneStepMs: 0 });
	aliceLora = (await uploadAsset(emulator, { name: 'secret-style', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL } }, safetensors(), 'alice')).id;
	const png = Buffer.from(await makeImage(16, 16, () => [9, 9, 9]), 'base64');
	alicePhoto = (await uploadAsset(emulator, { name: 'alice-photo', asset_type: 'file', data: { asset_type: 'file' } }, png, 'alice')).id;
	await settledAsset(emulator, 'secret-style', 'alice');
});
afterAll(() => emulator.close());

const SDXL = 'image/stable-diffusion-xl-v1-0';
const as = (token: string) => ({ token });
const aliceTenant = async () => (await call(emulator, 'GET', `/v1/assets/${aliceLora}`, as('alice'))).json.asset.tenant_uuid as string;

test('tenant ids are uuids derived from the token: stable across restarts, different per token', async () => {
	const uuid = await aliceTenant();
	const again = await startEmulator({ tokens: ['alice'] });
	try {
		const res = await call(again, 'POST', '/v1/assets', { body: { description: null, name: 'x', asset_type: 'file', data: { asset_type: 'file' } }, token: 'alice' });
		expect(res.json.asset.tenant_uuid).toBe(uuid);
	} finally {
		await again.close();
	}
	const bob = await call(emulator, 'POST', '/v1/assets', { body: { description: null, name: 'bobs', asset_type: 'file', data: { asset_type: 'file' } }, token: 'bob' });
	expect(bob.json.asset.tenant_uuid).not.toBe(uuid);
});

describe("bob cannot see or use alice's assets", () => {
	test('not in his list, even when asking by name, owner or id', async () => {
		const owner = `tenant-${(await aliceTenant()).slice(0, 8)}`;
		for (const query of ['', '?is_public=false', '?name=secret-style', `?owner=${owner}`, `?asset_ids=${aliceLora}`]) {
			const page = (await call(emulator, 'GET', `/v1/assets${query}`, as('bob'))).json;
			expect([query, page.data.some((a: { id: string }) => a.id === aliceLora)]).toEqual([query, false]);
		}
		expect((await call(emulator, 'GET', `/v1/assets?owner=${owner}`, as('alice'))).json.total).toBe(2);
	});

	test('get by id, by name and by owner:name are 404', async () => {
		const owner = `tenant-${(await aliceTenant()).slice(0, 8)}`;
		for (const ref of [aliceLora, 'secret-style', encodeURIComponent(`${owner}:secret-style`)]) {
			expect([ref, (await call(emulator, 'GET', `/v1/assets/${ref}`, as('bob'))).status]).toEqual([ref, 404]);
		}
	});

	test('delete and complete-upload are 404 and change nothing', async () => {
		expect((await call(emulator, 'DELETE', `/v1/assets/${aliceLora}`, as('bob'))).status).toBe(404);
		expect((await call(emulator, 'POST', `/v1/assets/${aliceLora}/complete-upload`, as('bob'))).status).toBe(404);
		expect((await call(emulator, 'GET', `/v1/assets/${aliceLora}`, as('alice'))).json.asset.status).toBe('ready');
	});

	test('generation with her LoRA is a 422 naming it, by bare name or owner:name; alice herself may use it', async () => {
		const owner = `tenant-${(await aliceTenant()).slice(0, 8)}`;
		for (const name of ['secret-style', `${owner}:secret-style`]) {
			const res = await generate(emulator, 'sdxl', { prompt: 'x', loras: { [name]: 1 } }, as('bob'));
			expect(res.status).toBe(422);
			expect(res.json.detail).toEqual([expect.objectContaining({ loc: ['body', 'loras', name], msg: expect.stringMatching(new RegExp(`LoRA '${name}' is unknown`)) })]);
		}
		expect((await generate(emulator, 'sdxl', { prompt: 'x', loras: { 'secret-style': 1 } }, as('alice'))).status).toBe(200);
	});

	test('bob may use the same name for his own asset', async () => {
		const res = await call(emulator, 'POST', '/v1/assets', { body: { description: null, name: 'secret-style', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL } }, token: 'bob' });
		expect(res.status).toBe(200);
		expect(res.json.asset.id).not.toBe(aliceLora);
	});

	test('her file assets cannot go into his tune, and his tunes are his own', async () => {
		const body = (fileId: string) => ({
			name: 'borrowed',
			details: { tune_type: 'lora_tune', base_checkpoint: { checkpoint_id: 'octoai:default-sdxl' }, files: [{ file_id: fileId }], steps: 10, trigger_words: ['tok'] },
		});
		const refused = await call(emulator, 'POST', '/v1/tune', { body: body(alicePhoto), token: 'bob' });
		expect(refused.status).toBe(422);
		expect(refused.json.detail).toEqual([expect.objectContaining({ loc: ['body', 'details', 'files', 0, 'file_id'], msg: expect.stringMatching(/is unknown/) })]);
		const tune = await call(emulator, 'POST', '/v1/tune', { body: body(alicePhoto), token: 'alice' });
		expect(tune.status).toBe(200);
		for (const [method, path] of [['GET', `/v1/tune/${tune.json.id}`], ['POST', `/v1/tune/${tune.json.id}/cancel`], ['DELETE', `/v1/tune/${tune.json.id}`]]) {
			expect([method, (await call(emulator, method, path, as('bob'))).status]).toEqual([method, 404]);
		}
		expect((await call(emulator, 'GET', '/v1/tunes', as('bob'))).json.total).toBe(0);
		expect((await call(emulator, 'GET', '/v1/tunes', as('alice'))).json.total).toBe(1);
	});
});

describe('tokens that share a tenant', () => {
	test('see and use each other’s assets; the owner is the tenant name', async () => {
		const made = await uploadAsset(emulator, { name: 'shared-lora', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL } }, safetensors(), 'team-1');
		const seen = await call(emulator, 'GET', '/v1/assets/studio%3Ashared-lora', as('team-2'));
		expect(seen.status).toBe(200);
		expect(seen.json.asset.id).toBe(made.id);
		expect(seen.json.asset.tenant_uuid).toBe(made.create.json.asset.tenant_uuid);
		expect((await call(emulator, 'GET', '/v1/assets?owner=studio', as('team-2'))).json.total).toBe(1);
		expect((await generate(emulator, 'sdxl', { prompt: 'x', loras: { 'studio:shared-lora': 1 } }, as('team-2'))).status).toBe(200);
		expect((await call(emulator, 'GET', '/v1/assets/studio%3Ashared-lora', as('bob'))).status).toBe(404);
	});

	test('invalid tenant names are refused at start', async () => {
		await expect(startEmulator({ tenants: { t: 'octoai' } })).rejects.toThrow(/invalid tenant name "octoai"/);
		await expect(startEmulator({ tenants: { t: 'a:b' } })).rejects.toThrow(/invalid tenant name "a:b"/);
	});
});
