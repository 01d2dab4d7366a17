/**
 * Issue 24, classes 1-3 and the asynchronous half of 6, through n8n's real engine against hostile
 * loopback servers: generated media is output whatever mode was asked and whatever else is wrong
 * with the answer (billed-work-kept); what the whole exchange needs is checked before the billed
 * request (checked-before-billing); every wait bounds the requests made inside it and says which
 * limit ended it and how to get the work in flight (one-deadline-per-wait); the errors of an
 * asynchronous exchange name its response id and the Async API Base URL (async-messages).
 */
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { imageItem, picture, type EngineNodeName } from '../nodes/helpers.cts';
import { HostileServer, json, type HostileHandler } from './support/hostile-server.cts';
import { hang, trickle } from './support/stalls.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('billed-and-waits');
const env = suite.emulator();
const server = new HostileServer();

let png: Buffer;
let controlItems: INodeExecutionData[];
beforeAll(async () => {
	await server.start();
	png = await picture(64, 64);
	controlItems = [await imageItem({ data: png })];
});
afterAll(async () => await server.close());

const bases = (overrides: Record<string, string> = {}) => ({ imageBaseUrl: server.url, platformBaseUrl: server.url, asyncBaseUrl: server.url, ...overrides });
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]);

interface NodeCase {
	node: EngineNodeName;
	base: INodeParameters;
	/** The generation answer's list and one entry of it. */
	list: 'images' | 'videos';
	entry: () => Record<string, unknown>;
	control?: boolean;
}

const image = () => ({ image_b64: png.toString('base64'), seed: 7, removed_for_safety: false });
const video = () => ({ video: GIF.toString('base64'), seed: 7, removed_for_safety: false });
const prompt = { prompt: 'a lighthouse' };
const NODES: NodeCase[] = [
	{ node: 'octoAiSd15', base: prompt, list: 'images', entry: image },
	{ node: 'octoAiSdxl', base: prompt, list: 'images', entry: image },
	{ node: 'octoAiSd3', base: prompt, list: 'images', entry: image },
	{ node: 'octoAiFluxDev', base: prompt, list: 'images', entry: image },
	{ node: 'octoAiFluxSchnell', base: prompt, list: 'images', entry: image },
	{ node: 'octoAiControlNetSd15', base: { ...prompt, controlImage: 'data' }, list: 'images', entry: image, control: true },
	{ node: 'octoAiControlNetSdxl', base: { ...prompt, controlImage: 'data' }, list: 'images', entry: image, control: true },
	{ node: 'octoAiStableVideoDiffusion', base: { inputImage: 'data' }, list: 'videos', entry: video, control: true },
];
const ENGINES = NODES.filter((n) => n.list === 'images');
const SVD = NODES.find((n) => n.list === 'videos')!;
const named = NODES.map((n) => [n.node, n] as const);

/** Async options: short poll and wait, no retries (each case counts its requests). */
const asyncOptions = (extra: INodeParameters = {}): INodeParameters => ({ waitMode: 'async', pollInterval: 0.5, maxWait: 2, maxRetries: 0, ...extra });

async function run(c: NodeCase, handler: HostileHandler, options: INodeParameters = asyncOptions(), credentials = bases(), extra: INodeParameters = {}) {
	server.use(handler);
	const started = Date.now();
	const result = await suite.run(env, c.node, { ...c.base, ...extra, options }, { credentials, inputItems: c.control ? controlItems : undefined });
	const posts = server.requests.filter((r) => r.method === 'POST');
	const polls = server.requests.filter((r) => r.path.startsWith('/v1/requests/'));
	const reads = server.requests.filter((r) => r.path.startsWith('/v1/responses/'));
	const hints = (result.run.data.resultData.runData.OctoAI?.[0]?.hints ?? []).map((h) => h.message);
	return { result, error: result.error, items: result.items, posts, polls, reads, hints, ms: Date.now() - started };
}

const answer = (c: NodeCase, count = 1, extra: Record<string, unknown> = {}) => ({ [c.list]: Array.from({ length: count }, c.entry), ...extra });
const accepted = { response_id: 'resp-24', poll_url: 'http://elsewhere/v1/requests/resp-24' };

/** POST accepted with `first`; status reads and result reads answered by the given handlers. */
function exchange(first: (res: Parameters<HostileHandler>[1]) => unknown, status: HostileHandler, result?: HostileHandler): HostileHandler {
	return (request, res) => {
		if (request.method === 'POST') return first(res);
		if (request.path.startsWith('/v1/requests/')) return status(request, res);
		if (result && request.path.startsWith('/v1/responses/')) return result(request, res);
		return json(res, 404, { detail: 'not found' });
	};
}

function expectOutput(out: Awaited<ReturnType<typeof run>>, count: number) {
	expect(out.error).toBeUndefined();
	expect(out.items).toHaveLength(count);
	for (const item of out.items) expect(Object.keys(item.binary ?? {})).toEqual(['data']);
}

describe('billed work is kept: an answer that carries media is output', () => {
	it.each(named)('%s, Wait Mode Asynchronous, a server that ignores the async header and answers 200 with the result', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, (_r, res) => json(res, 200, answer(c)));
		expectOutput(out, 1);
		expect(out.posts).toHaveLength(1);
		expect(out.polls).toHaveLength(0);
		expect(out.hints.some((h) => /answered at once with the result/.test(h))).toBe(true);
	});

	it.each(named)('%s: a 200 whose status says "failed" but that holds the media', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, (_r, res) => json(res, 200, answer(c, 1, { status: 'failed', error: 'internal' })));
		expectOutput(out, 1);
		expect(out.posts).toHaveLength(1);
	});

	it.each(named)('%s: a 201 with a response_id that already carries the result: output, never polled', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, (_r, res) => json(res, 201, { ...accepted, ...answer(c, 1) }));
		expectOutput(out, 1);
		expect(out.polls).toHaveLength(0);
	});

	it.each(named)('%s: a status read that carries the result inline (status still "running"): output, no result read', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 200, { status: 'running', ...answer(c) })));
		expectOutput(out, 1);
		expect(out.polls).toHaveLength(1);
		expect(out.reads).toHaveLength(0);
	});

	it.each(named)('%s: a result with extra fields and status "failed" beside its media: output', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(
			c,
			exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 200, { status: 'completed' }), (_r, res) => json(res, 200, answer(c, 1, { status: 'failed', unknown_field: { a: 1 } }))),
		);
		expectOutput(out, 1);
		expect(out.reads).toHaveLength(1);
	});

	it.each(named)('%s, Wait Mode Synchronous, a server that answers with a response id instead of the result: polled and output', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(
			c,
			exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 200, { status: 'completed' }), (_r, res) => json(res, 200, answer(c))),
			{ waitMode: 'sync', pollInterval: 0.5, maxWait: 2, maxRetries: 0 },
		);
		expectOutput(out, 1);
		expect(out.posts).toHaveLength(1);
		expect(out.polls).toHaveLength(1);
		expect(out.reads).toHaveLength(1);
		expect(out.hints.some((h) => /answered with response resp-24 to poll instead of the result/.test(h))).toBe(true);
	});

	it.each(named)('%s, Wait Mode Synchronous, answered with a response id while the Async API Base URL is unusable: the error gives the response id', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, (_r, res) => json(res, 200, accepted), { waitMode: 'sync', maxRetries: 0 }, bases({ asyncBaseUrl: 'async.octoai.run' }));
		expect(out.error?.message).toBe('Async API Base URL in the OctoAI credential is not a URL (e.g. https://image.octoai.run)');
		expect(out.error?.description).toContain('with response resp-24 to read from the Async API Base URL');
		expect(out.error?.description).toContain('/v1/responses/resp-24');
		expect(out.posts).toHaveLength(1);
	});

	it.each(ENGINES.map((n) => [n.node, n] as const))('%s: asked for 2, the synchronous-looking answer holds 3: all 3 output, with a count hint', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, (_r, res) => json(res, 200, answer(c, 3)), asyncOptions(), bases(), { numImages: 2 });
		expectOutput(out, 3);
		expect(out.hints).toContain('Item 0: OctoAI answered with 3 images, 2 were asked for');
	});

	it.each(named)('%s: the status read fails after the POST was accepted: the error gives the response id and where to read the result', async (_n, c) => {
		suite.countCase('billed-work-kept');
		const out = await run(c, exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 500, { detail: 'status store down' })));
		expect(out.error?.message).toContain('response resp-24');
		expect(out.error?.description).toContain(`GET ${server.url}/v1/responses/resp-24`);
		expect(out.posts).toHaveLength(1);
	});
});

describe('checked before billing: what the whole exchange needs is checked before the POST', () => {
	const BAD_ASYNC: Array<[string, string, RegExp]> = [
		['user:password@', `http://user:secret@127.0.0.1:9/`, /contains a user name or password/],
		['no scheme', 'async.octoai.run', /is not a URL/],
		['ftp scheme', 'ftp://async.octoai.run', /must start with http:\/\/ or https:\/\//],
		['empty', '  ', /is empty/],
	];
	const cases = NODES.flatMap((c) => BAD_ASYNC.map(([what, url, problem]) => [c.node, what, c, url, problem] as const));

	it.each(cases)('%s, Async API Base URL %s: refused with nothing sent', async (_n, _what, c, url, problem) => {
		suite.countCase('checked-before-billing');
		const out = await run(c, (_r, res) => json(res, 201, accepted), asyncOptions(), bases({ asyncBaseUrl: url }));
		expect(out.error?.name).toBe('NodeOperationError');
		expect(out.error!.message).toMatch(/^Async API Base URL in the OctoAI credential /);
		expect(out.error!.message).toMatch(problem);
		expect(out.error!.message).not.toContain('secret');
		expect(server.requests).toHaveLength(0);
	});

	it.each(named)('%s, Wait Mode Synchronous: an unusable Async API Base URL is not needed and not in the way', async (_n, c) => {
		suite.countCase('checked-before-billing');
		const out = await run(c, (_r, res) => json(res, 200, answer(c)), { waitMode: 'sync', maxRetries: 0 }, bases({ asyncBaseUrl: 'async.octoai.run' }));
		expectOutput(out, 1);
		expect(out.posts).toHaveLength(1);
	});

	it.each(named)('%s, three items and a spending limit: the bad Async API Base URL refuses every item, none is sent', async (_n, c) => {
		suite.countCase('checked-before-billing');
		server.use((_r, res) => json(res, 201, accepted));
		const items = c.control ? [controlItems[0], controlItems[0], controlItems[0]] : [{ json: {} }, { json: {} }, { json: {} }];
		const result = await suite.run(env, c.node, { ...c.base, options: { ...asyncOptions(), maxImagesPerRun: 10 } }, { credentials: bases({ asyncBaseUrl: 'http://u:p@h/' }), inputItems: items, continueOnFail: true });
		expect(result.items).toHaveLength(3);
		expect(result.items.every((i) => /Async API Base URL/.test(String(i.json.error)))).toBe(true);
		expect(server.requests).toHaveLength(0);
	});
});

describe('one deadline per wait', () => {
	it.each(NODES.flatMap((c) => [[c.node, 'never answers', c, hang] as const, [c.node, 'sends headers, then its body never ends', c, trickle] as const]))(
		'%s, Max Wait 2 s and Timeout 15 s, a status endpoint that %s: ends near Max Wait, naming it and the response id',
		async (_n, _what, c, status) => {
			suite.countCase('one-deadline-per-wait');
			const out = await run(c, exchange((res) => json(res, 201, accepted), status), asyncOptions({ timeout: 15 }));
			expect(out.error?.name).toBe('NodeOperationError');
			expect(out.error!.message).toBe('Max Wait (Seconds) (2 s) passed before OctoAI finished response resp-24 (status: no status read answered within the wait)');
			expect(out.error!.description).toContain(`GET ${server.url}/v1/responses/resp-24`);
			expect(out.ms).toBeGreaterThanOrEqual(1_900);
			expect(out.ms).toBeLessThan(8_000);
			expect(out.posts).toHaveLength(1);
		},
		20_000,
	);

	it.each(ENGINES.slice(0, 3).map((n) => [n.node, n] as const))('%s: a status read that answers once, then hangs: the last status is named', async (_n, c) => {
		suite.countCase('one-deadline-per-wait');
		let reads = 0;
		const out = await run(c, exchange((res) => json(res, 201, accepted), (r, res) => (++reads === 1 ? json(res, 200, { status: 'running' }) : hang(r, res))), asyncOptions({ timeout: 15 }));
		expect(out.error!.message).toBe('Max Wait (Seconds) (2 s) passed before OctoAI finished response resp-24 (status: running)');
		expect(out.ms).toBeLessThan(8_000);
	}, 20_000);
});

describe('async messages: errors of an asynchronous exchange name its response id and the Async API Base URL', () => {
	it.each(named)('%s: a 404 on the status read', async (_n, c) => {
		suite.countCase('async-messages');
		const out = await run(c, exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 404, { detail: 'Not Found' })));
		expect(out.error?.message).toBe(`OctoAI at the Async API Base URL (${server.url}) does not know response resp-24 (404)`);
		expect(out.error?.description).toMatch(/Check "Async API Base URL"/);
		expect(out.error?.description).not.toMatch(/asset names/);
		expect(out.polls).toHaveLength(1);
	});

	it.each(named)('%s: a 404 on the result read after "completed"', async (_n, c) => {
		suite.countCase('async-messages');
		const out = await run(c, exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 200, { status: 'completed' }), (_r, res) => json(res, 404, { detail: 'gone' })));
		expect(out.error?.message).toBe(`OctoAI at the Async API Base URL (${server.url}) does not know response resp-24 (404)`);
		expect(out.reads).toHaveLength(1);
	});

	it.each(named)('%s: the result read answers 500 with the service\'s own text', async (_n, c) => {
		suite.countCase('async-messages');
		const out = await run(c, exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 200, { status: 'failed' }), (_r, res) => json(res, 500, { detail: 'GPU fell over' })));
		expect(out.error?.message).toContain(`(response resp-24, Async API Base URL ${server.url})`);
		expect(`${out.error?.message} ${out.error?.description}`).toContain('GPU fell over');
	});

	it.each(ENGINES.slice(0, 4).map((n) => [n.node, n] as const))('%s: the status read drops the connection', async (_n, c) => {
		suite.countCase('async-messages');
		const out = await run(c, exchange((res) => json(res, 201, accepted), (_r, res) => res.socket?.destroy()));
		expect(out.error?.message).toContain('response resp-24');
		expect(out.error?.message).toContain(server.url);
	});

	it('an Async API Base URL with a path prefix is named as configured', async () => {
		suite.countCase('async-messages');
		const out = await run(SVD, exchange((res) => json(res, 201, accepted), (_r, res) => json(res, 404, {})), asyncOptions(), bases({ asyncBaseUrl: `${server.url}/prefix/` }));
		expect(out.error?.message).toBe(`OctoAI at the Async API Base URL (${server.url}/prefix) does not know response resp-24 (404)`);
		expect(out.polls).toHaveLength(0);
		expect(server.requests.some((r) => r.path === '/prefix/v1/requests/resp-24')).toBe(true);
	});
});

suite.hygieneTest();
