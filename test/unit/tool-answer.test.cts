// The tool answer where n8n keeps binary data in memory (n8n 1.x's default): no link can be signed,
// and the answer says so instead of failing or sending the data.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toolAnswers } from '../../nodes/shared/tool/tool-answer';

const context = (type: string, sign?: () => string) =>
	({
		getNode: () => ({ type, name: 'SDXL' }),
		helpers: sign ? { createBinarySignedUrl: sign } : {},
	}) as unknown as IExecuteFunctions;

const inMemory = (): INodeExecutionData => ({
	json: { seed: 5 },
	binary: { data: { data: Buffer.from('0123456789').toString('base64'), mimeType: 'image/png', fileName: 'sdxl-5.png' } },
});

it('in memory mode: no link, the reason, the byte size counted from the data', () => {
	const [item] = toolAnswers(context('n8n-nodes-octoai.octoAiSdxlTool', () => 'never'), [inMemory()]);
	expect(item.json).toMatchObject({ seed: 5, fileName: 'sdxl-5.png', mimeType: 'image/png', fileSizeBytes: 10, url: null });
	expect(item.json.urlProblem).toMatch(/in memory.*N8N_DEFAULT_BINARY_DATA_MODE=filesystem/);
	expect(item.json).not.toHaveProperty('markdown');
	expect(item.json.instruction).toMatch(/no link can be given/);
	expect(item.binary).toBeDefined();
});

it('where n8n cannot sign (it throws), the answer says so rather than failing the call', () => {
	const stored = { json: {}, binary: { data: { id: 'filesystem-v2:x', data: '', mimeType: 'video/mp4', fileName: 'svd-1.mp4', bytes: 99 } } };
	const [item] = toolAnswers(context('n8n-nodes-octoai.octoAiStableVideoDiffusionTool', () => { throw new Error('no signing'); }), [stored]);
	expect(item.json).toMatchObject({ fileSizeBytes: 99, url: null });
});

it('a video gets a link, not an image tag; several files are listed', () => {
	const twoFiles = {
		json: {},
		binary: {
			data: { id: 'a', data: '', mimeType: 'video/mp4', fileName: 'svd-1.mp4', bytes: 5 },
			data_1: { id: 'b', data: '', mimeType: 'image/png', fileName: 'x.png', bytes: 6 },
		},
	};
	const [item] = toolAnswers(context('pkg.nodeTool', () => 'http://n8n/rest/binary-data/signed?token=t'), [twoFiles]);
	const files = item.json.files as Array<Record<string, unknown>>;
	expect(files.map((file) => file.markdown)).toEqual([
		'[svd-1.mp4](http://n8n/rest/binary-data/signed?token=t)',
		'![x.png](http://n8n/rest/binary-data/signed?token=t)',
	]);
});

it('outside tool mode items are left as they are', () => {
	const items = [inMemory()];
	expect(toolAnswers(context('n8n-nodes-octoai.octoAiSdxl'), items)).toBe(items);
});
