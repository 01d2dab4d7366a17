// GET /v1/assets: the seeded public library, filters and limit/offset pagination.
import { startEmulator, type Emulator } from '../index.cts';
import { call } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(() => emulator.close());

const list = async (query: string) => {
	const res = await call(emulator, 'GET', `/v1/assets${query}`);
	return res;
};
const names = (res: { json: { data: Array<{ name: string }> } }) => res.json.data.map((a) => a.name);

test('the credential test request (limit=1) answers one asset and has_more', async () => {
	const res = await list('?limit=1');
	expect(res.status).toBe(200);
	expect(res.json.data).toHaveLength(1);
	expect(res.json.has_more).toBe(true);
	expect(res.json.total).toBeGreaterThan(1);
});

test('the public library: the reference-named and guide-used assets with their kinds and engines, ordered by name', async () => {
	const res = await list('');
	const SDXL = 'image/stable-diffusion-xl-v1-0';
	const SD15 = 'image/stable-diffusion-v1-5';
	const seen = Object.fromEntries(res.json.data.map((a: { name: string; asset_type: string; data: { engine: string } }) => [a.name, [a.asset_type, a.data.engine]]));
	expect(seen).toEqual({
		'octoai:lightning_sdxl': ['checkpoint', SDXL],
		'octoai:RealVisXL': ['checkpoint', SDXL],
		'octoai:samaritan': ['checkpoint', SDXL],
		'octoai:crystal-clear': ['checkpoint', SDXL],
		'octoai:realcartoon': ['checkpoint', SD15],
		'octoai:default-sd15': ['checkpoint', SD15],
		'octoai:default-sdxl': ['checkpoint', SDXL],
		'octoai:crayon-style': ['lora', SDXL],
		'octoai:add-detail': ['lora', SDXL],
		'octoai:NegativeXL': ['textual_inversion', SDXL],
		'octoai:sdxl-vae-fp16-fix': ['vae', SDXL],
		// Used in OctoAI's own guides (reference Part C.5).
		'octoai:lcm_sdxl': ['checkpoint', SDXL],
		'octoai:more_art': ['lora', SDXL],
		'octoai:product_photography_v1': ['lora', SDXL],
		'octoai:rundiffusion-juggernaut-v9': ['checkpoint', SDXL],
		'octoai:rundiffusion-juggernaut-v9-lightning': ['checkpoint', SDXL],
		'octoai:rundiffusion-juggernaut-xi': ['checkpoint', SDXL],
		'octoai:rundiffusion-juggernaut-xi-lightning': ['checkpoint', SDXL],
		'octoai:rundiffusion-juggernaut-xii': ['checkpoint', SDXL],
	});
	const order = names(res);
	expect(order).toEqual([...order].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
	expect(res.json.has_more).toBe(false);
	expect(res.json.total).toBe(res.json.data.length);
});

test('every asset has the fields of the reference Asset table', async () => {
	const res = await list('');
	for (const asset of res.json.data) {
		for (const key of ['id', 'name', 'asset_type', 'data', 'description', 'created_at', 'size_bytes', 'status', 'status_details', 'tenant_uuid']) {
			expect(asset).toHaveProperty(key);
		}
		expect(asset.data.asset_type).toBe(asset.asset_type);
		expect(asset.data.engine).toMatch(/^image\//);
		expect(asset.status).toBe('ready');
		expect(asset.is_public).toBe(true);
		expect(Number.isNaN(Date.parse(asset.created_at))).toBe(false);
	}
});

test('limit/offset pages cover the list exactly once', async () => {
	const all = names(await list(''));
	const paged: string[] = [];
	for (let offset = 0; ; offset += 2) {
		const page = await list(`?limit=2&offset=${offset}`);
		paged.push(...names(page));
		if (!page.json.has_more) break;
	}
	expect(paged).toEqual(all);
	const past = await list(`?offset=${all.length}`);
	expect([past.json.data, past.json.total, past.json.has_more]).toEqual([[], all.length, false]);
});

test('asset_type and engine filters are repeatable', async () => {
	const loras = await list('?asset_type=lora');
	expect(new Set(loras.json.data.map((a: { asset_type: string }) => a.asset_type))).toEqual(new Set(['lora']));
	const mixed = await list('?asset_type=lora&asset_type=textual_inversion');
	expect(names(mixed).sort()).toEqual(['octoai:NegativeXL', 'octoai:add-detail', 'octoai:crayon-style', 'octoai:more_art', 'octoai:product_photography_v1']);
	const sd15 = await list('?engine=image/stable-diffusion-v1-5');
	expect(names(sd15).sort()).toEqual(['octoai:default-sd15', 'octoai:realcartoon']);
	const both = await list('?engine=image/stable-diffusion-v1-5&engine=image/stable-diffusion-xl-v1-0&asset_type=checkpoint');
	expect(both.json.total).toBe(13);
	expect((await list('?engine=image/flux-dev')).json.total).toBe(0);
});

test('engine_type and data_type filter', async () => {
	expect((await list('?engine_type=image')).json.total).toBe((await list('')).json.total);
	expect((await list('?engine_type=text')).json.total).toBe(0);
	expect((await list('?data_type=fp16')).json.total).toBe((await list('')).json.total);
	expect((await list('?data_type=int8')).json.total).toBe(0);
});

test('name matches with or without the octoai: owner prefix; owner and is_public filter', async () => {
	expect(names(await list('?name=octoai:RealVisXL'))).toEqual(['octoai:RealVisXL']);
	expect(names(await list('?name=RealVisXL'))).toEqual(['octoai:RealVisXL']);
	expect((await list('?name=realvisxl')).json.total).toBe(0);
	expect((await list('?owner=octoai&limit=100')).json.total).toBe((await list('')).json.total);
	expect((await list('?is_public=false')).json).toEqual({ data: [], total: 0, has_more: false });
	expect((await list('?is_public=true')).json.total).toBe((await list('')).json.total);
});

test.each([
	['?limit=0', ['query', 'limit'], 'greater_than_equal'],
	['?limit=abc', ['query', 'limit'], 'int_type'],
	['?offset=-1', ['query', 'offset'], 'greater_than_equal'],
	['?is_public=maybe', ['query', 'is_public'], 'bool_type'],
	['?asset_type=lora&asset_type=controlnet', ['query', 'asset_type', 1], 'enum'],
	['?engine=sdxl', ['query', 'engine', 0], 'enum'],
	['?engine_type=picture', ['query', 'engine_type'], 'enum'],
	['?data_type=fp64', ['query', 'data_type'], 'enum'],
])('%s is a 422 at %j', async (query, loc, type) => {
	const res = await list(query);
	expect(res.status).toBe(422);
	expect(res.json.detail).toEqual([expect.objectContaining({ loc, type })]);
});
