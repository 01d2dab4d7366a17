/**
 * Asset names the node cannot check itself (it does not know the account's library): the API's 422
 * names the field and the asset, the request is sent once and never retried, and with Continue On
 * Fail the other items still get their images.
 */
import type { INodeParameters } from 'n8n-workflow';

import { NODE_NAMES, type NodeKey } from './bad-input.cases.cts';
import { itemWithFiles, makeInputFiles, withJson } from './support/inputs.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { itemMarker } from './support/tally.cts';
import { escapeRegExp } from './support/params.cts';

const suite = new ReliabilitySuite('unknown-assets');
const env = suite.emulator();

const UNKNOWN = "is unknown: it is neither in the public library";
const lora = (name: string) => ({ loras: { entries: [{ name, weight: 0.8 }] } });

const CASES: Array<[name: string, node: NodeKey, parameters: INodeParameters, field: string, says: string]> = [
	['unknown public checkpoint', 'sdxl', { checkpoint: 'octoai:no-such-model' }, 'Checkpoint \\(checkpoint\\)', `checkpoint 'octoai:no-such-model' ${UNKNOWN}`],
	['unknown private LoRA', 'sdxl', lora('my-missing-lora'), 'LoRAs \\(loras\\.my-missing-lora\\)', `LoRA 'my-missing-lora' ${UNKNOWN}`],
	['a LoRA named as the checkpoint', 'sdxl', { checkpoint: 'octoai:add-detail' }, 'Checkpoint \\(checkpoint\\)', "'octoai:add-detail' is a LoRA, not a checkpoint"],
	['an SDXL LoRA on SD 1.5', 'sd15', lora('octoai:add-detail'), 'LoRAs \\(loras\\.octoai:add-detail\\)', "LoRA 'octoai:add-detail' is built for"],
	['an SDXL checkpoint on SD 1.5', 'sd15', { checkpoint: 'octoai:RealVisXL' }, 'Checkpoint \\(checkpoint\\)', "checkpoint 'octoai:RealVisXL' is built for"],
	['unknown VAE', 'cnSdxl', { options: { vae: 'octoai:no-such-vae' } }, 'VAE \\(vae\\)', `VAE 'octoai:no-such-vae' ${UNKNOWN}`],
	['unknown textual inversion', 'cnSd15', { textualInversions: { entries: [{ name: 'octoai:no-such-embedding', triggerWord: 'fox' }] } }, 'Textual Inversions \\(textual_inversions\\.octoai:no-such-embedding\\)', UNKNOWN],
	['an SD 1.5 ControlNet on ControlNet SDXL', 'cnSdxl', { controlNet: 'custom', controlNetName: 'octoai:canny_sd15' }, 'ControlNet \\(controlnet\\)', 'octoai:canny_sd15'],
	['unknown private ControlNet', 'cnSd15', { controlNet: 'custom', controlNetName: 'my-controlnet' }, 'ControlNet \\(controlnet\\)', 'my-controlnet'],
];


describe('unknown assets: the API 422 names the field and the asset; one request, no retry', () => {
	let files: Awaited<ReturnType<typeof makeInputFiles>>;
	beforeAll(async () => {
		files = await makeInputFiles(suite.evidence);
	});

	it.each(CASES)('%s', async (_name, node, parameters, field, says) => {
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const inputItems = [await itemWithFiles(files, { prompt: `a fox, ${itemMarker(0)}` })];
		const result = await suite.run(env, NODE_NAMES[node], { prompt: '={{ $json.prompt }}', ...parameters }, { inputItems });
		const { groups } = suite.count(env, before, () => false);
		expect(groups.get(0)?.map((attempt) => attempt.status)).toEqual([422]);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '422', context: { itemIndex: 0 } });
		expect(result.error!.message).toMatch(new RegExp(`^OctoAI rejected a parameter \\(422\\): ${field}: Value error, .*${escapeRegExp(says)}`));
	});

	it('with Continue On Fail, only the item naming the unknown LoRA fails', async () => {
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const item = await itemWithFiles(files);
		const names = ['octoai:add-detail', 'octoai:no-such-lora', 'octoai:crayon-style'];
		const inputItems = names.map((name, i) => withJson(item, { prompt: `crayon drawing of a fox, ${itemMarker(i)}`, lora: name }));
		const result = await suite.run(env, NODE_NAMES.sdxl, { prompt: '={{ $json.prompt }}', ...lora('={{ $json.lora }}') }, {
			inputItems,
			continueOnFail: true,
		});
		const { groups } = suite.count(env, before, (i) => i !== 1);
		expect([...groups.entries()].map(([i, attempts]) => [i, attempts.map((a) => a.status)])).toEqual([
			[0, [200]],
			[1, [422]],
			[2, [200]],
		]);
		expect(result.items.map((out) => [out.pairedItem, Boolean(out.binary?.data)])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
			[{ item: 2 }, true],
		]);
		expect(result.items[1].json.error).toMatch(/^OctoAI rejected a parameter \(422\): LoRAs \(loras\.octoai:no-such-lora\)/);
		const lost = [0, 2].filter((i) => !result.items[i].binary?.data).length;
		suite.figures.itemsLost += lost;
	});
});

suite.hygieneTest();
