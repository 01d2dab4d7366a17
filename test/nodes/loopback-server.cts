// A small HTTP server on loopback that records what reaches it (method, URL, Authorization) and
// answers as a test says: a stand-in for a hostile or foreign host in token-leak and shape tests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
	method: string;
	url: string;
	authorization?: string;
}

export interface LoopbackServer {
	url: string;
	seen: SeenRequest[];
	close(): Promise<void>;
}

export type Answer = (req: http.IncomingMessage, body: string) => Promise<{ status: number; json: unknown }>;

export async function loopbackServer(answer: Answer): Promise<LoopbackServer> {
	const seen: SeenRequest[] = [];
	const listener = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString()));
		req.on('end', () => {
			seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization });
			void answer(req, body).then(({ status, json }) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			});
		});
	});
	await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
	return {
		url,
		seen,
		close: async () => {
			listener.closeAllConnections();
			await new Promise<void>((resolve) => listener.close(() => resolve()));
		},
	};
}

/**
 * An image base that forwards a POST to `target` (the emulator) and answers with the emulator's
 * answer, its `poll_url` swapped for one on `foreignUrl`: to tempt a client that follows URLs.
 */
export async function proxyWithForeignPollUrl(target: string, foreignUrl: string): Promise<LoopbackServer> {
	return await loopbackServer(async (req, body) => {
		const forwarded = await fetch(`${target}${req.url}`, {
			method: 'POST',
			headers: {
				authorization: String(req.headers.authorization),
				'content-type': 'application/json',
				'x-octoai-async': String(req.headers['x-octoai-async']),
			},
			body,
		});
		const json = (await forwarded.json()) as { response_id: string };
		return { status: forwarded.status, json: { ...json, poll_url: `${foreignUrl}/v1/requests/${json.response_id}` } };
	});
}

/** Resolves once `done()` holds (checked every 20 ms); throws naming `what` after `limitMs`. */
export async function until(done: () => boolean, what: string, limitMs = 30_000): Promise<void> {
	for (let waited = 0; !done(); waited += 20) {
		if (waited > limitMs) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
