import { collectPages, PAGE_SIZE } from '../../nodes/shared/platform/pages';
import { compactQuery } from '../../nodes/shared/platform/query';

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
