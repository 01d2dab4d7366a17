import { stat } from 'node:fs/promises';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Fault, LoggedRequest } from '../emulator/index.cts';
import { binaryFilePath } from '../harness/index.cts';
import type { TestEnv } from '../nodes/helpers.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { generationsSince, itemMarker, itemOf } from './support/tally.cts';
import { maxOverlap, type Interval } from './support/timeline.cts';

const suite = new ReliabilitySuite('concurrency');

/** When each logged request was answered, by sequence number (the log has arrival times only). */
const answeredAt = new Map<number, number>();
/** The most requests open at one moment, counted by the emulator as each one is answered. */
let liveMost = 0;
const LATENCY_MS = 150;
const slow = suite.emulator({
	latencyMs: LATENCY_MS,
	onRequest: (entry) => {
		answeredAt.set(entry.seq, Date.now());
		const stillOpen = slow.emulator.log.filter((e) => e.durationMs === null).length;
		liveMost = Math.max(liveMost, stillOpen + 1);
	},
});

function parameters(options: IDataObject = {}, extra: INodeParameters = {}): INodeParameters {
	return { prompt: '={{ $json.prompt }}', ...extra, options: { imageEncoding: 'jpeg', ...options } };
}

function items(count: number, label: string): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { prompt: `${label}, ${itemMarker(i)}` } }));
}

function spans(requests: LoggedRequest[]): Interval[] {
	return requests.map((entry) => ({ start: Date.parse(entry.time), end: answeredAt.get(entry.seq) ?? Number.NaN }));
}

/** Output items in input order: pairedItem 0..n-1 (times images per item), each made from its own item's prompt. */
function expectInputOrder(output: INodeExecutionData[], count: number, perItem = 1) {
	const expected = Array.from({ length: count * perItem }, (_, n) => Math.floor(n / perItem));
	expect(output.map((item) => (item.pairedItem as { item: number }).item)).toEqual(expected);
	for (const item of output) {
		const prompt = String((item.json.parameters as IDataObject).prompt);
		expect(prompt).toContain(itemMarker((item.pairedItem as { item: number }).item));
		expect(item.binary?.data).toBeDefined();
	}
}

describe(`requests in flight never exceed Concurrency (emulator latency ${LATENCY_MS} ms)`, () => {
	const wall = new Map<string, number>();

	it.each([
		['1', 1, 16],
		['unset (version 1 default 4)', 4, 16],
		['8', 8, 16],
		['32', 32, 40],
	] as const)('Concurrency %s', async (label, limit, count) => {
		const before = suite.mark(slow);
		liveMost = 0;
		suite.figures.casesTried += 1;
		const options = label.startsWith('unset') ? {} : { concurrency: limit };
		const started = Date.now();
		const result = await suite.run(slow, 'octoAiSd15', parameters(options), { inputItems: items(count, `concurrency ${label}`) });
		wall.set(label, Date.now() - started);
		expect(result.error).toBeUndefined();
		expectInputOrder(result.items, count);

		const requests = generationsSince(slow.emulator.log, before, slow.token);
		suite.count(slow, before, () => true);
		expect(requests).toHaveLength(count);
		// Exactly the limit: never more, and the limit really is used.
		expect({ fromLogTimes: maxOverlap(spans(requests)), countedLive: liveMost }).toEqual({ fromLogTimes: limit, countedLive: limit });
	});

	// Time saved, not a speed ratio: both runs do the same CPU work, which a busy machine stretches
	// (a ratio of 1.5 was seen at a load average of 6), but 4 at once waits 4 latencies instead of 16.
	// Half of them, not three quarters: the two wall times are separate runs, and a CPU spike can
	// land in either one. Running in series saves none, and the overlap is counted exactly above.
	it('four at once saves at least half of the 12 latencies that one at a time waits in series (16 items)', () => {
		const one = wall.get('1')!;
		const four = wall.get('unset (version 1 default 4)')!;
		expect(one - four).toBeGreaterThanOrEqual(0.5 * (16 - 16 / 4) * LATENCY_MS);
	});
});

describe('memory: no more than Concurrency responses held at once', () => {
	it('each worker stores its item before it sends the next request (3 at once, 2 images each)', async () => {
		const before = suite.mark(slow);
		suite.figures.casesTried += 1;
		const count = 12;
		const result = await suite.run(slow, 'octoAiSd15', parameters({ concurrency: 3 }, { numImages: 2 }), {
			inputItems: items(count, 'held responses'),
		});
		expect(result.error).toBeUndefined();
		expectInputOrder(result.items, count, 2);
		const requests = generationsSince(slow.emulator.log, before, slow.token);
		suite.count(slow, before, () => true);

		// An item is held from its request until its last image is written to n8n's binary store.
		const stored = new Map<number, number>();
		for (const item of result.items) {
			const index = (item.pairedItem as { item: number }).item;
			const { mtimeMs } = await stat(await binaryFilePath(item));
			stored.set(index, Math.max(stored.get(index) ?? 0, mtimeMs));
		}
		const held = requests.map((entry) => ({ start: Date.parse(entry.time), end: stored.get(itemOf(entry)!)! }));
		expect(maxOverlap(held)).toBe(3);
	});
});

describe('results keep the input order when requests finish out of order', () => {
	const jittery = suite.emulator();

	it('16 items, 4 at once, each request delayed differently', async () => {
		const delays = [420, 40, 260, 5, 330, 120, 15, 210, 60, 380, 25, 150, 90, 300, 10, 200];
		jittery.emulator.queueFaults(jittery.token, delays.map((ms): Fault => ({ kind: 'latency', ms })));
		const before = suite.mark(jittery);
		suite.figures.casesTried += 1;
		const result = await suite.run(jittery, 'octoAiSd15', parameters({ concurrency: 4 }), { inputItems: items(16, 'jitter') });
		expect(result.error).toBeUndefined();
		const requests = generationsSince(jittery.emulator.log, before, jittery.token);
		suite.count(jittery, before, () => true);
		const finished = [...requests].sort(
			(a, b) => Date.parse(a.time) + (a.durationMs ?? 0) - (Date.parse(b.time) + (b.durationMs ?? 0)),
		);
		// The premise: the emulator did answer out of input order.
		expect(finished.map(itemOf)).not.toEqual(requests.map(itemOf).sort((a, b) => a! - b!));
		expectInputOrder(result.items, 16);
	});
});

describe('one shared back-off: a 429 pauses every worker of the node run', () => {
	// Every answer takes 100 ms, so the first four requests all arrive before the 429 goes out.
	const shared = suite.emulator({ latencyMs: 100 });

	/**
	 * The first request meets the 429; the next three are slower (+300 ms), so they are still in
	 * flight when it comes. Workers that were not told "slow down" would send their next request as
	 * soon as their own answer came; with the shared back-off nothing is sent until the pause is over.
	 */
	async function runWith429(env: TestEnv, rateLimit: Fault) {
		env.emulator.queueFaults(env.token, [rateLimit, { kind: 'latency', ms: 300, times: 3 }]);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, 'octoAiSd15', parameters({ concurrency: 4 }), { inputItems: items(12, 'shared back-off') });
		expect(result.error).toBeUndefined();
		expectInputOrder(result.items, 12);
		const { requests, groups } = suite.count(env, before, () => true);
		const limited = requests.find((entry) => entry.status === 429)!;
		const pauseFrom = Date.parse(limited.time) + limited.durationMs!;
		const arrivals = requests.map((entry) => Date.parse(entry.time) - pauseFrom);
		// The premise: four requests (the 429 and the three slow ones) were out when the 429 came.
		expect(arrivals.filter((t) => t <= 0)).toHaveLength(4);
		return { requests, groups, limited, arrivals };
	}

	it('Retry-After: 1 — no request of the run arrives within the second after the 429', async () => {
		const { requests, groups, limited, arrivals } = await runWith429(shared, { kind: 'status', status: 429, retryAfter: 1 });
		expect(requests).toHaveLength(13);
		const sentDuringPause = arrivals.filter((t) => t > 0 && t < 990);
		expect(sentDuringPause).toEqual([]);
		// The rate-limited item itself came back after the pause, and only once.
		const retry = groups.get(itemOf(limited)!)!;
		expect(retry.map((entry) => entry.status)).toEqual([429, 200]);
		expect(Date.parse(retry[1].time) - (Date.parse(limited.time) + limited.durationMs!)).toBeGreaterThanOrEqual(990);
	});

	it('no Retry-After — the shared back-off of at least 0.5 s holds every worker', async () => {
		const { requests, arrivals } = await runWith429(shared, { kind: 'status', status: 429 });
		expect(requests).toHaveLength(13);
		expect(arrivals.filter((t) => t > 0 && t < 490)).toEqual([]);
	});
});

suite.hygieneTest();
