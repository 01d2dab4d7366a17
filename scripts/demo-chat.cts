// The demo's run of the chat example (examples/50-chat-agent-draws.json): a Chat Trigger workflow
// waits for a chat message, so it runs published in `n8n start`. A scripted OpenAI-compatible model of
// the tests' own stands in for the chat model: it asks the SDXL tool for a picture and answers with
// the Markdown the tool gave. The demo sends one chat message, as the hosted chat page does, and
// writes the picture the answer links to into demo-output/.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { REPO_ROOT, importCredentials, runN8nCli, startChatServer, startN8nServer, type Example } from '../test/e2e/lib/index.cts';

/** What the chat example did: the agent's answer and the pictures written from its links. */
export interface ChatRun {
	status: 'success' | 'error';
	answer: string;
	files: string[];
	error?: string;
}

/** The Chat Trigger's node type: an example with one is run by chatting with it. */
export const CHAT_TRIGGER = '@n8n/n8n-nodes-langchain.chatTrigger';

const CHAT_MESSAGE = 'Please draw a lighthouse on a cliff at sunset';

/** The OpenAI credential the example names, pointed at the scripted model. */
function modelCredential(example: Example, url: string) {
	const node = example.workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi')!;
	const { id, name } = (node.credentials as { openAiApi: { id: string; name: string } }).openAiApi;
	return { id, name, type: 'openAiApi', data: { apiKey: 'sk-demo-scripted', url } };
}

/** Runs one chat example; `outputDir` receives `<NN>-<file name>` per picture the answer shows. */
export async function runChatExample(userFolder: string, example: Example, outputDir: string): Promise<ChatRun> {
	const model = await startChatServer(
		/sdxl/i,
		(result) => {
			const items = JSON.parse(result) as unknown;
			if (!Array.isArray(items)) return `The drawing tool refused: ${result}`;
			const pictures = (items as Array<{ markdown?: string; seed?: number }>).map((item) => `${item.markdown ?? ''} (seed ${item.seed ?? '?'})`);
			return `Here is your lighthouse: ${pictures.join(' ')}`;
		},
		{ args: { prompt: 'a lighthouse on a cliff at sunset, warm light, oil painting', images: 1, size: '1344x768' } },
	);
	try {
		await importCredentials(userFolder, [modelCredential(example, model.url)]);
		const publish = await runN8nCli(userFolder, ['publish:workflow', `--id=${example.id}`]);
		if (publish.code !== 0) return { status: 'error', answer: '', files: [], error: publish.stderr || publish.stdout };
		const server = await startN8nServer(userFolder, { cwd: REPO_ROOT });
		try {
			let answer: string;
			try {
				answer = await sendChatMessage(`${server.url}/webhook/${chatWebhookId(example)}/chat`);
			} catch (error) {
				return { status: 'error', answer: '', files: [], error: (error as Error).message };
			}
			const files: string[] = [];
			for (const [, name, url] of answer.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)) {
				const response = await fetch(url);
				if (!response.ok) return { status: 'error', answer, files, error: `${url}: HTTP ${response.status}` };
				const file = `${example.number}-${path.basename(name)}`;
				writeFileSync(path.join(outputDir, file), Buffer.from(await response.arrayBuffer()));
				files.push(file);
			}
			return files.length > 0 ? { status: 'success', answer, files } : { status: 'error', answer, files, error: 'the answer shows no picture' };
		} finally {
			await server.stop();
		}
	} finally {
		await model.close();
	}
}

function chatWebhookId(example: Example): string {
	return String(example.workflow.nodes.find((n) => n.type === CHAT_TRIGGER)!.webhookId);
}

/** Sends a message as the hosted chat does; n8n answers 404 until it has activated the workflow. */
async function sendChatMessage(url: string): Promise<string> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId: randomUUID(), chatInput: CHAT_MESSAGE }),
		});
		if (response.status === 404 && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 1_000));
			continue;
		}
		const text = await response.text();
		if (!response.ok) throw new Error(`chat answered HTTP ${response.status}: ${text.slice(0, 300)}`);
		return String((JSON.parse(text) as { output?: unknown }).output ?? text);
	}
}
