import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import sharp from 'sharp';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	createUserFolder,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
	octoAiCredential,
	packThisPackage,
	runN8nCli,
	startChatServer,
	startN8nServer,
	type ChatServer,
	type N8nServer,
} from './lib/index.cts';
import { DRAWER_CREDENTIAL, LOOPER_CREDENTIAL, chatWorkflow, guardWorkflow, mcpWorkflow, reuseWorkflow } from './lib/agent-workflows.cts';
import { launchChromium, type BrowserSession } from './lib/browser.cts';
import { routeChatCdn } from './lib/n8n-chat.cts';

// The image nodes as AI agent tools in the real app: Chat Trigger -> AI Agent 3.1 -> OctoAI SDXL tool,
// driven by scripted OpenAI-compatible models of the test's own; the hosted chat page in Chromium
// shows the picture; the spending guard stops a second call; an MCP client calls the same tool; a
// later node loads the picture through the agent's intermediate steps.

const TOKEN = 'e2e-agent-chat-token';
const CHAT_WEBHOOK = randomUUID();
const MCP_PATH = 'octoai-mcp';
const REUSE_PATH = 'agent-draws-for-the-workflow';
const PROMPT = 'a red fox in fresh snow';

let emulator: Emulator;
let drawer: ChatServer;
let looper: ChatServer;
let server: N8nServer;
let browser: BrowserSession | undefined;
let userFolder: ReturnType<typeof createUserFolder>;
const octoai = () => octoAiCredential('e2eChatOctoAi01', 'OctoAI (emulator)', TOKEN, emulator.url);
const octoaiRef = () => ({ id: octoai().id, name: octoai().name });

/** The first file the tool answer describes (the agent gets a list of items' JSON). */
const firstFile = (toolResult: string) => {
	const parsed = JSON.parse(toolResult) as unknown;
	return (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>;
};

/** The picture the emulator makes for a logged request body (its images are deterministic). */
async function emulatorImage(body: unknown): Promise<Buffer> {
	const response = await fetch(`${emulator.url}/generate/sdxl`, {
		method: 'POST',
		headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const json = (await response.json()) as { images: Array<{ image_b64: string }> };
	return Buffer.from(json.images[0].image_b64, 'base64');
}

/** Generation requests with the test's token whose prompt is `prompt`. */
const generated = (prompt: string) =>
	emulator.requests({ token: TOKEN }).filter((r) => r.path === '/generate/sdxl' && (r.body as { prompt?: string }).prompt === prompt);

/** Opens a link without any n8n session, as the person chatting would. */
async function download(url: string): Promise<Buffer> {
	const response = await fetch(url);
	expect(response.status).toBe(200);
	return Buffer.from(await response.arrayBuffer());
}

beforeAll(async () => {
	userFolder = createUserFolder();
	await installCommunityPackage(userFolder.path, await packThisPackage(path.join(userFolder.path, 'pack')));
	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	const args = { prompt: PROMPT };
	drawer = await startChatServer(/sdxl/i, (result) => `Here is your picture: ${String(firstFile(result).markdown)}`, { args });
	looper = await startChatServer(/sdxl/i, (_last, all) => `Tool answers: ${all.join(' || ')}`, { args: { prompt: 'a fox, twice' }, calls: 2 });
	await importCredentials(userFolder.path, [
		octoai(),
		{ ...DRAWER_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: drawer.url } },
		{ ...LOOPER_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: looper.url } },
	]);
	for (const workflow of [chatWorkflow(octoaiRef(), CHAT_WEBHOOK), mcpWorkflow(octoaiRef(), MCP_PATH), reuseWorkflow(octoaiRef(), REUSE_PATH)]) {
		const id = await importWorkflow(userFolder.path, workflow);
		const run = await runN8nCli(userFolder.path, ['publish:workflow', `--id=${id}`]);
		expect(run.code).toBe(0);
	}
	server = await startN8nServer(userFolder.path);
}, 600_000);

afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await drawer?.close();
	await looper?.close();
	await emulator?.close();
	userFolder?.remove();
});

it('the hosted chat shows the picture the agent drew with the SDXL tool', async () => {
	browser = await launchChromium({ width: 1000, height: 900 });
	const { page } = browser;
	await routeChatCdn(page);
	// n8n reports ready before it has activated every published workflow: retry the page until then.
	const chatUrl = `${server.url}/webhook/${CHAT_WEBHOOK}/chat`;
	for (let tries = 0; ; tries++) {
		const response = await page.goto(chatUrl);
		if (response?.status() === 200 || tries > 60) break;
		await page.waitForTimeout(1_000);
	}
	const input = page.locator('textarea').first();
	await input.waitFor({ timeout: 30_000 });
	await input.fill('Please draw a fox for me');
	await input.press('Enter');
	const picture = page.locator('img[src*="/rest/binary-data/signed"]');
	await picture.waitFor({ timeout: 120_000 });
	await page.screenshot({ path: path.join(userFolder.path, 'chat.png') });

	// The model was told what the tool returns, handed its small JSON (no image data) and put its Markdown in the answer.
	expect(drawer.requests[0].tools[0].function.description).toMatch(/link the user can open for 24 hours; include the given Markdown/);
	const toolMessage = drawer.requests.at(-1)!.messages.find((m) => m.role === 'tool')!;
	expect(String(toolMessage.content).length).toBeLessThan(3_000);
	const file = firstFile(String(toolMessage.content));
	expect(file).toMatchObject({ engine: 'sdxl', mimeType: 'image/png', removed_for_safety: false, width: 1024, height: 1024, urlLifetime: '24 hours' });
	expect(await picture.getAttribute('src')).toBe(file.url);

	// The page shows exactly the file the emulator made for that request.
	const [request] = generated(PROMPT);
	const made = await emulatorImage(request.body);
	expect(await download(String(file.url))).toEqual(made);
	const shown = await picture.evaluate((img: HTMLImageElement) => {
		const canvas = document.createElement('canvas');
		canvas.width = img.naturalWidth;
		canvas.height = img.naturalHeight;
		const context = canvas.getContext('2d')!;
		context.drawImage(img, 0, 0);
		const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
		let binary = '';
		for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
		return { width: canvas.width, height: canvas.height, rgba: btoa(binary) };
	});
	const expected = await sharp(made).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
	expect({ width: shown.width, height: shown.height }).toEqual({ width: expected.info.width, height: expected.info.height });
	const rgba = Buffer.from(shown.rgba, 'base64');
	let difference = 0;
	for (let i = 0; i < rgba.length; i++) difference += Math.abs(rgba[i] - expected.data[i]);
	expect(difference / rgba.length).toBeLessThan(1);
}, 300_000);

it('the spending guard refuses the agent a second, over-budget call in the same execution', async () => {
	const before = generated('a fox, twice').length;
	const id = await importWorkflow(userFolder.path, guardWorkflow(octoaiRef()));
	const result = await executeWorkflow(userFolder.path, id);
	expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });
	const toolMessages = looper.requests.at(-1)!.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
	expect(toolMessages).toHaveLength(2);
	expect(firstFile(toolMessages[0])).toMatchObject({ engine: 'sdxl', mimeType: 'image/png' });
	// What the agent reads when refused: the limit, what was asked, what was made; nothing was sent.
	expect(toolMessages[1]).toContain(
		"Max Images per Run is 1, but this run asks for 1 images (1 item) and this execution's earlier calls of this tool made 1 image; nothing was sent",
	);
	expect(generated('a fox, twice').length - before).toBe(1);
}, 300_000);

it('an MCP client lists the OctoAI tool and gets the JSON and the link from calling it', async () => {
	const client = new Client({ name: 'octoai-e2e', version: '1.0.0' });
	await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/${MCP_PATH}`)));
	try {
		const { tools } = await client.listTools();
		const tool = tools.find((t) => /sdxl/i.test(t.name))!;
		expect(tool.description).toContain('Markdown');
		expect(Object.keys((tool.inputSchema.properties ?? {}) as object)).toContain('prompt');
		const result = (await client.callTool({ name: tool.name, arguments: { prompt: 'a lighthouse at dusk' } })) as {
			content: Array<{ type: string; text?: string }>;
		};
		const text = result.content.find((c) => c.type === 'text')!.text!;
		const file = firstFile(text);
		expect(file).toMatchObject({ engine: 'sdxl', mimeType: 'image/png', markdown: `![${String(file.fileName)}](${String(file.url)})` });
		const [request] = generated('a lighthouse at dusk');
		expect(await download(String(file.url))).toEqual(await emulatorImage(request.body));
	} finally {
		await client.close();
	}
}, 300_000);

it('a later node loads the picture through the agent\'s intermediate steps', async () => {
	// A 404 until n8n has activated the workflow; a pooled connection the server closed fails once.
	const deadline = Date.now() + 60_000;
	let response: Response | undefined;
	do {
		try {
			response = await fetch(`${server.url}/webhook/${REUSE_PATH}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', connection: 'close' },
				body: JSON.stringify({ message: 'Draw a fox for the newsletter' }),
			});
			if (response.status !== 404) break;
		} catch (error) {
			if (Date.now() >= deadline) throw error;
		}
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	} while (Date.now() < deadline);
	if (response?.status !== 200) process.stderr.write(server.output().slice(-4_000));
	expect(response?.status).toBe(200);
	if (!response) return;
	expect(response.headers.get('content-type')).toMatch(/^image\/png/);
	const requests = generated(PROMPT);
	expect(Buffer.from(await response.arrayBuffer())).toEqual(await emulatorImage(requests.at(-1)!.body));
}, 300_000);

it('an older AI Agent (2.2, tools handed over as LangChain tools) gets the same answer', async () => {
	const before = drawer.requests.length;
	const workflow = guardWorkflow(octoaiRef());
	workflow.name = 'Older agent draws';
	const older = workflow.nodes.find((node) => node.name === 'AI Agent')!;
	Object.assign(older, { typeVersion: 2.2, parameters: { promptType: 'define', text: 'Draw a fox.', options: {} } });
	const scripted = workflow.nodes.find((node) => node.name === 'Scripted Model')!;
	scripted.credentials = { openAiApi: DRAWER_CREDENTIAL };
	const id = await importWorkflow(userFolder.path, workflow);
	const result = await executeWorkflow(userFolder.path, id);
	expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });
	const toolMessage = drawer.requests.slice(before).at(-1)!.messages.find((m) => m.role === 'tool')!;
	const file = firstFile(String(toolMessage.content));
	expect(file).toMatchObject({ engine: 'sdxl', mimeType: 'image/png', urlLifetime: '24 hours', markdown: expect.stringMatching(/^!\[sdxl-\d+\.png\]\(http/) });
	const [answer] = result.outputOfAllRuns('AI Agent');
	expect(String(answer.json.output)).toContain(String(file.markdown));
}, 300_000);
