import type { CredentialToImport, WorkflowToImport } from '../e2e/lib/cli.cts';
import { octoAiNode } from '../e2e/lib/octoai.cts';
import { buildWorkflow, manualTrigger, workflowNode, type WorkflowNode } from '../e2e/lib/workflow.cts';

/** The nodes whose execution time is "node time" for each path. */
export const OUR_NODES = ['OctoAI SDXL'];
export const CHAIN_NODES = ['HTTP Request', 'Split Out Images', 'Convert to File'];

const PROMPT = 'a noisy test card';
/**
 * Prefix of the warm-up copy of a path's nodes in the warm runs: the same work run once before the measured
 * nodes in the same execution, so the measured ones run as in a long-running n8n, not on code n8n
 * loads and compiles for the first time in a fresh `n8n execute` process.
 */
export const WARM_UP = 'Warm-up';

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
export function ourWorkflow(count: number, concurrency: number, credential: CredentialToImport, warm = false): WorkflowToImport {
	const make = (name: string) =>
		octoAiNode(name, 'octoAiSdxl', { prompt: PROMPT, options: { concurrency, imageEncoding: 'png' } }, credential);
	const nodes = [...inputNodes(count), ...(warm ? [make(`${WARM_UP} OctoAI SDXL`)] : []), make('OctoAI SDXL')];
	return buildWorkflow(`Bench: OctoAI SDXL ×${count} c${concurrency}${warm ? ' (warm)' : ''}`, nodes, chainEdges(nodes.slice(2).map((node) => node.name)));
}

/** `[a, b], [b, c], …` for nodes in a row, after the input nodes. */
function chainEdges(names: string[]): Array<[string, string]> {
	return [...INPUT_EDGES, ...names.slice(1).map((name, n): [string, string] => [names[n], name])];
}

/** What users build by hand: HTTP Request (the JSON with base64) → Split Out → Convert to File. */
export function chainWorkflow(count: number, serverUrl: string, warm = false): WorkflowToImport {
	const chain = (prefix: string) => [
			workflowNode(
				`${prefix}HTTP Request`,
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
			workflowNode(`${prefix}Split Out Images`, 'n8n-nodes-base.splitOut', { fieldToSplitOut: 'images', options: {} }),
			workflowNode(
				`${prefix}Convert to File`,
				'n8n-nodes-base.convertToFile',
				{
					operation: 'toBinary',
					sourceProperty: 'image_b64',
					binaryPropertyName: 'data',
					options: { fileName: 'image.png', mimeType: 'image/png' },
				},
				{ typeVersion: 1.1 },
			),
		];
	const nodes = [...inputNodes(count), ...(warm ? chain(`${WARM_UP} `) : []), ...chain('')];
	return buildWorkflow(`Bench: HTTP Request chain ×${count}${warm ? ' (warm)' : ''}`, nodes, chainEdges(nodes.slice(2).map((node) => node.name)));
}
