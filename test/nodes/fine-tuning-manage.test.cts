// Fine-Tuning: get, list, cancel and delete tunes, and the base checkpoint picker.
import { randomUUID } from 'node:crypto';

import { useEmulator } from './helpers.cts';
import { listSearch, locator, requestsSince, runPlatformNode, trainingItems, uniqueName } from './platform-helpers.cts';
import { createParameters, SD15, SDXL } from './fine-tuning-support.cts';

const env = useEmulator({ assetReadyMs: 20, tuneStepMs: 100 });

describe('Fine-Tuning: get, list, cancel, delete', () => {
	const steady = useEmulator({ assetReadyMs: 10, tuneStepMs: 60_000 });
	let tuneId: string;
	let tuneName: string;
	beforeAll(async () => {
		tuneName = uniqueName('cat');
		const started = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ tuneName, triggerWord: 'zwx cat', waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		tuneId = started.items[0].json.id as string;
	});

	it('gets a tune by ID', async () => {
		const result = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'get', tune: locator('id', tuneId) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: tuneId, name: tuneName, status: 'pending', lora: null, triggerWord: 'zwx cat' });
	});

	it('lists tunes with filters and Return All', async () => {
		const second = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ engine: SDXL, triggerWord: 'other', waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		expect(second.error).toBeUndefined();
		const all = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'list', returnAll: true });
		expect(all.items.map((item) => item.json.id)).toEqual(expect.arrayContaining([tuneId, second.items[0].json.id]));
		const before = steady.emulator.log.length;
		const filtered = await runPlatformNode(steady, 'octoAiFineTuning', {
			operation: 'list',
			returnAll: true,
			filters: { triggerWord: 'zwx cat', engine: SD15, name: tuneName },
		});
		expect(filtered.items.map((item) => item.json.id)).toEqual([tuneId]);
		const [sent] = requestsSince(steady, before, { method: 'GET' });
		expect(sent.path).toBe('/v1/tunes');
		expect(sent.query).toMatchObject({ trigger_words: 'zwx cat', engine: SD15, name: tuneName, offset: '0', limit: '100' });
		const limited = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'list', limit: 1 });
		expect(limited.items).toHaveLength(1);
	});

	it('the tune picker lists tunes with their status', async () => {
		const result = await listSearch(steady, 'octoAiFineTuning', 'searchTunes', {}, tuneName);
		expect(result.results).toEqual([{ name: `${tuneName} (pending)`, value: tuneId }]);
	});

	it('cancels a tune, then deletes it', async () => {
		const cancelled = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'cancel', tune: locator('list', tuneId) });
		expect(cancelled.error).toBeUndefined();
		expect(cancelled.items[0].json).toMatchObject({ id: tuneId, status: 'cancelled' });
		const deleted = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'delete', tune: locator('id', tuneId) });
		expect(deleted.error).toBeUndefined();
		expect(deleted.items[0].json).toMatchObject({ id: tuneId, deleted: true });
		const gone = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'get', tune: locator('id', tuneId) });
		expect(gone.error).toMatchObject({ httpCode: '404' });
	});

	it('with Continue On Fail, a get of an unknown tune gives an error item beside the found one', async () => {
		const other = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		const result = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			{ operation: 'get', tune: locator('id', '={{ $json.tune }}') },
			{ continueOnFail: true, inputItems: [{ json: { tune: 'tune_missing' } }, { json: { tune: other.items[0].json.id } }] },
		);
		expect(result.status).toBe('success');
		expect(result.items[0]).toMatchObject({ json: { error: expect.stringContaining('404') }, pairedItem: { item: 0 } });
		expect(result.items[1]).toMatchObject({ json: { id: other.items[0].json.id }, pairedItem: { item: 1 } });
	});

	it("another tenant's token neither sees nor cancels the tune", async () => {
		const otherToken = `tok-${randomUUID()}`;
		steady.emulator.addToken(otherToken);
		const other = { apiToken: otherToken };
		const list = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'list', returnAll: true }, { credentials: other });
		expect(list.items).toEqual([]);
		const started = await runPlatformNode(
			steady,
			'octoAiFineTuning',
			createParameters({ waitForCompletion: false }),
			{ inputItems: await trainingItems(1) },
		);
		const id = started.items[0].json.id as string;
		const get = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'get', tune: locator('id', id) }, { credentials: other });
		expect(get.error).toMatchObject({ httpCode: '404' });
		const cancel = await runPlatformNode(steady, 'octoAiFineTuning', { operation: 'cancel', tune: locator('id', id) }, { credentials: other });
		expect(cancel.error).toMatchObject({ httpCode: '404' });
	});
});

describe('Fine-Tuning: the base checkpoint picker', () => {
	it('lists the ready checkpoints of the chosen engine, the default among them', async () => {
		const sd15 = await listSearch(env, 'octoAiFineTuning', 'searchBaseCheckpoints', { engine: SD15 });
		const names = sd15.results.map((entry) => entry.value);
		expect(names).toContain('octoai:default-sd15');
		expect(names).not.toContain('octoai:default-sdxl');
		const sdxl = await listSearch(env, 'octoAiFineTuning', 'searchBaseCheckpoints', { engine: SDXL }, 'default');
		expect(sdxl.results.map((entry) => entry.value)).toEqual(['octoai:default-sdxl']);
	});
});
