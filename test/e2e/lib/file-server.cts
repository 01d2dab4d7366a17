import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the file server answered. */
export interface FileRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	status: number;
}

/** A loopback HTTP server of the tests' own that serves fixed files and records every request. */
export interface FileServer {
	url(path: string): string;
	requests(): FileRequest[];
	close(): Promise<void>;
}

/** Serves `files` (path → bytes and content type) on 127.0.0.1; any other path is a 404. */
export async function startFileServer(files: Record<string, { body: Buffer; type: string }>): Promise<FileServer> {
	const seen: FileRequest[] = [];
	const server = createServer((req, res) => {
		const file = req.method === 'GET' ? files[req.url ?? ''] : undefined;
		seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, status: file ? 200 : 404 });
		if (!file) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
			return;
		}
		res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: (path) => `http://127.0.0.1:${port}${path}`,
		requests: () => [...seen],
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
