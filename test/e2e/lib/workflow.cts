import type { WorkflowToImport } from './cli.cts';

/** A node in an n8n workflow export. */
export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	/** Webhook and form triggers: the id n8n registers the trigger's webhook under. */
	webhookId?: string;
}

/** A node of the given type; `id` is derived from the name, which is unique within a workflow. */
export function workflowNode(
	name: string,
	type: string,
	parameters: Record<string, unknown> = {},
	extra: Partial<WorkflowNode> = {},
): WorkflowNode {
	const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	return { id, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
}

/** n8n's Manual Trigger, where `n8n execute` starts. */
export function manualTrigger(name = 'Manual Trigger'): WorkflowNode {
	return workflowNode(name, 'n8n-nodes-base.manualTrigger');
}

/**
 * A workflow export from nodes and `[from, to]` edges on the main connection; nodes are laid out
 * left to right so it also reads well when opened in the editor.
 */
export function buildWorkflow(name: string, nodes: WorkflowNode[], edges: Array<[string, string]>): WorkflowToImport {
	const connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }> = {};
	for (const [from, to] of edges) {
		connections[from] ??= { main: [[]] };
		connections[from].main[0].push({ node: to, type: 'main', index: 0 });
	}
	const laidOut = nodes.map((node, index) => ({ ...node, position: [index * 240, 0] as [number, number] }));
	return { name, nodes: laidOut, connections, settings: { executionOrder: 'v1' } };
}
