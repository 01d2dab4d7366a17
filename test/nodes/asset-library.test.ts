import { randomUUID } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { picture, runEngineNode, useEmulator } from './helpers';
import {
	api,
	fileItem,
	listSearch,
	locator,
	requestsSince,
	runPlatformNode,
	safetensors,
	serveFiles,
	uniqueName,
	type FileServer,
} from './platform-helpers';

const env = useEmulator({ assetReadyMs: 30 });
const SDXL = 'image/stable-diffusion-xl-v1-0';
const SD15 = 'image/stable-diffusion-v1-5';
const FAST = { pollInterval: 0.1 };

/** Uploads one LoRA through the node and returns the run. */
async function uploadLora(name: string, bytes = safetensors(), options: INodeParameters = FAST) {
	return await runPlatformNode(
		env,
		'octoAiAssetLibrary',
		{ operation: 'upload', assetName: name, assetType: 'lora', engine: SDXL, triggerWords: 'crayon, wax', options },
		{ inputItems: [await fileItem(bytes, `${name}.safetensors`)] },
	);
}

describe('Asset Library: upload from a binary field', () => {
	it('creates the asset, PUTs the bytes to the presigned URL, completes the upload and waits until ready', async () => {
		const name = uniqueName('crayon');
		const before = env.emulator.log.length;
		const result = await uploadLora(name);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			name,
			asset_type: 'lora',
			status: 'ready',
			data: { asset_type: 'lora', engine: SDXL, trigger_words: ['crayon', 'wax'], file_format: 'safetensors' },
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });

		const sent = requestsSince(env, before);
		const create = sent.find((entry) => entry.method === 'POST' && entry.path === '/v1/assets')!;
		expect(create.body).toEqual({
			name,
			description: null,
			asset_type: 'lora',
			data: { asset_type: 'lora', engine: SDXL, trigger_words: ['crayon', 'wax'], file_format: 'safetensors' },
			transfer_api_type: 'presigned-url',
		});
		const id = result.items[0].json.id as string;
		const order = sent.map((entry) => `${entry.method} ${entry.path.replace(id, '{id}')}`);
		expect(order.slice(0, 3)).toEqual(['POST /v1/assets', 'PUT /_uploads/{id}', 'POST /v1/assets/{id}/complete-upload']);
		expect(order.slice(3).every((line) => line === 'GET /v1/assets/{id}')).toBe(true);
		const complete = sent.find((entry) => entry.path.endsWith('/complete-upload'))!;
		expect(complete.body).toEqual({ skip_validation: false });
		const put = sent.find((entry) => entry.method === 'PUT')!;
		expect(put.body).toBe(`[${safetensors().length} bytes]`);
		expect(put.status).toBe(200);
	});

	it('sends the token only to the API: the upload PUT carries no Authorization header', async () => {
		const before = env.emulator.log.length;
		const result = await uploadLora(uniqueName('tokencheck'));
		expect(result.error).toBeUndefined();
		const sent = requestsSince(env, before);
		const uploads = sent.filter((entry) => entry.path.startsWith('/_uploads/'));
		expect(uploads).toHaveLength(1);
		for (const upload of uploads) {
			expect(upload.token).toBeNull();
			expect(upload.headers.authorization).toBeUndefined();
			expect(upload.warnings ?? []).toEqual([]);
			expect(JSON.stringify(upload)).not.toContain(env.token);
		}
		// Every other request went to the API routes, each with the token.
		const apiCalls = sent.filter((entry) => !entry.path.startsWith('/_uploads/'));
		expect(apiCalls.length).toBeGreaterThanOrEqual(3);
		for (const call of apiCalls) {
			expect(call.path).toMatch(/^\/v1\/assets/);
			expect(call.token).toBe(env.token);
		}
	});

	it('infers the file format of a file asset from its bytes', async () => {
		const name = uniqueName('photo');
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: name, assetType: 'file', options: FAST },
			{ inputItems: [await fileItem(await picture(64, 64, 'jpeg'), 'photo.bin', 'application/octet-stream')] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ name, asset_type: 'file', status: 'ready', data: { file_format: 'jpg' } });
		expect(result.items[0].json.data).not.toHaveProperty('engine');
	});

	it('fails with the API reason when the upload is rejected', async () => {
		const name = uniqueName('notweights');
		const result = await uploadLora(name, Buffer.from('this is not a safetensors file'));
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toContain(`OctoAI rejected the asset "${name}"`);
		expect(result.error!.message).toMatch(/safetensors/);
		// The rejected asset stays in the library, with the same reason.
		const listed = await api<{ data: Array<{ name: string; status: string; status_details: string }> }>(
			env,
			'GET',
			`/v1/assets?name=${name}`,
		);
		expect(listed.body.data[0]).toMatchObject({ name, status: 'rejected' });
		expect(result.error!.message).toContain(listed.body.data[0].status_details);
	});

	it.each([
		['not a valid name!', /^Name \("not a valid name!"\) may hold only letters, digits, "_" and "-"$/],
		['n'.repeat(65), /^Name \("n{60}…" \(65 characters\)\) must be at most 64 characters$/],
	])('a name the API would refuse (%s) fails naming the field, before any request', async (name, message) => {
		const before = env.emulator.log.length;
		const result = await uploadLora(name);
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(result.error!.message).toMatch(message);
		expect(requestsSince(env, before)).toEqual([]);
	});

	it('fails clearly when the binary field is missing, before any request', async () => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: uniqueName('x'), assetType: 'lora', binaryPropertyName: 'weights' },
			{ inputItems: [await fileItem(safetensors(), 'a.safetensors')] },
		);
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe('Input Binary Field: item 0 has no binary field "weights"');
		expect(requestsSince(env, before).filter((entry) => entry.token === env.token)).toEqual([]);
	});

	it('with Continue On Fail, a rejected item becomes an error item and the next item is uploaded', async () => {
		const good = uniqueName('good');
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: '={{ $json.name }}', assetType: 'lora', engine: SD15, options: FAST },
			{
				continueOnFail: true,
				inputItems: [
					{ ...(await fileItem(Buffer.from('garbage'), 'bad.safetensors')), json: { name: uniqueName('bad') } },
					{ ...(await fileItem(safetensors(2), 'good.safetensors')), json: { name: good } },
				],
			},
		);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toMatch(/OctoAI rejected the asset/);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].json).toMatchObject({ name: good, status: 'ready' });
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Asset Library: waiting has a deadline', () => {
	const slow = useEmulator({ assetReadyMs: 60_000 });

	it('gives up after "Timeout (Seconds)" with an error naming the asset and its status', async () => {
		const name = uniqueName('slow');
		const started = Date.now();
		const result = await runPlatformNode(
			slow,
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: name, assetType: 'lora', engine: SDXL, options: { timeout: 1, pollInterval: 0.2 } },
			{ inputItems: [await fileItem(safetensors(), 'slow.safetensors')] },
		);
		const elapsed = Date.now() - started;
		expect(result.status).toBe('error');
		expect(result.timedOut).toBe(false);
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toMatch(new RegExp(`^Asset "${name}" \\(.+\\) was not ready within 1 s \\(status: uploaded\\)$`));
		expect(result.error!.description).toContain('Get operation');
		expect((result.error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		expect(elapsed).toBeLessThan(5000);
		// Polled at the interval: about 1 s / 0.2 s status reads, not a busy loop.
		const polls = slow.emulator.requests({ token: slow.token }).filter((entry) => entry.method === 'GET');
		expect(polls.length).toBeGreaterThanOrEqual(4);
		expect(polls.length).toBeLessThanOrEqual(8);
	});

	it('returns the asset as it is when "Wait Until Ready" is off', async () => {
		const result = await runPlatformNode(
			slow,
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: uniqueName('nowait'), assetType: 'vae', engine: SDXL, options: { waitUntilReady: false } },
			{ inputItems: [await fileItem(safetensors(), 'vae.safetensors')] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ asset_type: 'vae', status: 'uploaded' });
	});
});

describe('Asset Library: create from URL', () => {
	let files: FileServer;
	beforeAll(async () => {
		files = await serveFiles({ '/weights/style.safetensors': safetensors(7) });
	});
	afterAll(async () => await files.close());

	it('imports a checkpoint that OctoAI downloads, and waits until it is ready', async () => {
		const name = uniqueName('imported');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', {
			operation: 'createFromUrl',
			assetName: name,
			assetType: 'checkpoint',
			engine: SD15,
			url: files.url('/weights/style.safetensors'),
			options: { ...FAST, description: 'Imported in a test', dataType: 'fp16', fileFormat: 'safetensors' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ name, asset_type: 'checkpoint', status: 'ready', description: 'Imported in a test' });
		const [create] = requestsSince(env, before, { method: 'POST', path: /^\/v1\/assets$/ });
		expect(create.body).toEqual({
			name,
			asset_type: 'checkpoint',
			description: 'Imported in a test',
			url: files.url('/weights/style.safetensors'),
			data: { asset_type: 'checkpoint', engine: SD15, data_type: 'fp16', file_format: 'safetensors' },
		});
		// No upload and no complete-upload for a URL import.
		expect(requestsSince(env, before).filter((entry) => /_uploads|complete-upload/.test(entry.path))).toEqual([]);
	});

	it.each([
		['file:///etc/passwd', 'does not start with http:// or https:// (file:)'],
		['http://[::1', 'is not a valid URL'],
		['example.com/lora.safetensors', 'is not a valid URL'],
		['https://example.com/my lora.safetensors', 'contains white space; write a space as %20'],
		// OctoAI would get the password with the URL; the message shows neither.
		['https://me:hunter22@example.com/l.safetensors', 'carries a user name or password (user:…@host)', 'https://[redacted]@example.com/l.safetensors'],
	])('refuses %s before any request, naming the field, the value and the item', async (url, problem, shown = url) => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', {
			operation: 'createFromUrl',
			assetName: uniqueName('bad-url'),
			assetType: 'lora',
			url,
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(result.error!.message).toBe(`URL: "${shown}" ${problem}`);
		expect((result.error as { description?: string }).description).toMatch(/^Item 0: /);
		expect(requestsSince(env, before)).toEqual([]);
	});
});

describe('Asset Library: get, list and delete', () => {
	let lora: { id: string; name: string };
	beforeAll(async () => {
		const result = await uploadLora(uniqueName('mine'));
		lora = { id: result.items[0].json.id as string, name: result.items[0].json.name as string };
	});

	it('gets an asset by ID, by bare name, by owner:name and a public one by octoai:name', async () => {
		const byId = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', lora.id) });
		expect(byId.items[0].json).toMatchObject({ id: lora.id, name: lora.name, status: 'ready' });
		const byName = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('name', lora.name) });
		expect(byName.items[0].json.id).toBe(lora.id);

		const tenantName = ownerName(byId.items[0].json.tenant_uuid as string);
		const before = env.emulator.log.length;
		const qualified = await runPlatformNode(env, 'octoAiAssetLibrary', {
			operation: 'get',
			asset: locator('name', `${tenantName}:${lora.name}`),
		});
		expect(qualified.error).toBeUndefined();
		expect(qualified.items[0].json.id).toBe(lora.id);
		// The colon is percent-encoded in the path segment, as the SDK sends it.
		const [sent] = requestsSince(env, before, { method: 'GET' });
		expect(sent.path).toBe(`/v1/assets/${tenantName}%3A${lora.name}`);

		const publicOne = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('name', 'octoai:add-detail') });
		expect(publicOne.items[0].json).toMatchObject({ name: 'octoai:add-detail', is_public: true, asset_type: 'lora' });
	});

	it('a missing asset is a readable 404', async () => {
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('name', 'no-such-asset') });
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(result.error!.message).toContain('Not found at OctoAI (404)');
	});

	it('lists with filters, sending lists as repeated query keys', async () => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', {
			operation: 'list',
			returnAll: true,
			filters: { assetTypes: ['lora', 'checkpoint'], engines: [SDXL, SD15], visibility: 'public', owner: 'octoai' },
		});
		expect(result.error).toBeUndefined();
		const names = result.items.map((item) => item.json.name);
		expect(names).toEqual(expect.arrayContaining(['octoai:crayon-style', 'octoai:add-detail', 'octoai:RealVisXL', 'octoai:realcartoon']));
		expect(names).not.toContain('octoai:NegativeXL'); // a textual inversion
		expect(names).not.toContain(lora.name); // private
		for (const item of result.items) expect(item.json).toMatchObject({ is_public: true });
		const [sent] = requestsSince(env, before, { method: 'GET' });
		expect(sent.query).toMatchObject({
			asset_type: ['lora', 'checkpoint'],
			engine: [SDXL, SD15],
			is_public: 'true',
			owner: 'octoai',
			offset: '0',
			limit: '100',
		});
	});

	it('filters by name and by private visibility', async () => {
		const byName = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'list', filters: { name: lora.name } });
		expect(byName.items.map((item) => item.json.id)).toEqual([lora.id]);
		const mine = await runPlatformNode(env, 'octoAiAssetLibrary', {
			operation: 'list',
			returnAll: true,
			filters: { visibility: 'private', assetTypes: ['lora'] },
		});
		expect(mine.items.map((item) => item.json.id)).toContain(lora.id);
		for (const item of mine.items) expect(item.json.is_public).toBe(false);
	});

	it('deletes an asset given by name; it is gone afterwards', async () => {
		const doomed = await uploadLora(uniqueName('doomed'));
		const { id, name } = doomed.items[0].json as { id: string; name: string };
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'delete', asset: locator('name', name) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id, name, deleted: true });
		expect(typeof result.items[0].json.deleted_at).toBe('string');
		const [sent] = requestsSince(env, before, { method: 'DELETE' });
		expect(sent.path).toBe(`/v1/assets/${id}`);
		// By ID the API still reports it, as deleted; by name it is gone.
		const byId = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', id) });
		expect(byId.items[0].json).toMatchObject({ id, status: 'deleted' });
		const byName = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('name', name) });
		expect(byName.error).toMatchObject({ httpCode: '404' });
	});

	it('with Continue On Fail, a get of a missing asset gives an error item beside the found one', async () => {
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'get', asset: locator('name', '={{ $json.asset }}') },
			{ continueOnFail: true, inputItems: [{ json: { asset: 'missing-one' } }, { json: { asset: lora.name } }] },
		);
		expect(result.status).toBe('success');
		expect(result.items[0]).toMatchObject({ json: { error: expect.stringContaining('404') }, pairedItem: { item: 0 } });
		expect(result.items[1]).toMatchObject({ json: { id: lora.id }, pairedItem: { item: 1 } });
	});
});

describe('Asset Library: Return All walks the pages', () => {
	const paged = useEmulator();
	const COUNT = 130;

	beforeAll(async () => {
		// Many private file assets, created straight through the API (no upload needed to be listed).
		for (let index = 0; index < COUNT; index++) {
			const created = await api(paged, 'POST', '/v1/assets', {
				description: null,
				name: `page-${String(index).padStart(3, '0')}`,
				asset_type: 'file',
				data: { asset_type: 'file', file_format: 'png' },
				transfer_api_type: 'presigned-url',
			});
			expect(created.status).toBe(200);
		}
	});

	it('returns every asset across pages, asking with limit/offset until has_more is false', async () => {
		const before = paged.emulator.log.length;
		const result = await runPlatformNode(paged, 'octoAiAssetLibrary', {
			operation: 'list',
			returnAll: true,
			filters: { assetTypes: ['file'] },
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(COUNT);
		expect(new Set(result.items.map((item) => item.json.id)).size).toBe(COUNT);
		const pages = requestsSince(paged, before, { method: 'GET' });
		expect(pages.map((entry) => [entry.query.offset, entry.query.limit])).toEqual([
			['0', '100'],
			['100', '100'],
		]);
		for (const item of result.items) expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('stops at the Limit', async () => {
		const before = paged.emulator.log.length;
		const result = await runPlatformNode(paged, 'octoAiAssetLibrary', {
			operation: 'list',
			returnAll: false,
			limit: 7,
			filters: { assetTypes: ['file'] },
		});
		expect(result.items.map((item) => item.json.name)).toEqual(
			Array.from({ length: 7 }, (_, index) => `page-${String(index).padStart(3, '0')}`),
		);
		const pages = requestsSince(paged, before, { method: 'GET' });
		expect(pages).toHaveLength(1);
		expect(pages[0].query).toMatchObject({ limit: '7', offset: '0' });
	});

	it('a Limit above one page takes two requests and no more', async () => {
		const before = paged.emulator.log.length;
		const result = await runPlatformNode(paged, 'octoAiAssetLibrary', { operation: 'list', limit: 105, filters: { assetTypes: ['file'] } });
		expect(result.items).toHaveLength(105);
		const pages = requestsSince(paged, before, { method: 'GET' });
		expect(pages.map((entry) => [entry.query.offset, entry.query.limit])).toEqual([
			['0', '100'],
			['100', '5'],
		]);
	});
});

describe('Asset Library: tenants are isolated', () => {
	const otherToken = `tok-${randomUUID()}`;
	let lora: { id: string; name: string };
	beforeAll(async () => {
		env.emulator.addToken(otherToken);
		const result = await uploadLora(uniqueName('private'));
		lora = { id: result.items[0].json.id as string, name: result.items[0].json.name as string };
	});

	it("another token's tenant neither lists nor gets nor deletes the first tenant's private asset", async () => {
		const other = { apiToken: otherToken };
		const list = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'list', returnAll: true }, { credentials: other });
		expect(list.error).toBeUndefined();
		expect(list.items.map((item) => item.json.id)).not.toContain(lora.id);
		const byName = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'list', filters: { name: lora.name } }, { credentials: other });
		expect(byName.items).toEqual([]);
		for (const reference of [locator('id', lora.id), locator('name', lora.name)]) {
			const get = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: reference }, { credentials: other });
			expect(get.error).toMatchObject({ httpCode: '404' });
		}
		const del = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'delete', asset: locator('id', lora.id) }, { credentials: other });
		expect(del.error).toMatchObject({ httpCode: '404' });
		// Still there for its owner.
		const mine = await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', lora.id) });
		expect(mine.items[0].json).toMatchObject({ id: lora.id, status: 'ready' });
	});

	it("another tenant cannot generate with the first tenant's private LoRA", async () => {
		const other = await generateWithLora({ apiToken: otherToken }, lora.name);
		expect(other.status).toBe('error');
		expect(other.error!.message).toMatch(/4\d\d/);
		const mine = await generateWithLora({}, lora.name);
		expect(mine.error).toBeUndefined();
	});
});

describe('Asset Library: the asset picker', () => {
	it('lists your own assets with the ID as value, filtered by the typed text', async () => {
		const name = uniqueName('pickme');
		const uploaded = await uploadLora(name);
		const all = await listSearch(env, 'octoAiAssetLibrary', 'searchOwnAssets');
		expect(all.results.find((entry) => entry.value === uploaded.items[0].json.id)?.name).toBe(`${name} (lora, ready)`);
		expect(all.results.some((entry) => String(entry.name).startsWith('octoai:'))).toBe(false);
		const filtered = await listSearch(env, 'octoAiAssetLibrary', 'searchOwnAssets', {}, name.toUpperCase());
		expect(filtered.results.map((entry) => entry.value)).toEqual([uploaded.items[0].json.id]);
	});
});

/** The owner part of `owner:name` for a private asset: the emulator names a token's tenant after its uuid. */
function ownerName(tenantUuid: string): string {
	return `tenant-${tenantUuid.slice(0, 8)}`;
}

/** SDXL generation with a LoRA, under the given credential overrides. */
async function generateWithLora(credentials: Record<string, string>, loraName: string) {
	return await runEngineNode(
		env,
		'octoAiSdxl',
		{ prompt: 'a fox, crayon', loras: { entries: [{ name: locator('name', loraName), weight: 0.7 }] } },
		{ credentials },
	);
}
