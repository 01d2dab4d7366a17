import { collectPages, PAGE_SIZE } from '../../nodes/shared/platform/pages';
import { compactQuery } from '../../nodes/shared/platform/query';
import { HostileServer, json } from '../reliability/support/hostile-server.cts';
import { useEmulator } from './helpers.cts';
import { runPlatformNode, type PlatformNodeName } from './platform-helpers.cts';

const env = useEmulator();
const server = new HostileServer();
beforeAll(async () => server.start());
afterAll(async () => server.close());

// The page walker and query builder behind "Return All", on answers the emulator never gives.
describe('collectPages', () => {
	it('stops on an empty page even when the server keeps saying has_more', async () => {
		const asked: Array<[number, number]> = [];
		const items = await collectPages(async (offset, limit) => {
			asked.push([offset, limit]);
			return offset === 0 ? { data: [1, 2, 3], has_more: true } : { data: [], has_more: true };
		});
		expect(items).toEqual([1, 2, 3]);
		expect(asked).toEqual([
			[0, PAGE_SIZE],
			[3, PAGE_SIZE],
		]);
	});

	it('never returns more than asked, even when a page is longer than the limit sent', async () => {
		const items = await collectPages(async () => ({ data: Array.from({ length: 20 }, (_, i) => i), has_more: true }), 5);
		expect(items).toEqual([0, 1, 2, 3, 4]);
	});

	it('continues from the number of items received, not from the page size asked', async () => {
		const offsets: number[] = [];
		const items = await collectPages(async (offset) => {
			offsets.push(offset);
			// A server with a smaller page cap than asked for.
			const data = Array.from({ length: Math.min(40, 90 - offset) }, (_, i) => offset + i);
			return { data, has_more: offset + data.length < 90 };
		});
		expect(items).toEqual(Array.from({ length: 90 }, (_, i) => i));
		expect(offsets).toEqual([0, 40, 80]);
	});

	// An entry added at the front while walking shifts the list: the next page starts with one already sent.
	it('gives each entry once when pages overlap, and asks on from the entries received', async () => {
		const entry = (id: string) => ({ id });
		const offsets: number[] = [];
		const items = await collectPages(async (offset) => {
			offsets.push(offset);
			if (offset === 0) return { data: [entry('a'), entry('b')], has_more: true };
			if (offset === 2) return { data: [entry('b'), entry('c'), entry('c')], has_more: true };
			return { data: [entry('c'), entry('d')], has_more: false };
		});
		expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c', 'd']);
		expect(offsets).toEqual([0, 2, 5]);
	});

	it('counts only distinct entries towards the limit', async () => {
		const items = await collectPages(
			async (offset) => (offset === 0 ? { data: [{ id: 'a' }, { id: 'b' }], has_more: true } : { data: [{ id: 'b' }, { id: 'c' }, { id: 'd' }], has_more: true }),
			3,
		);
		expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
	});

	it('still stops a server that answers a page of entries it already sent', async () => {
		let pages = 0;
		const walk = collectPages(async () => {
			pages += 1;
			return { data: [{ id: 'a' }, { id: 'b' }], has_more: true };
		});
		await expect(walk).rejects.toThrow('the API answered the page at offset 4 with entries it had already sent');
		expect(pages).toBe(3);
	});

	// A Limit of 3 asks for 2, then 1; an entry added at the front in between makes that 1 a repeat.
	it('a small page that is all overlap is not taken for a server repeating itself', async () => {
		const pages = [[{ id: 'a' }, { id: 'b' }], [{ id: 'b' }], [{ id: 'c' }]];
		let asked = 0;
		const items = await collectPages(async () => ({ data: pages[asked++], has_more: true }), 3);
		expect(items.map((item) => item.id)).toEqual(['a', 'b', 'c']);
	});
});

describe('Return All through the nodes: overlapping pages give each entry once', () => {
	const asset = (id: string) => ({ id, name: `name-${id}`, asset_type: 'lora', status: 'ready', data: { asset_type: 'lora' } });
	const tune = (id: string) => ({ id, name: `name-${id}`, status: 'succeeded', details: {} });
	it.each([
		['octoAiAssetLibrary', { resource: 'asset', operation: 'list', returnAll: true }, asset],
		['octoAiFineTuning', { operation: 'list', returnAll: true }, tune],
	] as const)('%s', async (type: PlatformNodeName, parameters, make: (id: string) => object) => {
		server.use((request, res) => {
			const offset = new URL(request.path, server.url).searchParams.get('offset');
			if (offset === '0') return json(res, 200, { data: [make('id_a'), make('id_b')], has_more: true });
			return json(res, 200, { data: [make('id_b'), make('id_c')], has_more: false });
		});
		const result = await runPlatformNode(env, type, { ...parameters }, { credentials: { platformBaseUrl: server.url } });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.id)).toEqual(['id_a', 'id_b', 'id_c']);
		expect(server.requests.map((request) => new URL(request.path, server.url).searchParams.get('offset'))).toEqual(['0', '2']);
	});
});

describe('compactQuery', () => {
	it('keeps lists and set values and leaves out empty ones', () => {
		expect(
			compactQuery({
				asset_type: ['lora', 'checkpoint'],
				name: 'owner:my lora',
				owner: '',
				is_public: false,
				engine: [],
				limit: 10,
				data_type: undefined,
			}),
		).toEqual({ asset_type: ['lora', 'checkpoint'], name: 'owner:my lora', is_public: false, limit: 10 });
		expect(compactQuery({})).toEqual({});
	});
});
