// The engine nodes as an AI agent's tool, run as AI Agent 3.1 runs one: the tool variant
// (`octoAiSdxlTool`) as an ordinary node whose input item holds the model's arguments ($fromAI).
import { randomUUID } from 'node:crypto';

import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { INodeExecutionData } from 'n8n-workflow';
import sharp from 'sharp';

import { runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();
const sentSince = (before: number) => env.generateRequests().length - before;
const args = (json: INodeExecutionData['json']): INodeExecutionData[] => [{ json }];
const fromAi = {
	prompt: "={{ $fromAI('prompt', 'What the picture shows') }}",
	negativePrompt: "={{ $fromAI('avoid', 'What the picture must not show', 'string', '') }}",
	resolution: "={{ $fromAI('size', 'Width x height', 'string', '1024x1024') }}",
	numImages: "={{ $fromAI('images', 'How many pictures', 'number', 1) }}",
};
const withSeed = (options: Record<string, unknown>) => ({ ...options, seed: "={{ $fromAI('seed', 'Seed', 'number', 7) }}" });

describe('an engine node as an agent tool', () => {
	it('answers with JSON and a signed link per image, keeps the binary, and takes its values from the model', async () => {
		const before = sentSince(0);
		const result = await runEngineNode(env, 'octoAiSdxl', { ...fromAi, options: withSeed({}) }, { asTool: true, inputItems: args({ prompt: 'a red fox', avoid: 'snow', size: '832x1216', images: 2, seed: 42 }) });
		expect({ status: result.status, error: result.error?.message }).toEqual({ status: 'success', error: undefined });
		expect(sentSince(before)).toBe(1);
		expect(env.generateRequests().at(-1)!.body).toMatchObject({ prompt: 'a red fox', negative_prompt: 'snow', width: 832, height: 1216, num_images: 2, seed: 42 });
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			const bytes = await result.binaryBuffer(item, 'data');
			const meta = await sharp(bytes).metadata();
			const json = item.json;
			expect(json).toMatchObject({
				engine: 'sdxl',
				removed_for_safety: false,
				width: meta.width,
				height: meta.height,
				mimeType: `image/${meta.format}`,
				fileName: expect.stringMatching(/^sdxl-\d+\.png$/),
				fileSizeBytes: bytes.length,
				estimated_cost_usd: null,
				urlLifetime: '24 hours',
			});
			expect(typeof json.seed).toBe('number');
			expect(json).not.toHaveProperty('parameters');
			// The link opens this very file: n8n's signed token names the stored binary.
			const url = new URL(String(json.url));
			expect(`${url.origin}${url.pathname}`).toBe('http://localhost:5678/rest/binary-data/signed');
			const id = Container.get(BinaryDataService).validateSignedToken(url.searchParams.get('token')!);
			expect(id).toBe(result.binaryData(item, 'data').id);
			expect(json.markdown).toBe(`![${String(json.fileName)}](${String(json.url)})`);
			expect(json.instruction).toContain(String(json.markdown));
			expect(json.instruction).toContain('24 hours');
			// Small: no image data reaches the agent.
			expect(JSON.stringify(json).length).toBeLessThan(2000);
		}
	});

	it('a value from the model is checked like any other: a clear error before any request', async () => {
		const before = sentSince(0);
		const result = await runEngineNode(env, 'octoAiSdxl', { ...fromAi, options: {} }, { asTool: true, inputItems: args({ prompt: 'a fox', images: 40 }) });
		expect(result.status).toBe('error');
		expect(result.error!.message).toMatch(/^Number of Images/);
		expect(result.error!.message).toContain('40');
		expect(sentSince(before)).toBe(0);
		const empty = await runEngineNode(env, 'octoAiSdxl', { ...fromAi, options: {} }, { asTool: true, inputItems: args({ prompt: '' }) });
		expect(empty.error!.message).toMatch(/^Prompt/);
		const size = await runEngineNode(env, 'octoAiSdxl', { ...fromAi, options: {} }, { asTool: true, inputItems: args({ prompt: 'a fox', size: '4000x10' }) });
		expect(size.error!.message).toMatch(/is not a resolution OctoAI SDXL supports/);
		expect(size.error!.message).toContain('4000x10');
		const seed = await runEngineNode(env, 'octoAiSdxl', { ...fromAi, options: withSeed({}) }, { asTool: true, inputItems: args({ prompt: 'a fox', seed: 'lucky' }) });
		expect(seed.error!.message).toMatch(/^Seed/);
		expect(sentSince(before)).toBe(0);
	});

	it('the spending guard caps the whole execution: a later call over Max Images per Run is refused, nothing sent', async () => {
		const executionId = `agent-${randomUUID()}`;
		const guarded = { ...fromAi, options: { maxImagesPerRun: 3 } };
		const first = await runEngineNode(env, 'octoAiSdxl', guarded, { asTool: true, executionId, inputItems: args({ prompt: 'a fox', images: 2 }) });
		expect(first.status).toBe('success');
		const before = sentSince(0);
		const second = await runEngineNode(env, 'octoAiSdxl', guarded, { asTool: true, executionId, inputItems: args({ prompt: 'a fox', images: 2 }) });
		expect(second.status).toBe('error');
		expect(second.error!.message).toBe(
			"Max Images per Run is 3, but this run asks for 2 images (1 item) and this execution's earlier calls of this tool made 2 images; nothing was sent",
		);
		expect(sentSince(before)).toBe(0);
		// One more image still fits; another execution starts from nothing.
		const third = await runEngineNode(env, 'octoAiSdxl', guarded, { asTool: true, executionId, inputItems: args({ prompt: 'a fox', images: 1 }) });
		expect(third.status).toBe('success');
		const other = await runEngineNode(env, 'octoAiSdxl', guarded, { asTool: true, inputItems: args({ prompt: 'a fox', images: 3 }) });
		expect(other.status).toBe('success');
	});

	it('outside tool mode the same node keeps its full output (no link fields)', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', options: {} });
		expect(result.items[0].json).toHaveProperty('parameters');
		expect(result.items[0].json).not.toHaveProperty('url');
		expect(result.items[0].json).not.toHaveProperty('width');
	});
});
