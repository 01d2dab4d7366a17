import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface HostileRequest {
	method: string;
	path: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export type HostileHandler = (request: HostileRequest, res: ServerResponse) => unknown;

/**
 * A loopback server that misbehaves on purpose (echoes secrets, repeats pages, trickles bodies,
 * redirects, sends bombs): each test sets the handler. Every request is recorded, and close()
 * destroys open sockets so a trickling answer cannot keep the test process alive.
 */
export class HostileServer {
	readonly requests: HostileRequest[] = [];
	private handler: HostileHandler = (_request, res) => res.writeHead(500).end();
	private readonly sockets = new Set<Socket>();
	private server?: Server;
	url = '';

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
				this.requests.push(request);
				Promise.resolve(this.handler(request, res)).catch(() => res.destroy());
			});
		});
		// Headers far above the default 16 KB are part of the tests; the server must be able to send them.
		this.server.maxHeadersCount = 0;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	/** Sets the behaviour for the next requests and forgets the requests so far. */
	use(handler: HostileHandler): void {
		this.handler = handler;
		this.requests.length = 0;
		for (const socket of this.sockets) socket.destroy();
	}

	async close(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}

/** Sends JSON with a status. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers }).end(text);
}
