// Asset Library: Return All walks the pages, tenants see only their own private assets, and the asset picker.
import { randomUUID } from 'node:crypto';

import { useEmulator } from './helpers.cts';
import { api, listSearch, locator, requestsSince, runPlatformNode, uniqueName } from './platform-helpers.cts';
import { generateWithLora, uploadLora } from './asset-library-support.cts';

const env = useEmulator({ assetReadyMs: 30 });

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
		const result = await uploadLora(env, uniqueName('private'));
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
		const other = await generateWithLora(env, { apiToken: otherToken }, lora.name);
		expect(other.status).toBe('error');
		expect(other.error!.message).toMatch(/4\d\d/);
		const mine = await generateWithLora(env, {}, lora.name);
		expect(mine.error).toBeUndefined();
	});
});

describe('Asset Library: the asset picker', () => {
	it('lists your own assets with the ID as value, filtered by the typed text', async () => {
		const name = uniqueName('pickme');
		const uploaded = await uploadLora(env, name);
		const all = await listSearch(env, 'octoAiAssetLibrary', 'searchOwnAssets');
		expect(all.results.find((entry) => entry.value === uploaded.items[0].json.id)?.name).toBe(`${name} (lora, ready)`);
		expect(all.results.some((entry) => String(entry.name).startsWith('octoai:'))).toBe(false);
		const filtered = await listSearch(env, 'octoAiAssetLibrary', 'searchOwnAssets', {}, name.toUpperCase());
		expect(filtered.results.map((entry) => entry.value)).toEqual([uploaded.items[0].json.id]);
	});
});
