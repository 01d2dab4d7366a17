import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Whether the node runs as an AI agent's tool. n8n has two paths: the older one (tools handed to the
 * agent as LangChain tools) says so through `isToolExecution()`; AI Agent 3.1's "engine requests" run
 * the tool as an ordinary node, where that returns false, but the node is the tool variant n8n made
 * of it, registered under the node's type name plus `Tool` (e.g. `n8n-nodes-octoai.octoAiSdxlTool`).
 */
export function isToolCall(ctx: IExecuteFunctions): boolean {
	if (typeof ctx.isToolExecution === 'function' && ctx.isToolExecution()) return true;
	return ctx.getNode().type.endsWith('Tool');
}
