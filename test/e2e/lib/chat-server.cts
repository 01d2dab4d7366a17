import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One chat-completions request the server received (the messages and the tools it offered). */
export interface ChatRequest {
	messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
	tools: Array<{ type: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
}

export interface ChatServer {
	/** Base URL for an OpenAI credential, e.g. `http://127.0.0.1:41234/v1`. */
	url: string;
	requests: ChatRequest[];
	close(): Promise<void>;
}

/**
/** How the scripted model calls the tool: how many times in a row, and with which arguments. */
export interface ChatScript {
	/** Tool calls before the final answer (default 1); each turn after a tool result calls again until then. */
	calls?: number;
	/** Argument values by name, for the tool's parameters; others are sent empty. */
	args?: Record<string, unknown>;
}

/**
 * A scripted OpenAI-compatible chat-completions server on loopback, standing in for a model: the
 * first turn calls the offered tool whose name matches `toolName` (`script.calls` turns in a row);
 * then it answers with a final message quoting the last tool result (`finalAnswer` also gets them
 * all). Streaming requests get the same turns as server-sent events.
 */
export async function startChatServer(
	toolName: RegExp,
	finalAnswer = (toolResult: string, _all: string[]) => `The tool said: ${toolResult}`,
	script: ChatScript = {},
): Promise<ChatServer> {
	const requests: ChatRequest[] = [];
	const server: Server = createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8').on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
				return;
			}
			const body = JSON.parse(raw) as ChatRequest & { model: string; stream?: boolean };
			requests.push({ messages: body.messages, tools: body.tools ?? [] });
			const toolResults = body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content));
			const tool = body.tools?.find((t) => toolName.test(t.function.name));
			let message: Record<string, unknown>;
			if (toolResults.length >= (script.calls ?? 1) || (toolResults.length > 0 && !tool)) {
				message = { role: 'assistant', content: finalAnswer(toolResults.at(-1)!, toolResults) };
			} else if (tool) {
				const args = Object.fromEntries(
					Object.keys((tool.function.parameters?.properties as Record<string, unknown>) ?? {}).map((key) => [key, script.args?.[key] ?? '']),
				);
				const id = `call_${toolResults.length + 1}`;
				message = {
					role: 'assistant',
					content: null,
					tool_calls: [{ id, type: 'function', function: { name: tool.function.name, arguments: JSON.stringify(args) } }],
				};
			} else {
				message = { role: 'assistant', content: 'No matching tool was offered.' };
			}
			const finish = message.tool_calls ? 'tool_calls' : 'stop';
			const base = { id: `chatcmpl-${requests.length}`, created: Math.floor(Date.now() / 1000), model: body.model };
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const delta = message.tool_calls
					? { role: 'assistant', tool_calls: (message.tool_calls as object[]).map((call, index) => ({ index, ...call })) }
					: { role: 'assistant', content: message.content };
				res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
				res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					...base,
					object: 'chat.completion',
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
