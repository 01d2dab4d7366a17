// Asset Library: create an asset from a URL; get, list and delete assets.
import { useEmulator } from './helpers.cts';
import { locator, requestsSince, runPlatformNode, safetensors, serveFiles, uniqueName, type FileServer } from './platform-helpers.cts';
import { FAST, ownerName, SD15, SDXL, uploadLora } from './asset-library-support.cts';

const env = useEmulator({ assetReadyMs: 30 });

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
		const result = await uploadLora(env, uniqueName('mine'));
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
		const doomed = await uploadLora(env, uniqueName('doomed'));
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
