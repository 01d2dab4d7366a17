import { randomUUID } from 'node:crypto';

import type { WorkflowToImport } from './cli.cts';
import { CREDENTIAL_TYPE, PACKAGE_NAME } from './octoai.cts';

// The workflows of the agent and chat tests (agent-chat.test.cts): an OctoAI SDXL tool driven by a
// scripted model, under a Chat Trigger, a Manual Trigger, an MCP Server Trigger and a Webhook.

/** A credential as a node names it. */
export interface CredentialRef {
	id: string;
	name: string;
}

/** An SDXL tool whose prompt the model writes; PNG so the browser's pixels can be compared exactly. */
export const sdxlTool = (name: string, octoai: CredentialRef, options: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	name,
	type: `${PACKAGE_NAME}.octoAiSdxlTool`,
	typeVersion: 1,
	position: [400, 200] as [number, number],
	parameters: {
		prompt: "={{ $fromAI('prompt', 'What the picture shows, in detail') }}",
		options: { imageEncoding: 'png', ...options },
	},
	credentials: { [CREDENTIAL_TYPE]: octoai },
});

export const agent = (parameters: Record<string, unknown>) => ({
	id: randomUUID(),
	name: 'AI Agent',
	type: '@n8n/n8n-nodes-langchain.agent',
	typeVersion: 3.1,
	position: [250, 0] as [number, number],
	parameters: { options: {}, ...parameters },
});

export const model = (credential: CredentialRef) => ({
	id: randomUUID(),
	name: 'Scripted Model',
	type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
	typeVersion: 1.2,
	position: [150, 200] as [number, number],
	parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
	credentials: { openAiApi: credential },
});

export const DRAWER_CREDENTIAL = { id: 'e2eChatDrawer01', name: 'Scripted drawer' };
export const LOOPER_CREDENTIAL = { id: 'e2eChatLooper01', name: 'Scripted looper' };

export const chatWorkflow = (octoai: CredentialRef, webhookId: string): WorkflowToImport => ({
	name: 'Chat agent draws',
	nodes: [
		{
			id: randomUUID(),
			name: 'When chat message received',
			type: '@n8n/n8n-nodes-langchain.chatTrigger',
			typeVersion: 1.1,
			position: [0, 0],
			webhookId,
			parameters: { public: true, mode: 'hostedChat', options: {} },
		},
		agent({ promptType: 'auto' }),
		model(DRAWER_CREDENTIAL),
		sdxlTool('Draw with SDXL', octoai),
	],
	connections: {
		'When chat message received': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'Scripted Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		'Draw with SDXL': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

export const guardWorkflow = (octoai: CredentialRef): WorkflowToImport => ({
	name: 'Agent asks twice, budget for one',
	nodes: [
		{ id: randomUUID(), name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		agent({ promptType: 'define', text: 'Draw two foxes, one at a time.' }),
		model(LOOPER_CREDENTIAL),
		sdxlTool('Draw with SDXL', octoai, { maxImagesPerRun: 1 }),
	],
	connections: {
		'Manual Trigger': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'Scripted Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		'Draw with SDXL': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

export const mcpWorkflow = (octoai: CredentialRef, path: string): WorkflowToImport => ({
	name: 'OctoAI over MCP',
	nodes: [
		{
			id: randomUUID(),
			name: 'MCP Server Trigger',
			type: '@n8n/n8n-nodes-langchain.mcpTrigger',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { path },
		},
		sdxlTool('Draw with SDXL', octoai),
	],
	connections: { 'Draw with SDXL': { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
});

/**
 * The picture reaches the rest of the workflow: the agent returns its intermediate steps, whose
 * observation is the tool's JSON, and an HTTP Request node loads the image from its link. The
 * webhook answers with that binary.
 */
export const reuseWorkflow = (octoai: CredentialRef, path: string): WorkflowToImport => ({
	name: 'Agent draws, a later node loads the picture',
	nodes: [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'firstEntryBinary', options: {} },
		},
		agent({ promptType: 'define', text: '={{ $json.body.message }}', options: { returnIntermediateSteps: true } }),
		model(DRAWER_CREDENTIAL),
		sdxlTool('Draw with SDXL', octoai),
		{
			id: randomUUID(),
			name: 'Load the Picture',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [500, 0],
			parameters: {
				url: '={{ JSON.parse($json.intermediateSteps[0].observation)[0].url }}',
				options: { response: { response: { responseFormat: 'file' } } },
			},
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'AI Agent': { main: [[{ node: 'Load the Picture', type: 'main', index: 0 }]] },
		'Scripted Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		'Draw with SDXL': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});
