import { readdirSync } from 'node:fs';
import path from 'node:path';

import type { IConnections, INode, INodeExecutionData } from 'n8n-workflow';

import { fixtureNode, type WorkflowJson } from '../harness/index.cts';

/**
 * An example workflow (examples/*.json) made runnable in the harness, which loads this package's
 * nodes but not n8n's own: every OctoAI node is kept exactly as saved (name, typeVersion,
 * parameters, connections), and each n8n node around it becomes the harness node that gives the
 * same items. A node type this does not know fails the translation, so no example is skipped.
 */
export function runnableExample(
	workflow: WorkflowJson,
	repoRoot: string,
	credentialId: string,
): { workflow: WorkflowJson; inputItems?: INodeExecutionData[] } {
	const dropped = new Set<string>();
	const nodes: INode[] = [];
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger') ?? workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	for (const node of workflow.nodes) {
		const replaced = replacement(node, node === trigger, workflow, repoRoot);
		if (!replaced) dropped.add(node.name);
		// The test's credential stands in for the one the example names (the app's import does the same).
		else nodes.push(replaced.credentials?.octoAiApi ? { ...replaced, credentials: { octoAiApi: { id: credentialId, name: 'OctoAI' } } } : replaced);
	}
	return {
		workflow: { ...workflow, nodes, connections: withoutNodes(workflow.connections, dropped) },
		inputItems: globInputItems(workflow, trigger, repoRoot),
	};
}

/**
 * Read/Write Files with a file pattern (examples/assets/subject-*.jpg) reads one item per file; the
 * harness's Read Binary reads one per input item, so the trigger is given one item per matched file.
 */
function globInputItems(workflow: WorkflowJson, trigger: INode | undefined, repoRoot: string): INodeExecutionData[] | undefined {
	const globbed = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.readWriteFile' && String(n.parameters.fileSelector ?? '').includes('*'));
	if (!globbed) return undefined;
	const next = trigger && workflow.connections[trigger.name]?.main?.[0]?.map((c) => c.node);
	if (!next?.includes(globbed.name)) throw new Error(`${globbed.name}: a file pattern is translated only right after the trigger`);
	const pattern = String(globbed.parameters.fileSelector);
	const directory = path.join(repoRoot, path.dirname(pattern));
	const matcher = new RegExp(`^${path.basename(pattern).split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
	const files = readdirSync(directory).filter((f) => matcher.test(f)).sort();
	return files.map((fileName) => ({ json: { directory, fileName } }));
}

function harnessNode(node: INode, type: string, parameters: INode['parameters']): INode {
	return { ...node, type: fixtureNode(type as 'start'), typeVersion: 1, parameters };
}

/** The harness stand-in for one node, the node itself for OctoAI's, or undefined to drop it. */
function replacement(node: INode, isTrigger: boolean, workflow: WorkflowJson, repoRoot: string): INode | undefined {
	const p = node.parameters as Record<string, unknown>;
	switch (node.type.replace(/^n8n-nodes-base\./, '')) {
		case 'manualTrigger':
			return isTrigger ? node : undefined;
		case 'scheduleTrigger':
			return undefined;
		case 'webhook':
			// The webhook's item: the request body a caller sends (example 14's README call).
			return harnessNode(node, 'setItems', { items: JSON.stringify([{ body: { prompt: 'a lighthouse at dusk' } }]) });
		case 'readWriteFile':
			if (p.operation === 'write') return undefined;
			if (String(p.fileSelector).includes('*')) {
				return harnessNode(node, 'readBinary', { filePath: '={{ $json.directory }}/{{ $json.fileName }}', fileName: '={{ $json.fileName }}' });
			}
			return harnessNode(node, 'readBinary', {
				filePath: path.join(repoRoot, String(p.fileSelector)),
				fileName: path.basename(String(p.fileSelector)),
				binaryPropertyName: (p.options as { dataPropertyName?: string } | undefined)?.dataPropertyName ?? 'data',
			});
		case 'set':
			// The Set node's raw JSON; the Split Out after it gives one item per entry.
			if (p.mode !== 'raw') throw new Error(`${node.name}: only Set nodes in raw JSON mode are translated`);
			return harnessNode(node, 'setItems', { items: JSON.stringify([JSON.parse(String(p.jsonOutput))]) });
		case 'splitOut':
			return harnessNode(node, 'setItems', { items: JSON.stringify(splitItems(node, workflow)) });
		case 'convertToFile':
		case 'respondToWebhook':
			return undefined;
		default:
			if (node.type.startsWith('n8n-nodes-octoai.')) return node;
			throw new Error(`${node.name}: no harness stand-in for ${node.type}`);
	}
}

/** What Split Out gives for the raw Set node that feeds it. */
function splitItems(node: INode, workflow: WorkflowJson): Array<Record<string, unknown>> {
	const field = String(node.parameters.fieldToSplitOut);
	const source = workflow.nodes.find((n) => workflow.connections[n.name]?.main?.[0]?.some((c) => c.node === node.name));
	if (!source || source.type !== 'n8n-nodes-base.set') throw new Error(`${node.name}: expected a Set node before it`);
	const values = (JSON.parse(String(source.parameters.jsonOutput)) as Record<string, unknown[]>)[field];
	return values.map((value) => ({ [field]: value }));
}

function withoutNodes(connections: IConnections, dropped: Set<string>): IConnections {
	const kept: IConnections = {};
	for (const [from, byType] of Object.entries(connections)) {
		if (dropped.has(from)) continue;
		kept[from] = {
			main: (byType.main ?? []).map((outputs) => (outputs ?? []).filter((c) => !dropped.has(c.node))),
		};
	}
	return kept;
}
