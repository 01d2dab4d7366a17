/**
 * Bad input that once slipped through (each was a bug found by this suite): expressions that fail
 * and would silently fall back to a default, errors inside Options, run options out of bounds, asset
 * fields of the wrong type, unknown modes. Each must be a NodeOperationError naming the field for
 * the item, before any request.
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { NODE_NAMES, type NodeKey } from './bad-input.cases.cts';
import { itemWithFiles, makeInputFiles, withJson } from './support/inputs.cts';
import { leadingLabel } from './support/params.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { generationsSince } from './support/tally.cts';

const suite = new ReliabilitySuite('bad-input-run-options');
const env = suite.emulator();
let fileItem: INodeExecutionData;

beforeAll(async () => {
	fileItem = await itemWithFiles(await makeInputFiles(suite.evidence));
});

// n8n evaluates an expression that throws at run time (here: a property of a missing object) to
// nothing, without an error; the node then cannot tell it from an empty field unless it checks.
const FAILS = '={{ $json.sheet.row.value }}';
const I2I = { mode: 'imageToImage', inputImage: 'data' };

const GAPS: Array<[name: string, node: NodeKey, parameters: INodeParameters, label: string]> = [
	['failing expression in Number of Images (would fall back to 1)', 'sdxl', { numImages: FAILS }, 'Number of Images'],
	['failing expression in Steps (would fall back to 30)', 'sd15', { options: { steps: FAILS } }, 'Steps'],
	['failing expression in CFG Scale (would fall back to 12)', 'cnSdxl', { options: { cfgScale: FAILS } }, 'CFG Scale'],
	['failing expression in Seed (would become random)', 'cnSd15', { options: { seed: FAILS } }, 'Seed'],
	['failing expression in Sampler (would fall back to DDIM)', 'sdxl', { sampler: FAILS }, 'Sampler'],
	['failing expression in a custom Width (would fall back to the default size)', 'sd15', { resolution: 'custom', width: FAILS, height: 512 }, 'Width'],
	['failing expression in Strength (would fall back to 0.8)', 'sdxl', { ...I2I, strength: FAILS }, 'Strength'],
	['failing expression in Style Preset (would be left out)', 'cnSdxl', { options: { stylePreset: FAILS } }, 'Style Preset'],
	['failing expression in Image Encoding (would fall back to PNG)', 'sd15', { options: { imageEncoding: FAILS } }, 'Image Encoding'],
	['failing expression in Checkpoint (would be left out)', 'sdxl', { checkpoint: FAILS }, 'Checkpoint'],
	['failing expression in Conditioning Scale (would fall back to 1)', 'cnSdxl', { conditioningScale: FAILS }, 'Conditioning Scale'],
	['failing expression in Early Stop (would be left out)', 'cnSd15', { options: { earlyStop: FAILS } }, 'Early Stop'],
	['expression syntax error in Steps names Steps, not Options', 'sd15', { options: { steps: '={{ 20 * }}' } }, 'Steps'],
	['Seed from a node not in the workflow names Seed', 'sdxl', { options: { seed: '={{ $("Sheet").item.json.seed }}' } }, 'Seed'],
	['Concurrency "abc" from an expression (would lose every item)', 'sdxl', { options: { concurrency: '={{ "abc" }}' } }, 'Concurrency'],
	['Concurrency 100 from an expression (above 32)', 'sd15', { options: { concurrency: '={{ 100 }}' } }, 'Concurrency'],
	['Concurrency -1 from an expression (0 is Auto)', 'sd15', { options: { concurrency: '={{ -1 }}' } }, 'Concurrency'],
	['Max Retries 99 from an expression (up to 100 billed attempts)', 'sdxl', { options: { maxRetries: '={{ 99 }}' } }, 'Max Retries'],
	['Max Retries -1 from an expression', 'sd15', { options: { maxRetries: '={{ -1 }}' } }, 'Max Retries'],
	['Timeout 0 from an expression (would mean no timeout)', 'sdxl', { options: { timeout: '={{ 0 }}' } }, 'Timeout (Seconds)'],
	['Max Input Image Size "abc" (would switch the check off)', 'sdxl', { ...I2I, options: { maxInputImageMB: '={{ "abc" }}' } }, 'Max Input Image Size (MB)'],
	['Max Input Image Size 0 (would refuse every image)', 'sd15', { ...I2I, options: { maxInputImageMB: '={{ 0 }}' } }, 'Max Input Image Size (MB)'],
	['failing expression in Wait Mode (would fall back to Synchronous)', 'sdxl', { options: { waitMode: FAILS } }, 'Wait Mode'],
	['Poll Interval 0 from an expression (would poll without pause)', 'sd15', { options: { waitMode: 'async', pollInterval: '={{ 0 }}' } }, 'Poll Interval (Seconds)'],
	['Max Wait "abc" from an expression (would wait without a deadline)', 'sdxl', { options: { waitMode: 'async', maxWait: '={{ "abc" }}' } }, 'Max Wait (Seconds)'],
	['Checkpoint from an expression giving an object (would be sent as "[object Object]")', 'sdxl', { checkpoint: '={{ { name: "octoai:RealVisXL" } }}' }, 'Checkpoint'],
	['VAE from an expression giving a number (would be left out)', 'sd15', { options: { vae: '={{ 5 }}' } }, 'VAE'],
	['unknown Mode value from an imported workflow (would run text to image)', 'sdxl', { mode: 'upscale' }, 'Mode'],
];

const LABELS = [...new Set(GAPS.map(([, , , label]) => label))];

describe('bad input in expressions and run options: a NodeOperationError naming the field, and no request', () => {
	it.each(GAPS)('%s', async (_name, node, parameters, label) => {
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, NODE_NAMES[node], { prompt: 'a red fox in the snow', ...parameters }, {
			inputItems: [withJson(fileItem, {})],
		});
		const sent = generationsSince(env.emulator.log, before, env.token);
		suite.figures.generationRequests += sent.length;
		expect({
			status: result.status,
			error: result.error?.name,
			itemIndex: result.error?.context?.itemIndex,
			label: leadingLabel(result.error?.message ?? '', LABELS),
			requests: sent.length,
			items: result.items.length,
		}).toEqual({ status: 'error', error: 'NodeOperationError', itemIndex: 0, label, requests: 0, items: 0 });
	});

	// A negative timeout once reached a socket timer whose RangeError nothing caught, and the execution
	// hung until n8n's own execution timeout (here cut to 5 s) cancelled it.
	it('Timeout -1 from an expression fails instead of hanging', async () => {
		suite.figures.casesTried += 1;
		const result = await suite.run(env, NODE_NAMES.sdxl, { prompt: 'a red fox', options: { timeout: '={{ -1 }}' } }, {
			inputItems: [withJson(fileItem, {})],
			timeoutMs: 5_000,
		});
		expect({ status: result.status, error: result.error?.name, label: leadingLabel(result.error?.message ?? '', ['Timeout (Seconds)']) }).toEqual({
			status: 'error',
			error: 'NodeOperationError',
			label: 'Timeout (Seconds)',
		});
	});
});

suite.hygieneTest();
