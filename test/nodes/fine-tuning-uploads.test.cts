// Fine-Tuning: the images a tune uploads, when the tune is never created or the images are not ready
// in time, and the deadline of every wait.
import type { LoggedRequest } from '../emulator/index.cts';
import { damagedPng, picture, useEmulator } from './helpers.cts';
import { api, fileItem, locator, runPlatformNode, trainingItems } from './platform-helpers.cts';
import { createParameters, statusOf, uploadsAndDeletes, waitForTuneToExist } from './fine-tuning-support.cts';

const env = useEmulator({ assetReadyMs: 20, tuneStepMs: 100 });

describe('Fine-Tuning: images uploaded for a tune that is never created are deleted again', () => {
	it('an image OctoAI rejects fails the run with its reason, and every uploaded image is deleted', async () => {
		const items = await trainingItems(3);
		// Whole in structure, scrambled pixels: the node's own checks pass, OctoAI's decoder does not.
		items[1] = await fileItem(damagedPng(await picture(256, 256, 'png')), 'dog-1.png', 'image/png');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters(), { inputItems: items });
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toMatch(/^OctoAI rejected the asset "dog-[0-9a-f]{8}-[0-9a-z]+-2": The uploaded file .+/);
		expect(result.error!.description).toMatch(/ The 3 training images uploaded for the tune were deleted again\.$/);
		expect(result.error!.description).not.toMatch(/stays/);
		const { uploaded, deleted, tunes } = uploadsAndDeletes(env, before);
		expect(uploaded).toHaveLength(3);
		expect(deleted.sort()).toEqual([...uploaded].sort());
		expect(tunes).toBe(0);
		for (const id of uploaded) expect(await statusOf(env, id)).toBe('deleted');
	});

	it('with Continue On Fail the error item gives the reason, and nothing is left in the library', async () => {
		const items = await trainingItems(2);
		items[0] = await fileItem(damagedPng(await picture(256, 256, 'png')), 'dog-0.png', 'image/png');
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters(), { inputItems: items, continueOnFail: true });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/^OctoAI rejected the asset/);
		const { uploaded, deleted } = uploadsAndDeletes(env, before);
		expect(deleted.sort()).toEqual([...uploaded].sort());
		expect(uploaded).toHaveLength(2);
	});
});

describe('Fine-Tuning: uploaded images that are not ready in time', () => {
	let onRequest: ((entry: LoggedRequest) => void) | undefined;
	const late = useEmulator({ assetReadyMs: 30_000, onRequest: (entry) => onRequest?.(entry) });
	afterEach(() => {
		onRequest = undefined;
	});

	it('Upload Timeout ends the wait; the images are deleted, and no tune is created', async () => {
		const before = late.emulator.log.length;
		const result = await runPlatformNode(late, 'octoAiFineTuning', createParameters({ options: { pollInterval: 0.2, uploadTimeout: 2 } }), {
			inputItems: await trainingItems(2),
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toMatch(/^Asset "dog-[0-9a-f]{8}-[0-9a-z]+-1" \(asset_[^)]+\) was not ready within 2 s \(status: uploaded\)$/);
		expect(result.error!.description).toBe('Raise "Upload Timeout (Seconds)" in Options. The 2 training images uploaded for the tune were deleted again.');
		const { uploaded, deleted, tunes } = uploadsAndDeletes(late, before);
		expect(uploaded).toHaveLength(2);
		expect(deleted.sort()).toEqual([...uploaded].sort());
		expect(tunes).toBe(0);
	});

	it('Stop while waiting sends nothing more: the images stay', async () => {
		const controller = new AbortController();
		// Stop once the node asks for an uploaded image's status (its wait has begun).
		onRequest = (entry) => {
			if (entry.method === 'GET' && /^\/v1\/assets\/asset_/.test(entry.path)) controller.abort();
		};
		const before = late.emulator.log.length;
		const result = await runPlatformNode(late, 'octoAiFineTuning', createParameters({ options: { pollInterval: 0.2, uploadTimeout: 60 } }), {
			inputItems: await trainingItems(2),
			signal: controller.signal,
		});
		// n8n reports a stopped run as cancelled, without the node's error.
		expect(result.status).toBe('canceled');
		const { uploaded, deleted, tunes } = uploadsAndDeletes(late, before);
		expect(uploaded).toHaveLength(2);
		expect(deleted).toEqual([]);
		expect(tunes).toBe(0);
		for (const id of uploaded) expect(await statusOf(late, id)).toBe('uploaded');
	});
});

describe('Fine-Tuning: waiting has a deadline', () => {
	const slow = useEmulator({ assetReadyMs: 10, tuneStepMs: 120_000 });

	it('gives up after "Timeout (Minutes)" with an error naming the tune, which keeps training', async () => {
		const started = Date.now();
		const result = await runPlatformNode(
			slow,
			'octoAiFineTuning',
			createParameters({ timeoutMinutes: 0.02, options: { pollInterval: 0.25 } }),
			{ inputItems: await trainingItems(1) },
		);
		const elapsed = Date.now() - started;
		expect(result.status).toBe('error');
		expect(result.timedOut).toBe(false);
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		const match = /^Fine-tune "dog-[0-9a-f]{8}" \((tune_[^)]+)\) did not finish within 1\.2 s \(status: pending\)$/.exec(
			result.error!.message,
		);
		expect(match).not.toBeNull();
		expect(result.error!.description).toContain(match![1]);
		expect(elapsed).toBeLessThan(6000);
		// The tune is still there, and cancellable.
		const cancelled = await runPlatformNode(slow, 'octoAiFineTuning', { operation: 'cancel', tune: locator('id', match![1]) });
		expect(cancelled.items[0].json).toMatchObject({ id: match![1], status: 'cancelled' });
	});

	it('a tune cancelled elsewhere while the node waits ends the wait with a clear error', async () => {
		const running = runPlatformNode(slow, 'octoAiFineTuning', createParameters({ options: { pollInterval: 0.1 } }), {
			inputItems: await trainingItems(1),
		});
		const tune = await waitForTuneToExist(slow);
		expect((await api(slow, 'POST', `/v1/tune/${tune.id}/cancel`, undefined, slow.token)).status).toBe(200);
		const result = await running;
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toBe(`Fine-tune "${tune.name}" (${tune.id}) was cancelled: Cancelled on request`);
	});

	it("the editor's stop button ends the wait at once", async () => {
		const controller = new AbortController();
		const started = Date.now();
		const running = runPlatformNode(slow, 'octoAiFineTuning', createParameters({ options: { pollInterval: 30 } }), {
			inputItems: await trainingItems(1),
			signal: controller.signal,
		});
		await waitForTuneToExist(slow);
		controller.abort();
		const result = await running;
		expect(result.status).not.toBe('success');
		expect(Date.now() - started).toBeLessThan(5000);
	});
});
