import type { IExecuteFunctions } from 'n8n-workflow';

import { deleteCreatedAssets, keptNote } from '../../nodes/shared/platform/asset-cleanup';
import type { Asset } from '../../nodes/shared/platform/types';

const asset = (id: string) => ({ id, name: `file-${id}` }) as Asset;

/** A node context whose execution was stopped, recording every other use of it (a request would be one). */
function stoppedContext(used: string[]): IExecuteFunctions {
	const controller = new AbortController();
	controller.abort();
	return new Proxy({} as IExecuteFunctions, {
		get(_target, key) {
			if (key === 'getExecutionCancelSignal') return () => controller.signal;
			used.push(String(key));
			throw new Error(`the cleanup used ctx.${String(key)} after Stop`);
		},
	});
}

describe('deleteCreatedAssets', () => {
	it('after Stop sends nothing and reports every asset as kept', async () => {
		const assets = [asset('a'), asset('b')];
		const used: string[] = [];
		await expect(deleteCreatedAssets(stoppedContext(used), assets, 0)).resolves.toEqual({ deleted: [], kept: assets });
		expect(used).toEqual([]);
	});

	it('names what stays, one or many', () => {
		expect(keptNote({ one: 'This image', many: 'These images' }, [asset('a')])).toBe(
			`This image stays in your library: "file-a" (a); delete it with the Asset Library's Delete operation.`,
		);
		expect(keptNote({ one: 'This image', many: 'These images' }, [asset('a'), asset('b')])).toBe(
			`These images stay in your library: "file-a" (a), "file-b" (b); delete them with the Asset Library's Delete operation.`,
		);
	});
});
