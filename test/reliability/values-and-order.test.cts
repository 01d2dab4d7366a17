/**
 * Issue 10, classes 4 and 5, against the emulator through n8n's real engine: values that are not
 * what they seem (non-finite numbers, objects from expressions, reserved names, huge timeouts, blank
 * tokens, bad limits, path-like ids) and the order of operations that costs money (everything
 * checkable locally is checked before the first request that creates or bills anything).
 */
import type { INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { picture } from '../nodes/helpers.cts';
import { fileItem, locator, runPlatformNode, trainingItems, type PlatformNodeName } from '../nodes/platform-helpers.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('values-and-order');
const env = suite.emulator();

const GENERATE = { prompt: 'a red kite over the sea', options: { maxRetries: 0 } };

/** Requests the emulator received during `run`. */
async function counting<T>(run: () => Promise<T>): Promise<{ value: T; requests: Array<{ method: string; path: string; body?: unknown }> }> {
	const before = env.emulator.log.length;
	const value = await run();
	return { value, requests: env.emulator.log.slice(before) as never };
}

async function engine(parameters: INodeParameters, credentials?: Record<string, string>) {
	return await counting(async () => await suite.run(env, 'octoAiSd15', parameters, { credentials }));
}

async function platform(type: PlatformNodeName, parameters: INodeParameters, options: Parameters<typeof runPlatformNode>[3] = {}) {
	return await counting(async () => {
		const result = await runPlatformNode(env, type, parameters, options);
		suite.record(`${type} ${String(parameters.operation)}`, result);
		return result;
	});
}

describe('class 4: values that are not what they seem', () => {
	const REFUSED: Array<[string, INodeParameters, RegExp]> = [
		['CFG Scale = Infinity', { ...GENERATE, options: { ...GENERATE.options, cfgScale: '={{ Infinity }}' } }, /^CFG Scale \(Infinity\) must be a number/],
		['Steps = 1e309', { ...GENERATE, options: { ...GENERATE.options, steps: '={{ 1e309 }}' } }, /^Steps \(Infinity\) must be a whole number/],
		['a custom Width of 1e309', { ...GENERATE, resolution: 'custom', width: '={{ 1e309 }}', height: 512 }, /^Width \(Infinity\) must be a whole number/],
		['Strength = NaN', { ...GENERATE, mode: 'imageToImage', inputImage: 'data', strength: '={{ NaN }}' }, /^Strength/],
		['an object as Put Output in Field', { ...GENERATE, outputField: '={{ { a: 1 } }}' }, /^Put Output in Field must be text, but the expression gave an object$/],
		['Put Output in Field = __proto__', { ...GENERATE, outputField: '__proto__' }, /^Put Output in Field "__proto__" is a reserved name/],
		['an object as a LoRA name', { ...GENERATE, loras: { entries: [{ name: '={{ { x: 1 } }}', weight: 0.5 }] } }, /^LoRAs name must be text, but the expression gave object$/],
		['a LoRA weight of Infinity', { ...GENERATE, loras: { entries: [{ name: 'octoai:add-detail', weight: '={{ Infinity }}' }] } }, /LoRAs/],
		['a timeout above 2^31 ms', { ...GENERATE, options: { ...GENERATE.options, timeout: 3_000_000 } }, /^Timeout \(Seconds\) \(3000000\) must be a number greater than 0 and at most 86400$/],
	];
	it.each(REFUSED)('%s: refused for the item, naming the field, with no request', async (_name, parameters, message) => {
		suite.countCase('4 values not what they seem');
		const inputItems = parameters.mode ? [await binaryItem(await picture(64, 64), 'image/png', 'in.png')] : undefined;
		const { value, requests } = await counting(async () => await suite.run(env, 'octoAiSd15', parameters, { inputItems }));
		expect(value.error).toMatchObject({ name: 'NodeOperationError', context: { itemIndex: 0 } });
		expect(value.error!.message).toMatch(message);
		expect(requests.filter((r) => r.path.startsWith('/generate'))).toHaveLength(0);
	});

	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a LoRA named %s is sent as that name, not refused as a duplicate', async (name) => {
		suite.countCase('4 values not what they seem');
		const { requests } = await engine({ ...GENERATE, loras: { entries: [{ name, weight: 0.5 }, { name: 'octoai:add-detail', weight: 0.3 }] } });
		const sent = requests.find((r) => r.path.startsWith('/generate'));
		expect(sent).toBeDefined();
		expect(Object.keys(sent!.body as object)).toContain('loras');
		expect(Object.getOwnPropertyNames((sent!.body as { loras: object }).loras)).toEqual([name, 'octoai:add-detail']);
	});

	it('a textual inversion named __proto__ keeps its trigger word', async () => {
		suite.countCase('4 values not what they seem');
		const { requests } = await engine({ ...GENERATE, textualInversions: { entries: [{ name: '__proto__', triggerWord: 'zz' }] } });
		const sent = requests.find((r) => r.path.startsWith('/generate'));
		expect(Object.getOwnPropertyDescriptor((sent!.body as { textual_inversions: object }).textual_inversions, '__proto__')?.value).toBe('zz');
	});

	it.each(['', '   '])('an API token of %j is refused before anything is sent', async (apiToken) => {
		suite.countCase('4 values not what they seem');
		const { value, requests } = await engine(GENERATE, { apiToken });
		expect(value.error!.message).toBe('The OctoAI credential has no API token');
		expect(requests).toHaveLength(0);
	});

	it.each([
		['0', 0],
		['-3', -3],
		['NaN', '={{ NaN }}'],
		['a string', '={{ "ten" }}'],
		['1.5', 1.5],
	])('Limit %s: refused, naming Limit and the item', async (_name, limit) => {
		suite.countCase('4 values not what they seem');
		const { value, requests } = await platform('octoAiAssetLibrary', { operation: 'list', returnAll: false, limit });
		expect(value.error!.message).toMatch(/^Limit \(.+\) must be a whole number at least 1 and at most 100000$/);
		expect(requests).toHaveLength(0);
	});

	// Typed into the field, the mode's pattern stops the workflow before it runs (n8n's own check).
	it.each([
		['By ID', locator('id', '..'), 'An asset ID looks like asset_01H…'],
		['By ID', locator('id', '.'), 'An asset ID looks like asset_01H…'],
		['By Name', locator('name', '..'), 'An asset name like my-lora'],
		['By Name', locator('name', 'a/../../tunes'), 'An asset name like my-lora'],
	])('an asset typed %s as %j: the workflow does not run, no request', async (_mode, asset, message) => {
		suite.countCase('4 values not what they seem');
		const { value, requests } = await counting(async () =>
			await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset }).then(
				() => undefined,
				(error: Error) => error,
			),
		);
		expect(value?.message).toContain(message);
		expect(requests).toHaveLength(0);
	});

	// From an expression the editor cannot check: the node checks the same pattern per item.
	it.each([
		['By Name', locator('name', '={{ ".." }}'), /^Asset "\.\." is not valid: An asset name like/],
		['By ID', locator('id', '={{ "../tunes" }}'), /^Asset "\.\.\/tunes" is not valid: An asset ID looks like/],
		['By Name', locator('name', '={{ "owner/../x" }}'), /^Asset "owner\/\.\.\/x" is not valid/],
		['By ID', locator('id', '={{ { id: 1 } }}'), /^Asset must be text, but the expression gave an object$/],
	])('an asset %s from an expression, %j: refused for the item, no request', async (_mode, asset, message) => {
		suite.countCase('4 values not what they seem');
		const { value, requests } = await platform('octoAiAssetLibrary', { operation: 'get', asset });
		expect(value.error!.message).toMatch(message);
		expect(requests).toHaveLength(0);
	});

	it.each(['..', 'tune_01/../../assets'])('a tune id %j from an expression: refused before any request', async (id) => {
		suite.countCase('4 values not what they seem');
		const { value, requests } = await platform('octoAiFineTuning', { operation: 'get', tune: locator('id', `={{ ${JSON.stringify(id)} }}`) });
		expect(value.error!.message).toMatch(/^Tune ".+" is not valid: A tune ID looks like tune_01H…$/);
		expect(requests).toHaveLength(0);
	});

	it('an asset name with a slash that reaches the path is encoded, never a path of its own', async () => {
		suite.countCase('4 values not what they seem');
		const { requests } = await platform('octoAiAssetLibrary', { operation: 'get', asset: locator('list', 'asset_01H%2F..') });
		expect(requests.every((r) => r.path.startsWith('/v1/assets/'))).toBe(true);
	});
});

describe('class 5: order of operations that costs money', () => {
	const TUNE = { operation: 'create', tuneName: 'order-check', triggerWord: 'sks dog', waitForCompletion: true };
	const REFUSED: Array<[string, INodeParameters, RegExp]> = [
		['Steps from an expression that is not a number', { ...TUNE, steps: '={{ "many" }}' }, /^Steps \("many"\) must be a whole number/],
		['negative Steps', { ...TUNE, steps: -5 }, /^Steps \(-5\) must be/],
		['a Seed of 1e309', { ...TUNE, options: { seed: '={{ 1e309 }}' } }, /^Seed \(Infinity\) must be/],
		['a Seed of 2^32', { ...TUNE, options: { seed: 4294967296 } }, /^Seed \(4294967296\) must be/],
		['a timeout that is not a number', { ...TUNE, timeoutMinutes: '={{ "soon" }}' }, /^Timeout \(Minutes\) \("soon"\) must be a number/],
		['a poll interval of 0', { ...TUNE, options: { pollInterval: 0 } }, /^Poll Interval \(Seconds\) \(0\) must be a number at least 0\.1/],
		['an upload timeout of NaN', { ...TUNE, options: { uploadTimeout: '={{ NaN }}' } }, /^Upload Timeout \(Seconds\) \(NaN\) must be/],
		['an object as the tune name', { ...TUNE, tuneName: '={{ { a: 1 } }}' }, /^Tune Name must be text, but the expression gave an object$/],
	];
	it.each(REFUSED)('fine-tune with %s: refused before any image is uploaded', async (_name, parameters, message) => {
		suite.countCase('5 order of operations that costs money');
		const { value, requests } = await platform('octoAiFineTuning', parameters, { inputItems: await trainingItems(2) });
		expect(value.error!.message).toMatch(message);
		expect(requests).toHaveLength(0);
	});

	const UPLOADS: Array<[string, () => Promise<Awaited<ReturnType<typeof fileItem>>>, INodeParameters, RegExp]> = [
		['a 0-byte file', async () => await fileItem(Buffer.alloc(0), 'empty.png', 'image/png'), { assetType: 'file' }, /is empty \(0 bytes\)$/],
		['a text file named .png', async () => await fileItem(Buffer.from('hello, I am text'), 'fake.png', 'image/png'), { assetType: 'file' }, /is declared as PNG \(its file name\) but its bytes are not a PNG image$/],
		['a text file declared as JPEG', async () => await fileItem(Buffer.from('still text'), 'notes.txt', 'text/plain'), { assetType: 'file', options: { fileExtension: 'jpg' } }, /is declared as JPG \(File Extension\) but its bytes are not a JPEG image$/],
		['a 0-byte LoRA', async () => await fileItem(Buffer.alloc(0), 'lora.safetensors'), { assetType: 'lora' }, /is empty \(0 bytes\)$/],
		['a poll interval of "fast"', async () => await fileItem(Buffer.from('x'), 'a.txt', 'text/plain'), { assetType: 'file', options: { pollInterval: '={{ "fast" }}' } }, /^Poll Interval \(Seconds\) \("fast"\) must be/],
	];
	it.each(UPLOADS)('an upload of %s: refused locally, no request, nothing left in the library', async (_name, item, parameters, message) => {
		suite.countCase('5 order of operations that costs money');
		const { value, requests } = await platform(
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: `order-${Math.random().toString(36).slice(2, 8)}`, binaryPropertyName: 'data', ...parameters },
			{ inputItems: [await item()] },
		);
		expect(value.error!.message).toMatch(message);
		expect(requests).toHaveLength(0);
	});

	it('Create From URL with a timeout above a week: refused before the asset is created', async () => {
		suite.countCase('5 order of operations that costs money');
		const { value, requests } = await platform('octoAiAssetLibrary', {
			operation: 'createFromUrl',
			assetName: 'from-url',
			assetType: 'file',
			url: 'http://127.0.0.1:9/x.png',
			options: { timeout: 10_000_000 },
		});
		expect(value.error!.message).toMatch(/^Timeout \(Seconds\) \(10000000\) must be/);
		expect(requests).toHaveLength(0);
	});
});

suite.hygieneTest();
