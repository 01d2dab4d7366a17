import type { INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { imageItem, picture, runEngineNode, useEmulator, type EngineNodeName } from './helpers.cts';

const env = useEmulator();

/** Each case: node, parameters, input item kind, and what the error message must say. */
const CASES: Array<[string, EngineNodeName, INodeParameters, RegExp]> = [
	['empty prompt', 'octoAiSdxl', { prompt: '   ' }, /^Prompt is empty$/],
	['unbalanced bracket', 'octoAiSdxl', { prompt: 'a (red fox' }, /^Prompt has a weighting error at character 3: '\(' is never closed$/],
	['bad weight', 'octoAiSd15', { prompt: 'a fox', negativePrompt: '(blurry:lots)' }, /^Negative Prompt has a weighting error at character 9: weight "lots" is not a number/],
	['steps too high', 'octoAiSdxl', { prompt: 'a fox', options: { steps: 500 } }, /^Steps \(500\) must be a whole number greater than 0 and at most 200$/],
	['fractional steps', 'octoAiSd15', { prompt: 'a fox', options: { steps: 12.5 } }, /^Steps \(12\.5\) must be a whole number/],
	['cfg scale too high', 'octoAiSdxl', { prompt: 'a fox', options: { cfgScale: 80 } }, /^CFG Scale \(80\) must be a number greater than 0 and at most 50$/],
	['too many images', 'octoAiSdxl', { prompt: 'a fox', numImages: 20 }, /^Number of Images \(20\) must be a whole number at least 1 and at most 16$/],
	['seed not a number', 'octoAiSdxl', { prompt: 'a fox', options: { seed: '12, abc' } }, /^Seed "abc" is not a whole number$/],
	['seed out of range', 'octoAiSdxl', { prompt: 'a fox', options: { seed: '4294967296' } }, /^Seed \(4294967296\) must be a whole number greater than 0 and less than 4294967296$/],
	['seed list length', 'octoAiSdxl', { prompt: 'a fox', numImages: 2, options: { seed: '1, 2, 3' } }, /^Seed \(1, 2, 3\) lists 3 seeds but Number of Images is 2/],
	['unsupported custom size', 'octoAiSdxl', { prompt: 'a fox', resolution: 'custom', width: 1000, height: 1000 }, /^Width \(1000\) 1000x1000 is not a resolution OctoAI SDXL supports; use one of 1024x1024/],
	['SDXL size on SD 1.5', 'octoAiSd15', { prompt: 'a fox', resolution: 'custom', width: 1344, height: 768 }, /1344x768 is not a resolution OctoAI SD 1.5 supports/],
	['duplicate LoRA', 'octoAiSdxl', { prompt: 'a fox', loras: { entries: [{ name: 'a', weight: 1 }, { name: 'a', weight: 2 }] } }, /^LoRAs: "a" is listed twice$/],
	['LoRA without name', 'octoAiSdxl', { prompt: 'a fox', loras: { entries: [{ name: ' ', weight: 1 }] } }, /^LoRAs: an entry has no name$/],
	// Asset names go by the rule of the Asset Library's ids and names, value shown with control characters escaped.
	['checkpoint with a line break', 'octoAiSdxl', { prompt: 'a fox', checkpoint: 'abc\ndef' }, /^Checkpoint "abc\\u000adef" contains control characters$/],
	['checkpoint of 5000 characters', 'octoAiSd15', { prompt: 'a fox', checkpoint: 'c'.repeat(5000) }, /^Checkpoint "c{60}…" \(5000 characters\) is too long: an id or a name has at most 200 characters$/],
	['VAE with a NUL', 'octoAiSdxl', { prompt: 'a fox', options: { vae: 'octoai:vae\u0000' } }, /^VAE "octoai:vae\\u0000" contains control characters$/],
	['LoRA name of 201 characters', 'octoAiSdxl', { prompt: 'a fox', loras: { entries: [{ name: 'l'.repeat(201), weight: 1 }] } }, /^LoRAs name "l{60}…" \(201 characters\) is too long/],
	['textual inversion name with a tab', 'octoAiSdxl', { prompt: 'a fox', textualInversions: { entries: [{ name: 'octoai:Negative\tXL', triggerWord: 'negxl' }] } }, /^Textual Inversions name "octoai:Negative\\u0009XL" contains control characters$/],
	['textual inversion name ".."', 'octoAiSd15', { prompt: 'a fox', textualInversions: { entries: [{ name: '..', triggerWord: 'negxl' }] } }, /^Textual Inversions name "\.\." is not an id or a name$/],
	['custom ControlNet name with a line break', 'octoAiControlNetSd15', { prompt: 'a fox', controlNet: 'custom', controlNetName: 'my\ncanny', controlImage: 'data' }, /^ControlNet "my\\u000acanny" contains control characters$/],
	['textual inversion trigger word of spaces', 'octoAiSdxl', { prompt: 'a fox', textualInversions: { entries: [{ name: 'octoai:NegativeXL', triggerWord: '   ' }] } }, /^Textual Inversions needs a trigger word$/],
	['trigger word missing from prompt', 'octoAiSdxl', { prompt: 'a fox', mode: 'photoMerge', transferImages: { entries: [{ triggerWord: 'sks', binaryFields: 'data' }] } }, /the prompt does not mention the trigger word "sks"/],
	['missing input field', 'octoAiSdxl', { prompt: 'a fox', mode: 'imageToImage', inputImage: 'photo' }, /^Input Image: item 0 has no binary field "photo"$/],
	['missing mask field', 'octoAiSd15', { prompt: 'a fox', mode: 'inpainting', inputImage: 'data', maskImage: 'mask' }, /^Mask Image: item 0 has no binary field "mask"$/],
	['missing control image', 'octoAiControlNetSdxl', { prompt: 'a fox', controlImage: 'edges' }, /^Control Image: item 0 has no binary field "edges"$/],
	['custom ControlNet name empty by expression', 'octoAiControlNetSd15', { prompt: 'a fox', controlNet: 'custom', controlNetName: '={{ $json.missing ?? "" }}', controlImage: 'data' }, /^ControlNet \(""\) needs a name$/],
	// A long value is shown shortened, not left out.
	['prompt too long', 'octoAiSdxl', { prompt: `a fox ${'x'.repeat(12_000)}` }, /^Prompt \("a fox x{34}…" \(12006 characters\)\) must be at most 10,000 characters$/],
	['expression giving a number as prompt', 'octoAiSdxl', { prompt: '={{ 42 }}' }, /^Prompt must be text, but the expression gave number$/],
	['expression with a syntax error', 'octoAiSdxl', { prompt: 'a fox', numImages: '={{ nope( }}' }, /^Number of Images: invalid syntax$/],
	['expression failing in Options', 'octoAiSd15', { prompt: 'a fox', options: { steps: '={{ 30 + }}' } }, /^Steps: invalid syntax$/],
	['expression giving a list as image', 'octoAiSdxl', { prompt: 'a fox', mode: 'imageToImage', inputImage: '={{ [1, 2] }}' }, /^Input Image: the expression resolved to a list/],
];

describe('bad input fails before any request, naming the field and the item', () => {
	it.each(CASES)('%s', async (_name, node, parameters, message) => {
		const before = env.generateRequests().length;
		const inputItems = [await imageItem({ data: await picture(512, 512) })];
		const result = await runEngineNode(env, node, parameters, { inputItems });
		expect(result.status).toBe('error');
		expect(result.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(result.error!.message).toMatch(message);
		expect(env.generateRequests().length).toBe(before);
	});

	it('a binary field that is not an image is refused without sending it', async () => {
		const before = env.generateRequests().length;
		const text = await binaryItem(Buffer.from('hello, not an image'), 'text/plain', 'note.txt', 'data');
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'a fox', mode: 'imageToImage', inputImage: 'data' }, {
			inputItems: [text],
		});
		expect(result.error!.message).toBe('Input Image: binary field "data" of item 0 is not a PNG, JPEG or WebP image');
		expect(result.error!.message + (result.error!.description ?? '')).not.toContain(Buffer.from('hello').toString('base64'));
		expect(env.generateRequests().length).toBe(before);
	});

	it('refuses input images above the size limit before sending', async () => {
		const before = env.generateRequests().length;
		const big = await picture(1024, 1024); // a few KB; the limit is lowered to make it "too big"
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'a fox', mode: 'imageToImage', inputImage: 'data', options: { maxInputImageMB: 0.002 } },
			{ inputItems: [await imageItem({ data: big })] },
		);
		expect(result.error!.message).toMatch(/^Input Image: the image of item 0 is \d+ KB, above the limit of 2 KB$/);
		expect(env.generateRequests().length).toBe(before);
		const ok = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'a fox', mode: 'imageToImage', inputImage: 'data' },
			{ inputItems: [await imageItem({ data: big })] },
		);
		expect(ok.error).toBeUndefined();
	});

	it('names the failing item among several', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: '={{ $json.prompt }}' }, {
			inputItems: [{ json: { prompt: 'a fox' } }, { json: { prompt: 'a (broken' } }, { json: { prompt: 'an owl' } }],
			continueOnFail: false,
		});
		expect(result.error).toMatchObject({ context: { itemIndex: 1 } });
		expect(result.error!.message).toContain("Prompt has a weighting error at character 3");
	});
});

describe('Continue On Fail', () => {
	it('gives an error item for the bad input and images for every other item', async () => {
		const before = env.generateRequests().length;
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: '={{ $json.prompt }}', numImages: '={{ $json.n }}' },
			{
				continueOnFail: true,
				inputItems: [
					{ json: { prompt: 'a fox', n: 1 } },
					{ json: { prompt: 'an owl', n: 99 } },
					{ json: { prompt: 'a cat', n: 2 } },
				],
			},
		);
		expect(result.status).toBe('success');
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 2 }]);
		expect(result.items[1].json.error).toBe('Number of Images (99) must be a whole number at least 1 and at most 16');
		expect(result.items[1].binary).toBeUndefined();
		for (const index of [0, 2, 3]) expect(result.items[index].binary?.data).toBeDefined();
		expect(env.generateRequests().slice(before).map((r) => r.body.prompt)).toEqual(['a fox', 'a cat']);
	});

	it('keeps other items when the API fails for one', async () => {
		env.emulator.queueFaults(env.token, [{ kind: 'status', status: 400 }]);
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: '={{ $json.prompt }}', options: { concurrency: 1 } }, {
			continueOnFail: true,
			inputItems: [{ json: { prompt: 'first' } }, { json: { prompt: 'second' } }],
		});
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toMatch(/^OctoAI rejected the request/);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[1].binary?.data).toBeDefined();
	});
});
