import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Pace, type Capacity, type RateLimit } from '../emulator/pace/pace.cts';
import type { Interval } from '../reliability/support/timeline.cts';
import { generationResponse } from './server.cts';

/** How the server answers: a fixed latency, an account rate limit, or GPUs that queue (the emulator's pace/pace.cts). */
export interface Regime {
	latencyMs?: number;
	rateLimit?: RateLimit;
	capacity?: Capacity;
}

/** The realistic benchmark's server: the same 1.6 MB answer as server.cts, at the service's pace. */
export interface PacedServer {
	url: string;
	/** Starts a run: the regime, its counts and timeline start afresh. */
	reset(regime: Regime): void;
	/** Answers so far: 200s, 429s, and the open spans of the 200s (for the concurrency reached). */
	answered(): { ok: number; limited: number; spans: Interval[] };
	close(): Promise<void>;
}

export async function startPacedServer(png: Buffer): Promise<PacedServer> {
	let regime: Regime = {};
	let pace = new Pace();
	let ok = 0;
	let limited = 0;
	let spans: Interval[] = [];
	const server: Server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			const start = Date.now();
			const refused = pace.admit('bench');
			if (refused) {
				limited++;
				response.writeHead(refused.status, { 'content-type': 'application/json', ...refused.headers });
				response.end(JSON.stringify(refused.body));
				return;
			}
			const body = generationResponse(png, regime.capacity?.generationMs ?? regime.latencyMs ?? 0);
			const send = () => {
				ok++;
				spans.push({ start, end: Date.now() });
				response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
				response.end(body);
			};
			if (regime.capacity) void pace.generate(async () => undefined).then(send);
			else setTimeout(send, regime.latencyMs ?? 0);
		});
	});
	server.keepAliveTimeout = 60_000;
	server.requestTimeout = 0;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		reset: (next) => {
			regime = next;
			pace = new Pace({ rateLimit: next.rateLimit, capacity: next.capacity });
			ok = 0;
			limited = 0;
			spans = [];
		},
		answered: () => ({ ok, limited, spans: [...spans] }),
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
