// The engine nodes read a few generation answers at a time (nodes/shared/http/read-slots.ts): shown
// here through n8n's execution engine against a server whose answers stream slowly on purpose.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeExecutionData } from 'n8n-workflow';

import { READ_SLOTS } from '../../nodes/shared/http/read-slots';
import { picture, runEngineNode, useEmulator } from './helpers.cts';

const env = useEmulator();

interface Arrival {
	prompt: string;
	at: number;
}

/**
 * Answers every generation with `png`; an answer whose prompt contains "stall" sends half of its
 * base64, pauses `stallMs`, then the rest; one with "trickle" sends its body in 25 pieces 20 ms
 * apart (slow but never quiet for long); one with "late" starts 300 ms late. Records when each
 * request arrived.
 */
async function stallingServer(png: Buffer, stallMs: number) {
	const arrivals: Arrival[] = [];
	const started = Date.now();
	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (chunk: Buffer) => (text += chunk.toString()));
		req.on('end', () => {
			const { prompt } = JSON.parse(text) as { prompt: string };
			arrivals.push({ prompt, at: Date.now() - started });
			const base64 = png.toString('base64');
			const body = `{"images":[{"image_b64":"${base64}","seed":7,"removed_for_safety":false}],"prediction_time_ms":1}`;
			const cut = body.indexOf(base64) + Math.floor(base64.length / 2);
			const answer = () => {
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
				if (prompt.includes('trickle')) {
					const piece = Math.ceil(body.length / 25);
					const send = (from: number) => {
						if (from + piece >= body.length) return void res.end(body.slice(from));
						res.write(body.slice(from, from + piece));
						setTimeout(() => send(from + piece), 20);
					};
					return send(0);
				}
				if (!prompt.includes('stall')) return void res.end(body);
				res.write(body.slice(0, cut));
				setTimeout(() => res.end(body.slice(cut)), stallMs);
			};
			if (prompt.includes('late')) setTimeout(answer, 300);
			else answer();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		arrivals,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

const prompts = (list: string[]): INodeExecutionData[] => list.map((prompt) => ({ json: { prompt } }));

/**
 * READ_SLOTS answers of the given kind ("stall" or "trickle"), then one answered 300 ms late, then
 * one more item, with Concurrency READ_SLOTS + 1: the last item's request goes out when a worker is
 * free, so its arrival shows when the late answer could be read. Every image must come back whole.
 * Returns that arrival in ms after the first request.
 */
async function lateAnswerAfter(kind: 'stall' | 'trickle', stallMs: number): Promise<number> {
	const png = await picture(64, 64);
	const server = await stallingServer(png, stallMs);
	try {
		const list = [...Array.from({ length: READ_SLOTS }, (_, n) => `${kind} ${n}`), 'late but whole', 'after the late one'];
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: '={{ $json.prompt }}', options: { concurrency: READ_SLOTS + 1, imageEncoding: 'png' } },
			{ inputItems: prompts(list), credentials: { imageBaseUrl: server.url } },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => (item.json.parameters as { prompt: string }).prompt)).toEqual(list);
		for (const item of result.items) expect((await result.binaryBuffer(item, 'data')).equals(png)).toBe(true);
		const at = (prompt: string) => server.arrivals.find((arrival) => arrival.prompt === prompt)!.at;
		return at('after the late one') - Math.min(...server.arrivals.map((arrival) => arrival.at));
	} finally {
		await server.close();
	}
}

describe(`answers are read ${READ_SLOTS} at a time, and a stalled one does not hold up the rest`, () => {
	it('with every slot taken by a stalled answer, the next answer is still read at once', async () => {
		// The stalled answers stop counting after 100 ms, so the late one is read long before they resume.
		const stallMs = 2_000;
		expect(await lateAnswerAfter('stall', stallMs)).toBeLessThan(stallMs / 2);
	});

	it(`no more than ${READ_SLOTS} answers are read at once: one that comes after ${READ_SLOTS} slow but steady ones waits for them`, async () => {
		// The trickling answers take about 500 ms and never go quiet, so they keep their slots; read at
		// once, the late answer would be done by ~350 ms and the next request would follow right after it.
		expect(await lateAnswerAfter('trickle', 0)).toBeGreaterThan(450);
	});

	it('many answers at once (Concurrency 16): every image decoded whole, in input order', async () => {
		const png = await picture(512, 512);
		const server = await stallingServer(png, 0);
		try {
			const list = Array.from({ length: 24 }, (_, n) => `item ${n}`);
			const result = await runEngineNode(
				env,
				'octoAiSdxl',
				{ prompt: '={{ $json.prompt }}', options: { concurrency: 16, imageEncoding: 'png' } },
				{ inputItems: prompts(list), credentials: { imageBaseUrl: server.url } },
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => (item.json.parameters as { prompt: string }).prompt)).toEqual(list);
			for (const item of result.items) expect((await result.binaryBuffer(item, 'data')).equals(png)).toBe(true);
		} finally {
			await server.close();
		}
	});
});
