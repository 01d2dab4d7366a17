// Private assets: create (validation, names, duplicates), the presigned upload flow, complete-upload,
// get by id / name / owner:name, delete, and listing public and private assets together.
import { PUBLIC_ASSETS } from '../rules/asset-library.cts';
import { startEmulator, type Emulator } from '../index.cts';
import { call, makeImage, putFile, safetensors, settledAsset, uploadAsset, waitFor } from '../test-helpers.cts';

let emulator: Emulator;
/** Stays 'uploaded' for a second, so a test can see that state on a busy machine (30 ms can pass in one stall). */
let slowToSettle: Emulator;
let owner: string;
beforeAll(async () => {
	emulator = await startEmulator({ assetReadyMs: 30 });
	slowToSettle = await startEmulator({ assetReadyMs: 1000 });
	owner = `tenant-${(await create({ description: null, name: 'probe', asset_type: 'file', data: { asset_type: 'file' } })).json.asset.tenant_uuid.slice(0, 8)}`;
});
afterAll(async () => {
	await emulator.close();
	await slowToSettle.close();
});

const SDXL = 'image/stable-diffusion-xl-v1-0';
const lora = (name: string, extra: Record<string, unknown> = {}) => ({
	name,
	description: null,
	asset_type: 'lora',
	data: { asset_type: 'lora', engine: SDXL, file_format: 'safetensors', trigger_words: ['zzstyle'] },
	...extra,
});
const create = (body: unknown, token?: string, on = emulator) => call(on, 'POST', '/v1/assets', { body, token });
const get = (ref: string, query = '', on = emulator) => call(on, 'GET', `/v1/assets/${encodeURIComponent(ref)}${query}`);

describe('create', () => {
	test('answers CreateAssetResponse: the asset ready_to_upload and a presigned-url transfer served by the emulator', async () => {
		const res = await create({ ...lora('create-shape'), description: 'my style' });
		expect(res.status).toBe(200);
		const { asset, transfer_api } = res.json;
		expect(asset).toMatchObject({
			name: 'create-shape',
			asset_type: 'lora',
			data: { asset_type: 'lora', engine: SDXL, file_format: 'safetensors', trigger_words: ['zzstyle'] },
			description: 'my style',
			status: 'ready_to_upload',
			status_details: '',
			size_bytes: 0,
			is_public: false,
		});
		expect(asset.id).toMatch(/^asset_01H[0-9A-Z]{23}$/);
		expect(asset.tenant_uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(Date.now() - Date.parse(asset.created_at)).toBeLessThan(5000);
		expect(Object.keys(transfer_api).sort()).toEqual(['get_url', 'put_url', 'type']);
		expect(transfer_api.type).toBe('presigned-url');
		expect(transfer_api.put_url).toMatch(new RegExp(`^${emulator.url}/_uploads/${asset.id}\\?signature=[0-9a-f]{32}$`));
		expect(transfer_api.get_url).toMatch(new RegExp(`^${emulator.url}/_uploads/${asset.id}\\?signature=[0-9a-f]{32}$`));
		expect(transfer_api.get_url).not.toBe(transfer_api.put_url);
	});

	test('a second asset of the same name is a 409; another name is fine', async () => {
		expect((await create(lora('dupe'))).status).toBe(200);
		const again = await create({ ...lora('dupe'), asset_type: 'checkpoint', data: { asset_type: 'checkpoint', engine: SDXL } });
		expect(again.status).toBe(409);
		expect(again.json.detail).toBe(`An asset named dupe already exists in the library of ${owner}`);
		expect((await create(lora('dupe-2'))).status).toBe(200);
	});

	test('file assets need no engine; the other kinds do', async () => {
		expect((await create({ description: null, name: 'photo-0', asset_type: 'file', data: { asset_type: 'file', file_format: 'png' } })).status).toBe(200);
		for (const type of ['checkpoint', 'lora', 'textual_inversion', 'vae', 'latent']) {
			const res = await create({ description: null, name: `no-engine-${type}`, asset_type: type, data: { asset_type: type } });
			expect(res.status).toBe(422);
			expect(res.json.detail).toEqual([{ loc: ['body', 'data', 'engine'], msg: 'Field required', type: 'missing' }]);
		}
	});

	test.each([
		['name missing', { description: null, asset_type: 'file', data: { asset_type: 'file' } }, ['body', 'name'], 'missing'],
		['name with a colon', { ...lora('me:style') }, ['body', 'name'], 'string_pattern_mismatch'],
		['name with a space', { ...lora('my style') }, ['body', 'name'], 'string_pattern_mismatch'],
		['name too long', { ...lora('x'.repeat(65)) }, ['body', 'name'], 'string_too_long'],
		['unknown asset_type', { ...lora('t1'), asset_type: 'controlnet' }, ['body', 'asset_type'], 'enum'],
		['data missing', { description: null, name: 't2', asset_type: 'lora' }, ['body', 'data'], 'missing'],
		['data without asset_type', { description: null, name: 't3', asset_type: 'lora', data: { engine: SDXL } }, ['body', 'data'], 'union_tag_not_found'],
		['data of another type', { description: null, name: 't4', asset_type: 'lora', data: { asset_type: 'vae', engine: SDXL } }, ['body', 'data', 'asset_type'], 'value_error'],
		['unknown engine', { description: null, name: 't5', asset_type: 'vae', data: { asset_type: 'vae', engine: 'sdxl' } }, ['body', 'data', 'engine'], 'enum'],
		['a field of another variant', { description: null, name: 't6', asset_type: 'vae', data: { asset_type: 'vae', engine: SDXL, trigger_words: ['x'] } }, ['body', 'data', 'trigger_words'], 'extra_forbidden'],
		['file_format of weights on a file', { description: null, name: 't7', asset_type: 'file', data: { asset_type: 'file', file_format: 'safetensors' } }, ['body', 'data', 'file_format'], 'enum'],
		['unknown top-level key', { ...lora('t8'), colour: 'red' }, ['body', 'colour'], 'extra_forbidden'],
		['is_public true', { ...lora('t9'), is_public: true }, ['body', 'is_public'], 'value_error'],
		['url not http', { ...lora('t10'), url: 'file:///etc/passwd' }, ['body', 'url'], 'value_error'],
		['url and hf_repo', { ...lora('t11'), url: 'http://127.0.0.1/x', hf_repo: 'a/b' }, ['body', 'hf_repo'], 'value_error'],
		['unknown transfer_api_type', { ...lora('t12'), transfer_api_type: 'ftp' }, ['body', 'transfer_api_type'], 'enum'],
	])('%s is a 422', async (_rule, body, loc, type) => {
		const res = await create(body);
		expect(res.status).toBe(422);
		expect(res.json.detail).toContainEqual(expect.objectContaining({ loc, type }));
	});

	test('description is required and nullable (CreateAssetRequest in the export): left out is a 422, null or text is fine', async () => {
		const { description: _none, ...without } = lora('no-description');
		const missing = await create(without);
		expect(missing.status).toBe(422);
		expect(missing.json.detail).toEqual([{ loc: ['body', 'description'], msg: 'Field required', type: 'missing' }]);
		expect((await create(lora('null-description'))).status).toBe(200);
		expect((await create({ ...lora('text-description'), description: 'a style' })).status).toBe(200);
	});

	test('an empty or non-JSON body is a 422', async () => {
		expect((await call(emulator, 'POST', '/v1/assets')).json.detail).toEqual([{ loc: ['body'], msg: 'Field required', type: 'missing' }]);
		expect((await call(emulator, 'POST', '/v1/assets', { rawBody: '{"name":', headers: { 'content-type': 'application/json' } })).json.detail[0].type).toBe('json_invalid');
	});
});

describe('upload flow', () => {
	test('create -> PUT without auth -> complete -> uploaded -> ready; the get_url serves the file back', async () => {
		const bytes = safetensors();
		const created = await create(lora('flow-lora'), undefined, slowToSettle);
		const { id } = created.json.asset;
		expect((await putFile(created.json.transfer_api.put_url, bytes)).status).toBe(200);
		expect((await get(id, '', slowToSettle)).json.asset.status).toBe('ready_to_upload');

		const complete = await call(slowToSettle, 'POST', `/v1/assets/${id}/complete-upload`, { body: {} });
		expect([complete.status, complete.json]).toEqual([200, {}]);
		expect((await get(id, '', slowToSettle)).json.asset).toMatchObject({ status: 'uploaded', size_bytes: bytes.length });
		const ready = await settledAsset(slowToSettle, id);
		expect(ready).toMatchObject({ status: 'ready', status_details: '', size_bytes: bytes.length });

		const back = await fetch(created.json.transfer_api.get_url);
		expect(Buffer.from(await back.arrayBuffer())).toEqual(bytes);
		// The upload itself carried no token, and the log shows it.
		const upload = slowToSettle.log.find((e) => e.method === 'PUT' && e.path === `/_uploads/${id}`)!;
		expect(upload).toMatchObject({ token: null, status: 200, body: `[${bytes.length} bytes]` });
		expect(upload.headers.authorization).toBeUndefined();
		expect(upload.warnings).toBeUndefined();
	});

	test('complete-upload takes no body, {} or {skip_validation}; it is per asset and once only', async () => {
		const { id } = (await create(lora('once'))).json.asset;
		const unknown = await call(emulator, 'POST', '/v1/assets/asset_01HNOPE/complete-upload');
		expect([unknown.status, unknown.json.detail]).toEqual([404, 'Asset asset_01HNOPE not found']);
		const early = await call(emulator, 'POST', `/v1/assets/${id}/complete-upload`);
		expect(early.status).toBe(400);
		expect(early.json.detail).toMatch(/^Nothing was uploaded for asset asset_\w+: PUT the file to the put_url/);
		const bad = await call(emulator, 'POST', `/v1/assets/${id}/complete-upload`, { body: { skip_validation: 'yes' } });
		expect(bad.json.detail).toEqual([expect.objectContaining({ loc: ['body', 'skip_validation'], type: 'bool_type' })]);

		const { transfer_api } = (await get(id)).json;
		await putFile(transfer_api.put_url, Buffer.from('not weights'));
		const done = await call(emulator, 'POST', `/v1/assets/${id}/complete-upload`, { body: { skip_validation: true, token: 'unused' } });
		expect(done.status).toBe(200);
		const twice = await call(emulator, 'POST', `/v1/assets/${id}/complete-upload`);
		expect(twice.status).toBe(409);
		expect(twice.json.detail).toMatch(/already complete \(status (uploaded|ready)\)/);
		// skip_validation lets a file through that would be rejected.
		expect((await settledAsset(emulator, id)).status).toBe('ready');
		// And the upload URL is closed once the upload is complete.
		expect((await putFile(transfer_api.put_url, safetensors())).status).toBe(409);
	});

	test('public assets cannot be completed', async () => {
		const res = await call(emulator, 'POST', '/v1/assets/asset_01HPUB00000000000000000001/complete-upload');
		expect(res.status).toBe(403);
	});

	test('sts gives well-formed fake keys; only a presigned PUT can complete such an asset', async () => {
		const res = await create({ ...lora('via-sts'), transfer_api_type: 'sts' });
		const { asset, transfer_api } = res.json;
		expect(transfer_api).toEqual({
			type: 'sts',
			aws_access_key_id: expect.any(String),
			aws_secret_access_key: expect.any(String),
			aws_session_token: expect.any(String),
			aws_region: 'us-east-1',
			s3_bucket: 'octoai-emulator-assets',
			s3_key: `${asset.tenant_uuid}/${asset.id}`,
			s3_url: `s3://octoai-emulator-assets/${asset.tenant_uuid}/${asset.id}`,
		});
		expect((await call(emulator, 'POST', `/v1/assets/${asset.id}/complete-upload`)).status).toBe(400);
		expect((await get(asset.id)).json.transfer_api.type).toBe('sts');
		const presigned = (await get(asset.id, '?transfer_api_type=presigned-url')).json.transfer_api;
		expect((await putFile(presigned.put_url, safetensors())).status).toBe(200);
		expect((await call(emulator, 'POST', `/v1/assets/${asset.id}/complete-upload`)).status).toBe(200);
		expect((await settledAsset(emulator, asset.id)).status).toBe('ready');
	});

	test('transfer_api_type any means presigned-url; gcp-oauth gives fake GCS keys', async () => {
		expect((await create({ ...lora('via-any'), transfer_api_type: 'any' })).json.transfer_api.type).toBe('presigned-url');
		const gcs = (await create({ ...lora('via-gcs'), transfer_api_type: 'gcp-oauth' })).json.transfer_api;
		expect(Object.keys(gcs).sort()).toEqual(['gcp_region', 'gs_bucket', 'gs_key', 'gs_url', 'token', 'type']);
	});
});

describe('get', () => {
	let id: string;
	beforeAll(async () => {
		id = (await uploadAsset(emulator, lora('by-name'), safetensors())).id;
	});

	test('by id, by bare name and by owner:name (URL-encoded) give the same asset', async () => {
		const byId = await get(id);
		expect(byId.status).toBe(200);
		expect(byId.json.transfer_api.type).toBe('presigned-url');
		for (const ref of ['by-name', `${owner}:by-name`]) {
			const res = await get(ref);
			expect(res.status).toBe(200);
			expect(res.json.asset.id).toBe(id);
		}
		expect(emulator.log.at(-1)!.path).toBe(`/v1/assets/${owner}%3Aby-name`);
	});

	test('public assets by octoai:name, encoded or not, with transfer none', async () => {
		const res = await call(emulator, 'GET', '/v1/assets/octoai%3ARealVisXL');
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ asset: expect.objectContaining({ name: 'octoai:RealVisXL', is_public: true, status: 'ready' }), transfer_api: { type: 'none' } });
		expect((await call(emulator, 'GET', '/v1/assets/octoai:RealVisXL')).json.asset.id).toBe(res.json.asset.id);
		expect((await get(res.json.asset.id)).json.asset.name).toBe('octoai:RealVisXL');
	});

	test('unknown refs are 404: a missing name, another owner, a bad escape (a bare public name is found, Part C.5)', async () => {
		for (const path of ['/v1/assets/nothing-here', '/v1/assets/tenant-00000000%3Aby-name', '/v1/assets/octoai%3Anope']) {
			const res = await call(emulator, 'GET', path);
			expect([path, res.status]).toEqual([path, 404]);
		}
		expect((await call(emulator, 'GET', '/v1/assets/%E0%A4%A')).status).toBe(404);
		expect((await call(emulator, 'GET', '/v1/assets/RealVisXL')).json.asset.name).toBe('octoai:RealVisXL');
	});

	test('transfer_api_type is checked', async () => {
		const res = await get(id, '?transfer_api_type=carrier-pigeon');
		expect(res.status).toBe(422);
		expect(res.json.detail[0].loc).toEqual(['query', 'transfer_api_type']);
	});
});

describe('delete', () => {
	test('answers {id, deleted_at}; the asset is deleted by id, gone by name and from lists, and its name is free again', async () => {
		const { id } = await uploadAsset(emulator, lora('doomed'), safetensors());
		const res = await call(emulator, 'DELETE', `/v1/assets/${id}`);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ id, deleted_at: expect.any(String) });
		expect(Date.now() - Date.parse(res.json.deleted_at)).toBeLessThan(5000);
		expect((await get(id)).json.asset.status).toBe('deleted');
		expect((await get('doomed')).status).toBe(404);
		expect((await call(emulator, 'GET', '/v1/assets?name=doomed')).json.total).toBe(0);
		expect((await call(emulator, 'DELETE', `/v1/assets/${id}`)).status).toBe(404);
		expect((await create(lora('doomed'))).status).toBe(200);
	});

	test('public assets are 403, unknown ids 404', async () => {
		const res = await call(emulator, 'DELETE', '/v1/assets/asset_01HPUB00000000000000000002');
		expect(res.status).toBe(403);
		expect(res.json.detail).toMatch(/octoai:RealVisXL belongs to the public library/);
		expect((await call(emulator, 'DELETE', '/v1/assets/asset_01HNOPE')).status).toBe(404);
	});
});

describe('list with private assets', () => {
	let listing: Emulator;
	let mine: string[];
	const list = async (query: string) => (await call(listing, 'GET', `/v1/assets${query}`)).json;
	const names = (page: { data: Array<{ name: string }> }) => page.data.map((a) => a.name);

	beforeAll(async () => {
		listing = await startEmulator({ assetReadyMs: 0 });
		const png = Buffer.from(await makeImage(16, 16, () => [200, 10, 10]), 'base64');
		mine = [];
		mine.push((await uploadAsset(listing, { name: 'zeta-lora', asset_type: 'lora', data: { asset_type: 'lora', engine: SDXL, file_format: 'safetensors', data_type: 'fp32' } }, safetensors())).id);
		mine.push((await uploadAsset(listing, { name: 'alpha-photo', asset_type: 'file', data: { asset_type: 'file', file_format: 'png' } }, png)).id);
		mine.push((await uploadAsset(listing, { name: 'sd-ckpt', asset_type: 'checkpoint', data: { asset_type: 'checkpoint', engine: 'image/stable-diffusion-v1-5', file_format: 'pt' } }, Buffer.from('PK\x03\x04rest', 'latin1'))).id);
	});
	afterAll(() => listing.close());

	test('public first by name, then private in creation order; pages cover it exactly once', async () => {
		const all = await list('');
		expect(all.total).toBe(PUBLIC_ASSETS.length + 3);
		expect(names(all).slice(-3)).toEqual(['zeta-lora', 'alpha-photo', 'sd-ckpt']);
		expect(all.data.slice(0, PUBLIC_ASSETS.length).every((a: { is_public: boolean }) => a.is_public)).toBe(true);
		const paged: string[] = [];
		for (let offset = 0; ; offset += 4) {
			const page = await list(`?limit=4&offset=${offset}`);
			expect(page.total).toBe(all.total);
			paged.push(...names(page));
			if (!page.has_more) break;
		}
		expect(paged).toEqual(names(all));
	});

	test('is_public, owner and name (bare or owner:name) pick private assets', async () => {
		const tenant = (await list('?is_public=false')).data[0].tenant_uuid as string;
		const owner = `tenant-${tenant.slice(0, 8)}`;
		expect(names(await list('?is_public=false'))).toEqual(['zeta-lora', 'alpha-photo', 'sd-ckpt']);
		expect(names(await list(`?owner=${owner}`))).toEqual(['zeta-lora', 'alpha-photo', 'sd-ckpt']);
		expect((await list('?owner=octoai')).total).toBe(PUBLIC_ASSETS.length);
		expect(names(await list('?name=zeta-lora'))).toEqual(['zeta-lora']);
		expect(names(await list(`?name=${owner}:zeta-lora`))).toEqual(['zeta-lora']);
		expect((await list('?name=octoai:zeta-lora')).total).toBe(0);
	});

	test('asset_type, engine, engine_type, data_type and file_format filter private assets too', async () => {
		expect(names(await list('?asset_type=file&asset_type=lora&is_public=false'))).toEqual(['zeta-lora', 'alpha-photo']);
		expect(names(await list('?engine=image/stable-diffusion-v1-5'))).toEqual(['octoai:default-sd15', 'octoai:realcartoon', 'sd-ckpt']);
		// A file asset has no engine, so an engine_type filter leaves it out.
		expect(names(await list('?engine_type=image&is_public=false'))).toEqual(['zeta-lora', 'sd-ckpt']);
		expect(names(await list('?data_type=fp32'))).toEqual(['zeta-lora']);
		expect(names(await list('?file_format=png'))).toEqual(['alpha-photo']);
		expect(names(await list('?file_format=pt&file_format=png'))).toEqual(['alpha-photo', 'sd-ckpt']);
		expect((await list('?file_format=safetensors')).total).toBe(PUBLIC_ASSETS.length + 1);
		const bad = await call(listing, 'GET', '/v1/assets?file_format=gif');
		expect([bad.status, bad.json.detail[0].loc]).toEqual([422, ['query', 'file_format', 0]]);
	});

	test('asset_ids: comma-separated or repeated', async () => {
		expect(names(await list(`?asset_ids=${mine[2]},${mine[0]}`))).toEqual(['zeta-lora', 'sd-ckpt']);
		expect(names(await list(`?asset_ids=${mine[1]}&asset_ids=asset_01HPUB00000000000000000001`))).toEqual(['octoai:lightning_sdxl', 'alpha-photo']);
		expect((await list('?asset_ids=asset_01HNOPE')).total).toBe(0);
	});

	test('get_preview_urls is accepted (and checked as a boolean)', async () => {
		expect((await list('?get_preview_urls=true')).total).toBe(PUBLIC_ASSETS.length + 3);
		expect((await call(listing, 'GET', '/v1/assets?get_preview_urls=maybe')).status).toBe(422);
	});

	test('every private asset has the reference Asset fields, ready, uploaded size', async () => {
		const page = await list('?is_public=false');
		for (const asset of page.data) {
			expect(Object.keys(asset).sort()).toEqual(
				['asset_type', 'created_at', 'data', 'description', 'file_structure', 'id', 'is_public', 'name', 'size_bytes', 'status', 'status_details', 'tenant_uuid'],
			);
			expect(asset.status).toBe('ready');
			expect(asset.size_bytes).toBeGreaterThan(0);
		}
	});

	test('an asset shows in the list while uploading too', async () => {
		await call(listing, 'POST', '/v1/assets', { body: { description: null, name: 'in-flight', asset_type: 'file', data: { asset_type: 'file' } } });
		const page = await waitFor(() => list('?name=in-flight'), (p) => p.total === 1);
		expect(page.data[0].status).toBe('ready_to_upload');
	});
});
