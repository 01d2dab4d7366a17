import { readFileSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	CREDENTIAL_TYPE,
	PACKAGE_NAME,
	createUserFolder,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
	octoAiCredential,
	isN8nV1,
	packThisPackage,
	runN8nCli,
	startChatServer,
	type ChatServer,
	type WorkflowToImport,
} from './lib/index.cts';

// An AI Agent in the real app, driven by a scripted OpenAI-compatible model of the test's own: it
// calls our Asset Library as a tool, then answers. What the agent received is what the model was sent.

const TOKEN = 'e2e-agent-token';
const OPENAI_CREDENTIAL = { id: 'e2eAgentOpenAi01', name: 'Scripted model' };

let emulator: Emulator;
let chat: ChatServer;
let userFolder: ReturnType<typeof createUserFolder>;
const octoai = () => octoAiCredential('e2eAgentOctoAi01', 'OctoAI (emulator)', TOKEN, emulator.url);

beforeAll(async () => {
	userFolder = createUserFolder();
	await installCommunityPackage(userFolder.path, await packThisPackage(path.join(userFolder.path, 'pack')));
	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	chat = await startChatServer(/octoai/i, (result) => `Your library answered: ${result}`);
	await importCredentials(userFolder.path, [
		octoai(),
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: chat.url } },
	]);
}, 600_000);

afterAll(async () => {
	await chat?.close();
	await emulator?.close();
	userFolder?.remove();
});

it('offers every node as an agent tool: the platform nodes, the engine nodes, Image Tools and Stable Video Diffusion', async () => {
	const file = path.join(userFolder.path, 'node-types.json');
	const run = await runN8nCli(userFolder.path, ['export:nodes', `--output=${file}`]);
	expect(run.code).toBe(0);
	const names = (JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string }>)
		.map((type) => type.name)
		.filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && name.endsWith('Tool'))
		.sort();
	const nodes = ['AssetLibrary', 'ControlNetSd15', 'ControlNetSdxl', 'FineTuning', 'FluxDev', 'FluxSchnell', 'ImageTools', 'Sd15', 'Sd3', 'Sdxl', 'StableVideoDiffusion'];
	expect(names).toEqual(nodes.map((node) => `${PACKAGE_NAME}.octoAi${node}Tool`).sort());
}, 120_000);

it('an AI Agent calls the Asset Library tool and receives the assets as JSON', async () => {
	const workflow: WorkflowToImport = {
		name: 'Agent lists OctoAI assets',
		nodes: [
			{ id: 'trigger', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'agent',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				// n8n 1.123's AI Agent goes up to version 3; 3.1 came with 2.x.
				typeVersion: isN8nV1() ? 3 : 3.1,
				position: [250, 0],
				parameters: { promptType: 'define', text: 'Which public LoRAs does my OctoAI library have?', options: {} },
			},
			{
				id: 'model',
				name: 'Scripted Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [150, 200],
				parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
				credentials: { openAiApi: OPENAI_CREDENTIAL },
			},
			{
				id: 'tool',
				name: 'OctoAI Asset Library',
				type: `${PACKAGE_NAME}.octoAiAssetLibraryTool`,
				typeVersion: 1,
				position: [350, 200],
				parameters: {
					operation: 'list',
					returnAll: false,
					limit: 3,
					filters: { assetTypes: ['lora'], visibility: 'public' },
				},
				credentials: { [CREDENTIAL_TYPE]: { id: octoai().id, name: octoai().name } },
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Scripted Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'OctoAI Asset Library': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
	const id = await importWorkflow(userFolder.path, workflow);
	const result = await executeWorkflow(userFolder.path, id);
	expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });

	// The model was offered our tool, called it, and got the assets back as JSON.
	expect(chat.requests.length).toBe(2);
	expect(chat.requests[0].tools.map((tool) => tool.function.name)).toEqual([expect.stringMatching(/octoai/i)]);
	const toolMessage = chat.requests[1].messages.find((message) => message.role === 'tool')!;
	const assets = JSON.parse(String(toolMessage.content)) as Array<{ name: string; asset_type: string }>;
	expect(assets.length).toBeGreaterThan(0);
	expect(assets.length).toBeLessThanOrEqual(3);
	for (const asset of assets) expect(asset).toMatchObject({ name: expect.any(String), asset_type: 'lora' });
	expect(emulator.requests({ token: TOKEN }).some((request) => request.path === '/v1/assets')).toBe(true);

	const [answer] = result.outputOfAllRuns('AI Agent');
	expect(String(answer.json.output)).toContain(`Your library answered: ${String(toolMessage.content)}`);
}, 400_000);
