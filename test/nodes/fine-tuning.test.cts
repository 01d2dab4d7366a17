// Fine-Tuning through n8n's engine against the emulator: create a LoRA tune from the images of all
// input items, and use the trained LoRA in the next node.
import { decode, picture, useEmulator } from './helpers.cts';
import { api, fileItem, locator, requestsSince, runChain, runPlatformNode, trainingItems, uniqueName } from './platform-helpers.cts';
import { createParameters, FAST, SD15, SDXL } from './fine-tuning-support.cts';

const env = useEmulator({ assetReadyMs: 20, tuneStepMs: 100 });

describe('Fine-Tuning: create a LoRA tune from the images of all input items', () => {
	it('uploads every image as a file asset, trains one tune, waits, and names the new LoRA', async () => {
		const parameters = createParameters();
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', parameters, { inputItems: await trainingItems(3) });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(item.json).toMatchObject({ status: 'succeeded', name: parameters.tuneName, triggerWord: 'sks dog' });
		// OctoAI's published price: $0.10 per 500-step SD 1.5 fine-tune.
		expect(item.json).toMatchObject({ estimated_cost_usd: 0.1, price_basis: expect.stringContaining('$0.1 per SD 1.5 fine-tune of 500 steps') });
		expect(typeof item.json.lora).toBe('string');
		expect(item.json.output_lora_ids).toEqual([item.json.loraId]);

		// The LoRA is a private, ready asset of the tenant, found by the name the node put out.
		const lora = await api<{ asset: Record<string, unknown> }>(env, 'GET', `/v1/assets/${encodeURIComponent(item.json.lora as string)}`);
		expect(lora.body.asset).toMatchObject({ id: item.json.loraId, asset_type: 'lora', status: 'ready', is_public: false });

		const sent = requestsSince(env, before);
		const fileCreates = sent.filter((entry) => entry.method === 'POST' && entry.path === '/v1/assets');
		expect(fileCreates).toHaveLength(3);
		for (const create of fileCreates) {
			expect(create.body).toMatchObject({
				asset_type: 'file',
				data: { asset_type: 'file', file_format: 'png' },
				transfer_api_type: 'presigned-url',
			});
		}
		const uploads = sent.filter((entry) => entry.method === 'PUT');
		expect(uploads).toHaveLength(3);
		for (const upload of uploads) {
			expect(upload.path).toMatch(/^\/_uploads\//);
			expect(upload.token).toBeNull();
			expect(upload.headers.authorization).toBeUndefined();
		}
		// The token went to the API routes only.
		for (const entry of sent.filter((e) => !e.path.startsWith('/_uploads/'))) {
			expect(entry.path).toMatch(/^\/v1\//);
			expect(entry.token).toBe(env.token);
		}

		const [tuneRequest] = sent.filter((entry) => entry.method === 'POST' && entry.path === '/v1/tune');
		const checkpoint = await api<{ asset: { id: string } }>(env, 'GET', '/v1/assets/octoai%3Adefault-sd15');
		const fileIds = sent.filter((entry) => entry.path.endsWith('/complete-upload')).map((entry) => entry.path.split('/')[3]);
		expect(tuneRequest.body).toEqual({
			name: parameters.tuneName,
			details: {
				tune_type: 'lora_tune',
				base_checkpoint: { checkpoint_id: checkpoint.body.asset.id, engine: SD15, name: 'octoai:default-sd15' },
				files: fileIds.map((id) => ({ file_id: id })),
				steps: 500,
				trigger_words: ['sks dog'],
			},
		});
	});

	it('sends captions per item, seed, steps, resize and description, on the SDXL default checkpoint', async () => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({
				engine: SDXL,
				steps: 800,
				waitForCompletion: false,
				options: { ...FAST, caption: '={{ $json.caption }}', seed: 1234, resizeImages: false, description: 'My dog' },
			}),
			{ inputItems: await trainingItems(2) },
		);
		expect(result.error).toBeUndefined();
		// Not waiting: the tune as started, without a LoRA yet.
		expect(result.items[0].json).toMatchObject({ status: 'pending', lora: null, loraId: null, triggerWord: 'sks dog' });
		// No price is published for SDXL fine-tunes: no estimate, and the basis says why.
		expect(result.items[0].json).toMatchObject({ estimated_cost_usd: null, price_basis: expect.stringContaining('publishes no price') });
		const [tuneRequest] = requestsSince(env, before, { method: 'POST', path: /^\/v1\/tune$/ });
		const body = tuneRequest.body as { description: string; details: Record<string, unknown> };
		expect(body.description).toBe('My dog');
		expect(body.details).toMatchObject({
			base_checkpoint: { engine: SDXL, name: 'octoai:default-sdxl' },
			steps: 800,
			seed: 1234,
			resize_images: false,
			files: [
				{ file_id: expect.any(String), caption: 'a photo of a dog, pose 0' },
				{ file_id: expect.any(String), caption: 'a photo of a dog, pose 1' },
			],
		});
	});

	it('takes several binary fields per item', async () => {
		const item = await fileItem(await picture(128, 128), 'a.png', 'image/png', 'front');
		const side = await fileItem(await picture(128, 128, 'jpeg'), 'b.jpg', 'image/jpeg', 'side');
		item.binary!.side = side.binary!.side;
		const before = env.emulator.log.length;
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ binaryPropertyName: 'front, side', waitForCompletion: false }),
			{ inputItems: [item] },
		);
		expect(result.error).toBeUndefined();
		const creates = requestsSince(env, before, { method: 'POST', path: /^\/v1\/assets$/ });
		expect(creates.map((entry) => (entry.body as { data: { file_format: string } }).data.file_format)).toEqual(['png', 'jpg']);
	});

	it('refuses a non-image input before uploading anything', async () => {
		const before = env.emulator.log.length;
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters(), {
			inputItems: [...(await trainingItems(1)), await fileItem(Buffer.from('plain text'), 'notes.txt', 'text/plain')],
		});
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe('Input Binary Fields: binary field "data" of item 1 is not a PNG or JPEG image');
		expect(requestsSince(env, before)).toEqual([]);
	});

	it('refuses a base checkpoint of the other engine family', async () => {
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ engine: SD15, baseCheckpoint: locator('name', 'octoai:RealVisXL') }),
			{ inputItems: await trainingItems(1) },
		);
		expect(result.error!.message).toBe('Base Checkpoint: "octoai:RealVisXL" is built for SDXL, not SD 1.5');
		const notACheckpoint = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ baseCheckpoint: locator('name', 'octoai:add-detail') }),
			{ inputItems: await trainingItems(1) },
		);
		expect(notACheckpoint.error!.message).toBe('Base Checkpoint: "octoai:add-detail" is a lora, not a checkpoint');
	});

	it('a tune that fails ends the run with the API reason, naming the tune', async () => {
		const result = await runPlatformNode(env, 'octoAiFineTuning', createParameters({ tuneName: uniqueName('fail') }), {
			inputItems: await trainingItems(2),
		});
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toMatch(/^Fine-tune "fail-[0-9a-f]{8}" \(tune_[^)]+\) failed: .+/);
	});

	it('a failed tune with Continue On Fail becomes one error item paired with every input item', async () => {
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			createParameters({ tuneName: uniqueName('fail') }),
			{ continueOnFail: true, inputItems: await trainingItems(2) },
		);
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/failed/);
		expect(result.items[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});
});


describe('Fine-Tuning: a LoRA trained in one workflow is used by the next node', () => {
	it('Start (images) -> Fine-Tuning (create and wait) -> SD 1.5 with the new LoRA', async () => {
		const result = await runChain(
			env,
			[
				{ name: 'Train', type: 'octoAiFineTuning', parameters: createParameters({ triggerWord: 'sks dog' }) },
				{
					name: 'Generate',
					type: 'octoAiSd15',
					parameters: {
						prompt: '={{ "a photo of " + $json.triggerWord + " on the beach" }}',
						loras: { entries: [{ name: locator('name', '={{ $json.lora }}'), weight: 0.8 }] },
						options: { seed: '7' },
					},
				},
			],
			{ inputItems: await trainingItems(2) },
		);
		expect(result.error).toBeUndefined();
		expect(result.nodeOrder).toEqual(['Start', 'Train', 'Generate']);
		const [trained] = result.outputs('Train');
		const [image] = result.outputs('Generate');
		expect(image.pairedItem).toEqual({ item: 0 });
		expect(await decode(result, image)).toMatchObject({ format: 'png', width: 512, height: 512 });
		const generation = env.generateRequests().at(-1)!;
		expect(generation.status).toBe(200);
		expect(generation.body).toMatchObject({ prompt: 'a photo of sks dog on the beach', loras: { [trained.json.lora as string]: 0.8 } });
	});
});
