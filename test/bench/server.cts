import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that answers every request, after `latencyMs`, with the same generation response. */
export interface FixedAnswerServer {
	url: string;
	/** Requests answered so far. */
	answered(): number;
	setLatency(ms: number): void;
	close(): Promise<void>;
}

/** The answer OctoAI gives for one image: the PNG as base64 in JSON, with seed and safety fields. */
export function generationResponse(png: Buffer, latencyMs: number): Buffer {
	return Buffer.from(
		JSON.stringify({
			images: [{ image_b64: png.toString('base64'), seed: 1234, removed_for_safety: false, safety_score: 0.01 }],
			prediction_time_ms: latencyMs,
		}),
	);
}

/** Starts the server on a free loopback port. The body is built once, so serving costs next to nothing. */
export async function startFixedAnswerServer(png: Buffer): Promise<FixedAnswerServer> {
	let latencyMs = 0;
	let body = generationResponse(png, 0);
	let answered = 0;
	const server: Server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			const send = () => {
				answered++;
				response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
				response.end(body);
			};
			if (latencyMs > 0) setTimeout(send, latencyMs);
			else send();
		});
	});
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		answered: () => answered,
		setLatency: (ms) => {
			latencyMs = ms;
			body = generationResponse(png, ms);
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
