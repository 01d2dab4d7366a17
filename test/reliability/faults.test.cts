import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { Fault, LoggedRequest } from '../emulator/index.cts';
import { binaryItem } from '../harness/index.cts';
import { damagedPng, picture } from '../nodes/helpers.cts';
import { ReliabilitySuite } from './support/suite.cts';
import { itemMarker, retryPolicyViolations } from './support/tally.cts';

const suite = new ReliabilitySuite('faults');
const env = suite.emulator();

/** Default "Max Retries": two retries, so three billed attempts at most. */
const DEFAULT_RETRIES = 2;
const INJECTED = '\\(injected by the OctoAI emulator\\)';

interface FaultCase {
	name: string;
	/** Faults the first item's attempts meet, in order (the items run one at a time). */
	faults: Fault[];
	options?: IDataObject;
	/** Requests the first item must cost, no more and no fewer. */
	attempts: number;
	/** Images, or the error: class NodeApiError, this status (if the API answered) and message. */
	outcome: 'images' | { httpCode?: string; message: RegExp };
	/** Least time between the end of one attempt and the start of the next (Retry-After or back-off). */
	minGapMs?: number;
}

const status = (code: number, extra: Partial<Extract<Fault, { kind: 'status' }>> = {}): Fault => ({ kind: 'status', status: code, ...extra });
const apiError = (httpCode: string, message: string) => ({ httpCode, message: new RegExp(`^${message}$`) });

const CASES: FaultCase[] = [
	// Transient, then success: retried, and each retry waits as the policy says.
	{ name: '429 with Retry-After: 1', faults: [status(429, { retryAfter: 1 })], attempts: 2, outcome: 'images', minGapMs: 990 },
	{ name: '429 without Retry-After (back-off of at least 0.5 s)', faults: [status(429)], attempts: 2, outcome: 'images', minGapMs: 490 },
	{ name: '500 without Retry-After (back-off of at least 0.5 s)', faults: [status(500)], attempts: 2, outcome: 'images', minGapMs: 490 },
	{ name: '502', faults: [status(502, { retryAfter: 0 })], attempts: 2, outcome: 'images' },
	{ name: '503', faults: [status(503, { retryAfter: 0 })], attempts: 2, outcome: 'images' },
	{ name: '502 with an HTML error page', faults: [status(502, { html: true, retryAfter: 0 })], attempts: 2, outcome: 'images' },
	{ name: 'a dropped connection', faults: [{ kind: 'drop' }], attempts: 2, outcome: 'images', minGapMs: 490 },
	{ name: '503 then a dropped connection: the third attempt succeeds', faults: [status(503, { retryAfter: 0 }), { kind: 'drop' }], attempts: 3, outcome: 'images' },
	{ name: 'four 500s with Max Retries 4', faults: [status(500, { retryAfter: 0, times: 4 })], options: { maxRetries: 4 }, attempts: 5, outcome: 'images' },
	// Transient but persistent: exactly 1 + Max Retries attempts, then the status and the API's message.
	{ name: '429 three times', faults: [status(429, { retryAfter: 0, times: 3 })], attempts: 3, outcome: apiError('429', `OctoAI rate limit reached \\(429\\): Too Many Requests ${INJECTED}`) },
	{ name: '500 three times', faults: [status(500, { retryAfter: 0, times: 3 })], attempts: 3, outcome: apiError('500', `OctoAI server error \\(500\\): Internal Server Error ${INJECTED}`) },
	{ name: '502 HTML page three times (no HTML in the message)', faults: [status(502, { html: true, retryAfter: 0, times: 3 })], attempts: 3, outcome: apiError('502', 'OctoAI server error \\(502\\)') },
	{ name: '503 three times', faults: [status(503, { retryAfter: 0, times: 3 })], attempts: 3, outcome: apiError('503', `OctoAI server error \\(503\\): Service Unavailable ${INJECTED}`) },
	{ name: 'dropped connection three times', faults: [{ kind: 'drop', times: 3 }], attempts: 3, outcome: { message: /^OctoAI at 127\.0\.0\.1:\d+ closed the connection without answering$/ } },
	{ name: '503 with Max Retries 0', faults: [status(503, { retryAfter: 0 })], options: { maxRetries: 0 }, attempts: 1, outcome: apiError('503', `OctoAI server error \\(503\\): Service Unavailable ${INJECTED}`) },
	{ name: '500 twice with Max Retries 1', faults: [status(500, { retryAfter: 0, times: 2 })], options: { maxRetries: 1 }, attempts: 2, outcome: apiError('500', `OctoAI server error \\(500\\): Internal Server Error ${INJECTED}`) },
	// Not transient: never retried, since a retry would not help and may be billed again.
	{ name: 'a response slower than the timeout', faults: [{ kind: 'latency', ms: 2_500 }], options: { timeout: 1 }, attempts: 1, outcome: { message: /^OctoAI did not answer within 1 s$/ } },
	{ name: 'truncated JSON', faults: [{ kind: 'truncate' }], attempts: 1, outcome: apiError('200', 'OctoAI answered 200 with a body that is not JSON') },
	{ name: 'an HTML page with status 200', faults: [{ kind: 'non-json' }], attempts: 1, outcome: apiError('200', 'OctoAI answered 200 with a body that is not JSON') },
	{ name: 'a 200 without images', faults: [{ kind: 'no-images' }], attempts: 1, outcome: apiError('200', 'OctoAI answered without any images') },
	{ name: '401', faults: [status(401)], attempts: 1, outcome: apiError('401', `OctoAI rejected the API token \\(401\\): Unauthorized ${INJECTED}`) },
	{ name: '422', faults: [status(422)], attempts: 1, outcome: apiError('422', `OctoAI rejected a parameter \\(422\\): Unprocessable Entity ${INJECTED}`) },
	{ name: '400', faults: [status(400)], attempts: 1, outcome: apiError('400', `OctoAI rejected the request: Bad Request ${INJECTED}`) },
	{ name: '403', faults: [status(403)], attempts: 1, outcome: apiError('403', `The API token may not do this \\(403\\): Forbidden ${INJECTED}`) },
	{ name: '404', faults: [status(404)], attempts: 1, outcome: apiError('404', `Not found at OctoAI \\(404\\): Not Found ${INJECTED}`) },
];

function parameters(options: IDataObject = {}): INodeParameters {
	return { prompt: '={{ $json.prompt }}', options: { concurrency: 1, imageEncoding: 'jpeg', ...options } };
}

function items(count: number, label: string): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { prompt: `fault case ${label}, ${itemMarker(i)}` } }));
}

/** Time from the end of each attempt to the start of the next. */
function gaps(attempts: LoggedRequest[]): number[] {
	return attempts.slice(1).map((entry, n) => {
		const previous = attempts[n];
		return Date.parse(entry.time) - (Date.parse(previous.time) + (previous.durationMs ?? 0));
	});
}

function checkAttempts(c: FaultCase, groups: Map<number, LoggedRequest[]>, maxRetries: number) {
	const first = groups.get(0) ?? [];
	expect(first).toHaveLength(c.attempts);
	expect([...groups].flatMap(([item, attempts]) => retryPolicyViolations(item, attempts, maxRetries))).toEqual([]);
	if (c.minGapMs !== undefined) for (const gap of gaps(first)) expect(gap).toBeGreaterThanOrEqual(c.minGapMs);
}

describe(`faults (${CASES.length} kinds): transient ones retried within the policy, the others end as NodeApiError`, () => {
	it.each(CASES.map((c) => [c.name, c] as const))('%s: one item', async (_name, c) => {
		const maxRetries = (c.options?.maxRetries as number | undefined) ?? DEFAULT_RETRIES;
		env.emulator.queueFaults(env.token, c.faults);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, 'octoAiSd15', parameters(c.options), { inputItems: items(1, c.name) });
		const { groups } = suite.count(env, before, () => c.outcome === 'images');
		checkAttempts(c, groups, maxRetries);
		if (c.outcome === 'images') {
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].binary?.data).toBeDefined();
		} else {
			expect(result.error).toMatchObject({ name: 'NodeApiError', context: { itemIndex: 0 } });
			expect(result.error!.message).toMatch(c.outcome.message);
			if (c.outcome.httpCode) expect(result.error).toMatchObject({ httpCode: c.outcome.httpCode });
			else expect((result.error as { httpCode?: string | null }).httpCode ?? null).toBeNull();
		}
	});

	it.each(CASES.map((c) => [c.name, c] as const))('%s: with Continue On Fail the other items get their images', async (_name, c) => {
		const maxRetries = (c.options?.maxRetries as number | undefined) ?? DEFAULT_RETRIES;
		env.emulator.queueFaults(env.token, c.faults);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, 'octoAiSd15', parameters(c.options), { inputItems: items(3, c.name), continueOnFail: true });
		const failed = c.outcome !== 'images';
		const { groups } = suite.count(env, before, (item) => item !== 0 || !failed);
		checkAttempts(c, groups, maxRetries);
		expect(groups.get(1)).toHaveLength(1);
		expect(groups.get(2)).toHaveLength(1);

		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		if (c.outcome !== 'images') expect(result.items[0].json.error).toMatch(c.outcome.message);
		const lost = result.items.filter((item, i) => (i > 0 || !failed) && !item.binary?.data).length;
		suite.figures.itemsLost += lost;
		expect(lost).toBe(0);
	});
});

describe('faults the API itself answers', () => {
	it('a wrong token: one 401 per item, the API message, and the token in no output', async () => {
		const wrong = `wrong-${env.token.slice(4)}`;
		suite.evidence.addToken('wrong token', wrong);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, 'octoAiSd15', parameters(), {
			inputItems: items(3, 'wrong token'),
			credentials: { apiToken: wrong },
			continueOnFail: true,
		});
		const { groups } = suite.count(env, before, () => false, wrong);
		expect([...groups.values()].map((attempts) => attempts.map((a) => a.status))).toEqual([[401], [401], [401]]);
		expect(result.items.map((item) => item.json.error)).toEqual(Array(3).fill('OctoAI rejected the API token (401): Invalid API token'));
	});

	it('a 422 naming the field: an image the API cannot decode is sent once, and its base64 is in no message', async () => {
		const png = await picture(64, 64);
		const corrupt = damagedPng(png);
		suite.evidence.addImage('corrupt input', corrupt);
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const result = await suite.run(env, 'octoAiSd15', { ...parameters(), mode: 'imageToImage', inputImage: 'data' }, {
			inputItems: [{ ...(await binaryItem(corrupt, 'image/png', 'corrupt.png')), json: { prompt: `corrupt image, ${itemMarker(0)}` } }],
		});
		const { groups } = suite.count(env, before, () => false);
		expect(groups.get(0)?.map((a) => a.status)).toEqual([422]);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '422', context: { itemIndex: 0 } });
		expect(result.error!.message).toMatch(/^OctoAI rejected a parameter \(422\): Input Image \(init_image\): .+/);
	});

	it('images removed for safety: one request, an item with the flag and no image, not an error', async () => {
		const before = suite.mark(env);
		suite.figures.casesTried += 1;
		const inputItems = [{ json: { prompt: `an nsfw scene, ${itemMarker(0)}` } }, { json: { prompt: `a meadow, ${itemMarker(1)}` } }];
		const result = await suite.run(env, 'octoAiSd15', { ...parameters(), numImages: 2 }, { inputItems });
		const { groups } = suite.count(env, before, () => true);
		expect([...groups.values()].map((attempts) => attempts.length)).toEqual([1, 1]);
		expect(result.items.map((item) => [item.pairedItem, item.json.removed_for_safety, Boolean(item.binary?.data)])).toEqual([
			[{ item: 0 }, true, false],
			[{ item: 0 }, true, false],
			[{ item: 1 }, false, true],
			[{ item: 1 }, false, true],
		]);
	});
});

describe('random transient faults with 4 requests at once', () => {
	const chaos = suite.emulator({ faultRate: 0.3, faultSeed: 11 });
	const ITEMS = 24;
	// Nine faults in a row for one of the 24 items (0.3^9 each) is about one run in 2,000.
	const MAX_RETRIES = 8;

	it(`${ITEMS} items at a 30% fault rate: each item billed exactly once, retried only within the policy`, async () => {
		suite.figures.casesTried += 1;
		const result = await suite.run(
			chaos,
			'octoAiSd15',
			parameters({ concurrency: 4, maxRetries: MAX_RETRIES }),
			{ inputItems: items(ITEMS, 'random'), continueOnFail: true },
		);
		const ok = (i: number) => Boolean(result.items[i]?.binary?.data);
		const { groups, faults } = suite.count(chaos, 0, ok);
		expect(faults.injected).toBeGreaterThan(0);
		expect(result.items.map((item) => item.pairedItem)).toEqual(Array.from({ length: ITEMS }, (_, item) => ({ item })));
		const lost = Array.from({ length: ITEMS }, (_, i) => i).filter((i) => !ok(i)).length;
		suite.figures.itemsLost += lost;
		expect(lost).toBe(0);
		for (const [item, attempts] of groups) {
			expect(attempts.filter((a) => a.status === 200)).toHaveLength(1);
			expect(retryPolicyViolations(item, attempts, MAX_RETRIES)).toEqual([]);
		}
		expect(faults.survived).toBe(faults.injected);
	});
});

suite.hygieneTest();
