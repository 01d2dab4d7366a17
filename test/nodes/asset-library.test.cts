// Asset Library through n8n's engine against the emulator: upload from a binary field, and the
// deadline of the wait for an upload's verdict.
import { picture, useEmulator } from './helpers.cts';
import { api, fileItem, requestsSince, runPlatformNode, safetensors, uniqueName } from './platform-helpers.cts';
import { FAST, SD15, SDXL, uploadLora } from './asset-library-support.cts';

const env = useEmulator({ assetReadyMs: 30 });

describe('Asset Library: upload from a binary field', () => {
	it('creates the asset, PUTs the bytes to the presigned URL, completes the upload and waits until ready', async () => {
		const name = uniqueName('crayon');
		const before = env.emulator.log.length;
		const result = await uploadLora(env, name);
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
		const result = await uploadLora(env, uniqueName('tokencheck'));
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
		const result = await uploadLora(env, name, Buffer.from('this is not a safetensors file'));
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
		const result = await uploadLora(env, name);
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
