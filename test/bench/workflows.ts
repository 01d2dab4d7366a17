import type { CredentialToImport, WorkflowToImport } from '../e2e/lib/cli';
import { octoAiNode } from '../e2e/lib/octoai';
import { buildWorkflow, manualTrigger, workflowNode, type WorkflowNode } from '../e2e/lib/workflow';

/** The nodes whose execution time is "node time" for each path. */
export const OUR_NODES = ['OctoAI SDXL'];
export const CHAIN_NODES = ['HTTP Request', 'Split Out Images', 'Convert to File'];

const PROMPT = 'a noisy test card';

/** Manual Trigger → a list of `count` numbers → one item each: the same input for both paths. */
function inputNodes(count: number): WorkflowNode[] {
	const list = Array.from({ length: count }, (_, n) => n);
	return [
		manualTrigger(),
		workflowNode('Items', 'n8n-nodes-base.set', { mode: 'raw', jsonOutput: JSON.stringify({ n: list }), options: {} }, { typeVersion: 3.4 }),
		workflowNode('One Item Each', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'n', options: {} }),
	];
}
const INPUT_EDGES: Array<[string, string]> = [
	['Manual Trigger', 'Items'],
	['Items', 'One Item Each'],
];

/** Our node: one request per item, `concurrency` at once, PNG into n8n's binary store. */
export function ourWorkflow(count: number, concurrency: number, credential: CredentialToImport): WorkflowToImport {
	const node = octoAiNode('OctoAI SDXL', 'octoAiSdxl', { prompt: PROMPT, options: { concurrency, imageEncoding: 'png' } }, credential);
	return buildWorkflow(`Bench: OctoAI SDXL ×${count} c${concurrency}`, [...inputNodes(count), node], [
		...INPUT_EDGES,
		['One Item Each', 'OctoAI SDXL'],
	]);
}

/** What users build by hand: HTTP Request (the JSON with base64) → Split Out → Convert to File. */
export function chainWorkflow(count: number, serverUrl: string): WorkflowToImport {
	return buildWorkflow(
		`Bench: HTTP Request chain ×${count}`,
		[
			...inputNodes(count),
			workflowNode(
				'HTTP Request',
				'n8n-nodes-base.httpRequest',
				{
					method: 'POST',
					url: `${serverUrl}/generate/sdxl`,
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer bench-token' }] },
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify({ prompt: PROMPT, image_encoding: 'png' }),
					options: {},
				},
				{ typeVersion: 4.2 },
			),
			workflowNode('Split Out Images', 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'images', options: {} }),
			workflowNode(
				'Convert to File',
				'n8n-nodes-base.convertToFile',
				{
					operation: 'toBinary',
					sourceProperty: 'image_b64',
					binaryPropertyName: 'data',
					options: { fileName: 'image.png', mimeType: 'image/png' },
				},
				{ typeVersion: 1.1 },
			),
		],
		[...INPUT_EDGES, ['One Item Each', 'HTTP Request'], ['HTTP Request', 'Split Out Images'], ['Split Out Images', 'Convert to File']],
	);
}
