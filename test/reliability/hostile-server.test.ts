/**
 * Issue 10, classes 1, 2, 3, 6 and 7: a server that misbehaves (echoes the token, trickles, repeats
 * pages, answers in the wrong shape, sends megabytes of error text, redirects elsewhere) through
 * n8n's real engine. Each case: a NodeApiError (or NodeOperationError) that says what happened, in
 * bounded time and size, and no secret anywhere (the file's hygiene test searches all evidence).
 */
import { inspect } from 'node:util';
import { createGzip } from 'node:zlib';

import type { INodeParameters } from 'n8n-workflow';

import { binaryItem, packageNode, runListSearch } from '../harness';
import { CREDENTIAL, picture } from '../nodes/helpers';
import { locator, runChain, runPlatformNode, type PlatformNodeName } from '../nodes/platform-helpers';
import { HostileServer, json, type HostileHandler } from './support/hostile-server';
import { ReliabilitySuite } from './support/suite';

const suite = new ReliabilitySuite('hostile-server');
const env = suite.emulator();
const server = new HostileServer();
const other = new HostileServer();
let png = '';
/** A picture of a size both ADetailer base models take, for the Image Tools input. */
let square: Buffer;

beforeAll(async () => {
	await server.start();
	await other.start();
	png = (await picture(16, 16)).toString('base64');
	square = await picture(512, 512);
});
afterAll(async () => {
	await server.close();
	await other.close();
});

const hostile = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url });
const GENERATE = { prompt: 'a lighthouse at dusk', options: { maxRetries: 0, timeout: 10 } };
const okImages = (count = 1) => ({ images: Array.from({ length: count }, (_, i) => ({ image_b64: png, seed: i + 1 })) });
const asset = (id: string) => ({ id, name: `name-${id}`, asset_type: 'lora', status: 'ready', data: { asset_type: 'lora' } });

/** Runs an engine node against the hostile server; returns its error (message, description, http code). */
async function generate(handler: HostileHandler, parameters: INodeParameters = GENERATE, credentials = hostile()) {
	server.use(handler);
	const result = await suite.run(env, 'octoAiSd15', parameters, { credentials });
	return { result, error: result.error as (Error & { description?: string; httpCode?: string }) | undefined };
}

/** Runs a platform node against the hostile server with Continue On Fail off. */
async function platform(type: PlatformNodeName, handler: HostileHandler, parameters: INodeParameters, timeoutMs = 30_000) {
	server.use(handler);
	const result = await runPlatformNode(env, type, parameters, { credentials: hostile(), timeoutMs });
	suite.record(`${type} ${String(parameters.operation)}`, result);
	return { result, error: result.error as (Error & { description?: string; httpCode?: string }) | undefined };
}

/** A picker call against the hostile server. */
async function picker(type: PlatformNodeName, method: string, handler: HostileHandler, paginationToken?: string) {
	server.use(handler);
	try {
		const found = await runListSearch(packageNode(type), method, {
			credentials: env.credentials(hostile()),
			nodeCredentials: { octoAiApi: CREDENTIAL },
			paginationToken,
		});
		suite.evidence.addText(`picker ${method}`, JSON.stringify(found));
		return { found };
	} catch (error) {
		suite.evidence.addError(`picker ${method}`, error);
		return { error: error as Error & { description?: string } };
	}
}

function everyText(error: { message?: string; description?: string | null } | undefined): string {
	return `${error?.message ?? ''}\n${error?.description ?? ''}`;
}

describe('class 1: secrets in errors', () => {
	const echo = (status: number, shape: 'json' | 'text' | 'detail' | 'html'): HostileHandler => (request, res) => {
		const header = String(request.headers.authorization);
		if (shape === 'json') return json(res, status, { message: `Denied for ${header}`, headers: request.headers });
		if (shape === 'detail') return json(res, status, { detail: [{ loc: ['body', 'prompt'], msg: `bad, token was ${header.slice(7)}` }] });
		if (shape === 'html') return json(res, status, `<html><body>Proxy error for Authorization: ${header}</body></html>`);
		return json(res, status, `Authorization: ${header} is not allowed here`);
	};
	it.each([
		[401, 'json'],
		[403, 'text'],
		[422, 'detail'],
		[429, 'json'],
		[500, 'html'],
		[400, 'text'],
	] as const)('a %i (%s) echoing the Authorization header: the token is in no text', async (status, shape) => {
		suite.countCase('1 secrets in errors');
		const { error } = await generate(echo(status, shape));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: String(status) });
		expect(everyText(error)).not.toContain(env.token);
		expect(JSON.stringify(error)).not.toContain(env.token);
	});

	it('the Asset Library: a 404 echoing the token in JSON and text', async () => {
		suite.countCase('1 secrets in errors');
		const { error } = await platform('octoAiAssetLibrary', echo(404, 'json'), { operation: 'get', asset: locator('id', 'asset_01HXYZ') });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(everyText(error)).not.toContain(env.token);
	});

	it('an upload whose asset ends rejected with the token in its status details', async () => {
		suite.countCase('1 secrets in errors');
		const id = 'asset_01HREJECT';
		const handler: HostileHandler = (request, res) => {
			const rejected = { ...asset(id), asset_type: 'file', status: 'rejected', status_details: `refused for ${String(request.headers.authorization)}` };
			if (request.method === 'POST' && request.path === '/v1/assets') {
				return json(res, 200, { asset: { ...rejected, status: 'ready_to_upload' }, transfer_api: { type: 'presigned-url', put_url: `${server.url}/put`, get_url: '' } });
			}
			if (request.method === 'PUT') return res.writeHead(200).end();
			if (request.path.endsWith('/complete-upload')) return json(res, 200, {});
			return json(res, 200, { asset: rejected });
		};
		server.use(handler);
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'upload', assetName: 'x', assetType: 'file', binaryPropertyName: 'data', options: { pollInterval: 0.1, timeout: 5 } },
			{ credentials: hostile(), inputItems: [await binaryItem(Buffer.from(png, 'base64'), 'image/png', 'x.png')] },
		);
		suite.record('upload rejected', result);
		expect(result.error?.message).toMatch(/^OctoAI rejected the asset "name-asset_01HREJECT": refused for Bearer \[redacted\]$/);
		expect(JSON.stringify(result.error)).not.toContain(env.token);
	});

	it('a 401 whose long message starts with the token: not even its first characters in any text', async () => {
		suite.countCase('1 secrets in errors');
		// A message cut to an excerpt before it was scrubbed kept the token's start.
		const { error } = await generate((request, res) => json(res, 401, { detail: `${String(request.headers.authorization).slice(7)} ${'x'.repeat(300)}` }));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(inspect(error, { depth: null, showHidden: true })).not.toContain(env.token.slice(0, 12));
	});

	it('a 200 whose answer echoes the token: not in the output of an engine, the Asset Library or Fine-Tuning', async () => {
		suite.countCase('1 secrets in errors');
		const header = (request: { headers: Record<string, unknown> }) => String(request.headers.authorization);
		const generated = await generate((request, res) => json(res, 200, { ...okImages(), note: `for ${header(request).slice(7)}`, [header(request)]: 1 }));
		expect(generated.error).toBeUndefined();
		const got = await platform('octoAiAssetLibrary', (request, res) => json(res, 200, { asset: { ...asset('asset_01HECHO'), description: `made with ${header(request)}`, debug: { headers: request.headers } } }), {
			operation: 'get',
			asset: locator('id', 'asset_01HECHO'),
		});
		expect(got.error).toBeUndefined();
		const tune = await platform('octoAiFineTuning', (request, res) => json(res, 200, { id: 'tune_01HECHO', name: 't', status: 'pending', status_details: header(request).slice(7), details: {} }), {
			operation: 'get',
			tune: locator('id', 'tune_01HECHO'),
		});
		expect(tune.error).toBeUndefined();
		const output = (result: { items: Array<{ json: unknown }> }) => JSON.stringify(result.items.map((item) => item.json));
		// The engine output keeps only the fields it knows; the platform nodes pass the server's record on.
		expect(output(generated.result)).not.toContain(env.token.slice(0, 12));
		for (const result of [got.result, tune.result]) {
			expect(output(result)).toContain('[redacted]');
			expect(output(result)).not.toContain(env.token.slice(0, 12));
		}
	});

	it('a picker whose server echoes the token in a 500', async () => {
		suite.countCase('1 secrets in errors');
		const { error } = await picker('octoAiAssetLibrary', 'searchOwnAssets', echo(500, 'json'));
		expect(error).toBeDefined();
		expect(everyText(error)).not.toContain(env.token);
	});

	it.each([
		['image', 'imageBaseUrl'],
		['platform', 'platformBaseUrl'],
	])('a %s base URL with user:password@ is refused before any request, and the password is in no text', async (_api, field) => {
		suite.countCase('1 secrets in errors');
		const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
		suite.evidence.addToken('base URL password', password);
		const url = server.url.replace('http://', `http://admin:${password}@`);
		const credentials = { ...hostile(), [field]: url };
		server.use((_r, res) => json(res, 200, okImages()));
		const result =
			field === 'imageBaseUrl'
				? await suite.run(env, 'octoAiSd15', GENERATE, { credentials })
				: await runPlatformNode(env, 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', 'asset_01HX') }, { credentials });
		suite.record('base URL with userinfo', result);
		expect(server.requests).toHaveLength(0);
		expect(result.error?.message).toMatch(/Base URL in the OctoAI credential contains a user name or password/);
		expect(everyText(result.error)).not.toContain(password);
	});
});

describe('class 2: work that never ends', () => {
	it('a body trickled one byte at a time: the timeout covers the whole answer', async () => {
		suite.countCase('2 work that never ends');
		const started = Date.now();
		const { error } = await generate(
			(_r, res) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.write('{"images":[');
				const timer = setInterval(() => res.write(' '), 100);
				res.on('close', () => clearInterval(timer));
			},
			{ ...GENERATE, options: { maxRetries: 0, timeout: 1 } },
		);
		expect(error?.message).toMatch(/^OctoAI did not finish its answer within 1 s \(\d+ bytes received\)$/);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	it('headers that never come: the timeout fires', async () => {
		suite.countCase('2 work that never ends');
		const started = Date.now();
		const { error } = await generate(() => undefined, { ...GENERATE, options: { maxRetries: 0, timeout: 1 } });
		expect(error?.message).toMatch(/^OctoAI did not answer within 1 s$/);
		expect(Date.now() - started).toBeLessThan(5_000);
	});

	const samePage: HostileHandler = (_r, res) => json(res, 200, { data: [asset('asset_01HSAME')], has_more: true });
	// One page of repeats can be an overlap (entries added while walking); the second in a row stops it.
	it('Return All against a server that repeats the same page: stops at the second repeat', async () => {
		suite.countCase('2 work that never ends');
		const { error } = await platform('octoAiAssetLibrary', samePage, { operation: 'list', returnAll: true });
		expect(error?.message).toMatch(/^Stopped listing assets: the API answered the page at offset 2 with entries it had already sent$/);
		expect(server.requests.length).toBe(3);
	});

	it('Return All of tunes against a server that repeats its page', async () => {
		suite.countCase('2 work that never ends');
		const tune = { id: 'tune_01HSAME', name: 't', status: 'running' };
		const { error } = await platform('octoAiFineTuning', (_r, res) => json(res, 200, { data: [tune], has_more: true }), { operation: 'list', returnAll: true });
		expect(error?.message).toMatch(/^Stopped listing tunes/);
		expect(server.requests.length).toBe(3);
	});

	it('a picker whose server repeats the same page: no further page token after the repeat', async () => {
		suite.countCase('2 work that never ends');
		const first = await picker('octoAiAssetLibrary', 'searchOwnAssets', samePage);
		expect(first.found?.paginationToken).toBeDefined();
		const second = await picker('octoAiAssetLibrary', 'searchOwnAssets', samePage, first.found!.paginationToken as string);
		expect(second.found).toEqual({ results: [] });
	});

	it('a picker whose server says has_more with empty pages: no page token', async () => {
		suite.countCase('2 work that never ends');
		const { found } = await picker('octoAiFineTuning', 'searchTunes', (_r, res) => json(res, 200, { data: [], has_more: true }));
		expect(found).toEqual({ results: [], paginationToken: undefined });
	});

	it('100,000 nested brackets in a prompt: refused locally in well under a second', async () => {
		suite.countCase('2 work that never ends');
		const prompt = `${'('.repeat(50_000)}a${')'.repeat(49_999)}`;
		const started = Date.now();
		const { error } = await generate((_r, res) => json(res, 200, okImages()), { ...GENERATE, prompt });
		expect(error?.message).toMatch(/^Prompt has a weighting error at character 1: '\(' is never closed$/);
		expect(server.requests).toHaveLength(0);
		expect(Date.now() - started).toBeLessThan(3_000);
	});
});

describe('class 3: malformed answers', () => {
	const CASES: Array<[string, unknown, RegExp]> = [
		['images: [null]', { images: [null] }, /unexpected shape: images\[0\] is null, not an image object$/],
		['image_b64 as a number', { images: [{ image_b64: 42 }] }, /images\[0\]\.image_b64 is number, not base64 text$/],
		['image_b64 as an object', { images: [{ image_b64: { data: 'x' } }] }, /images\[0\]\.image_b64 is object, not base64 text$/],
		['images as an object', { images: { 0: 'x' } }, /"images" is object, not a list$/],
		['seed as text', { images: [{ image_b64: 'eA==', seed: 'one' }] }, /images\[0\]\.seed is string, not a number$/],
		['a JSON list instead of an object', [1, 2], /the answer is a list, not an object$/],
	];
	it.each([
		['a lone character', 'x'],
		['a broken group', 'eA=x'],
		['characters outside base64', 'ab$d'],
	])('a 200 whose image_b64 is not base64 (%s): NodeApiError 200 saying so', async (_name, data) => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => json(res, 200, { images: [{ image_b64: data, seed: 1 }] }));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(/unreadable image: images\[0\]\.image_b64 in the response (is not valid base64|ends in the middle of a base64 group)/);
	});
	it.each(CASES)('a 200 with %s: NodeApiError 200 naming what is wrong, with an excerpt', async (_name, body, message) => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => json(res, 200, body));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(message);
		expect(error!.description).toMatch(/The answer began: /);
	});

	const ERRORS: Array<[string, unknown, RegExp]> = [
		['detail entries that are null', { detail: [null, { loc: ['body', 'steps'], msg: 'too many' }] }, /^OctoAI rejected a parameter \(422\): request: invalid; Steps \(steps\): too many$/],
		['a detail entry with a string loc', { detail: [{ loc: 'steps', msg: 'too many' }] }, /^OctoAI rejected a parameter \(422\): Steps \(steps\): too many$/],
		['a detail object instead of a list', { detail: { loc: ['body', 'cfg_scale'], msg: 'too high' } }, /^OctoAI rejected a parameter \(422\): CFG Scale \(cfg_scale\): too high$/],
		['{"error":{"message":…}}', { error: { message: 'quota exhausted' } }, /^OctoAI rejected a parameter \(422\): quota exhausted$/],
	];
	it.each(ERRORS)('a 422 with %s: the status and a readable message', async (_name, body, message) => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => json(res, 422, body));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		expect(error!.message).toMatch(message);
	});

	it('fewer images than asked: a warning hint on the item', async () => {
		suite.countCase('3 malformed answers');
		const { result } = await generate((_r, res) => json(res, 200, okImages(1)), { ...GENERATE, numImages: 3 });
		expect(result.error).toBeUndefined();
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContain('Item 0: OctoAI answered with 1 image, 3 were asked for');
	});

	it('more images than asked: a warning hint', async () => {
		suite.countCase('3 malformed answers');
		const { result } = await generate((_r, res) => json(res, 200, okImages(3)));
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContain('Item 0: OctoAI answered with 3 images, 1 was asked for');
	});

	it('{"asset": null} while waiting for an upload: an error naming the shape, no TypeError', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { asset: null }), { operation: 'get', asset: locator('id', 'asset_01HX') });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(/unexpected shape: asset is null, not an asset$/);
	});

	it('{} for a tune: no request to /v1/tune/undefined', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await platform('octoAiFineTuning', (_r, res) => json(res, 200, {}), { operation: 'get', tune: locator('id', 'tune_01HX') });
		expect(error!.message).toMatch(/unexpected shape: tune\.id is undefined, not text$/);
		expect(server.requests.map((r) => r.path)).toEqual(['/v1/tune/tune_01HX']);
	});

	it('a body dropped after the 200 headers: says the connection closed mid-answer', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
			res.write('{"images":[{"image_b64":"');
			setTimeout(() => res.socket?.destroy(), 50);
		});
		expect(error?.message).toMatch(/^OctoAI at 127\.0\.0\.1:\d+ closed the connection after \d+ bytes of its answer, before the body was complete$/);
	});

	it('an oversized response header: says so, not "could not reach"', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await generate((_r, res) => {
			res.socket?.write(`HTTP/1.1 200 OK\r\nX-Padding: ${'a'.repeat(200_000)}\r\nContent-Length: 2\r\n\r\n{}`);
			res.socket?.end();
		});
		expect(error?.message).toMatch(/answered with response headers larger than the HTTP client accepts$/);
	});

	it('a decompression bomb (160 MB of spaces as ~160 KB of gzip): stopped at the size bound', async () => {
		suite.countCase('3 malformed answers');
		const before = process.memoryUsage().rss;
		const { error } = await generate((_r, res) => {
			res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
			const gzip = createGzip();
			gzip.pipe(res);
			const zeros = Buffer.alloc(1024 * 1024, 0x20);
			let sent = 0;
			const pump = () => {
				while (sent < 160 && !res.destroyed) {
					sent++;
					if (!gzip.write(zeros)) {
						gzip.once('drain', pump);
						return;
					}
				}
				gzip.end();
			};
			res.on('close', () => gzip.destroy());
			pump();
		}, { ...GENERATE, options: { maxRetries: 0, timeout: 300 } });
		// Spaces are JSON outside the images: the streaming reader's 1 MB bound for them stops it first.
		expect(error?.message).toMatch(
			/(answered with a body larger than 100 MB \(after decompression\)|holds more than 1024 KB besides image data); reading stopped$/,
		);
		expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
	}, 300_000);

	it('text fields of another type (a number description, trigger words as one text): read as text, not a TypeError or one letter', async () => {
		suite.countCase('3 malformed answers');
		const odd = { ...asset('asset_01HODD'), description: 42, data: { asset_type: 'lora', trigger_words: 'sks dog' } };
		server.use((_r, res) => json(res, 200, { data: [odd], has_more: false }));
		const found = await runListSearch(packageNode('octoAiSdxl'), 'searchLoras', {
			credentials: env.credentials(hostile()),
			nodeCredentials: { octoAiApi: CREDENTIAL },
		});
		expect(found.results.map((row) => row.description)).toEqual(['42. Trigger: sks dog']);
		// A lone trigger word where a list belongs is that word, not its first letter.
		const tune = { id: 'tune_01HODD', name: 't', status: 'succeeded', details: { trigger_words: 'sks dog' }, output_lora_ids: ['asset_01HLORA'] };
		const got = await platform('octoAiFineTuning', (request, res) => json(res, 200, request.path.startsWith('/v1/assets/') ? { asset: asset('asset_01HLORA') } : tune), {
			operation: 'get',
			tune: locator('id', 'tune_01HODD'),
		});
		expect(got.error).toBeUndefined();
		expect(got.result.items[0].json).toMatchObject({ triggerWord: 'sks dog', lora: 'name-asset_01HLORA', loraId: 'asset_01HLORA' });
	});

	it('a page whose entries are not assets: the entry is named', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await platform('octoAiAssetLibrary', (_r, res) => json(res, 200, { data: [asset('asset_01HA'), 'oops'], has_more: false }), {
			operation: 'list',
			returnAll: true,
		});
		expect(error!.message).toMatch(/unexpected shape: data\[1\] is string, not an asset$/);
	});
});

describe('class 3: malformed answers of Image Tools', () => {
	const SEGMENT = { operation: 'segment', image: 'data', selectBy: 'prompt', segmentPrompt: 'sky' };
	const BOX = { operation: 'segment', image: 'data', selectBy: 'box', box: '0, 0, 100, 100' };
	const SCENE = { operation: 'productScene', image: 'data', scenePrompt: 'on a table' };
	const FACES = { operation: 'fixFaces', image: 'data', baseModel: 'sd15', prompt: 'a face' };
	const COUNTS = { num_objects_detected: 1, num_objects_inpainted: 1, num_removed_for_safety: 0 };

	/** Runs Image Tools on one picture per `json` entry against the hostile server. */
	async function tools(handler: HostileHandler, parameters: INodeParameters, inputs: Array<Record<string, unknown>> = [{}], continueOnFail = false) {
		server.use(handler);
		const inputItems = await Promise.all(inputs.map(async (input) => await binaryItem(square, 'image/png', 'in.png', 'data', input as never)));
		const result = await runChain(env, [{ name: 'OctoAI', type: 'octoAiImageTools', parameters: { resource: 'image', ...parameters }, continueOnFail }], {
			credentials: hostile(),
			inputItems,
		});
		suite.record(`octoAiImageTools ${String(parameters.operation)}`, result);
		const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
		return { result, items, error: result.error as (Error & { description?: string; httpCode?: string }) | undefined };
	}

	const CASES: Array<[string, INodeParameters, unknown, RegExp]> = [
		['Segment, masks: [null]', SEGMENT, { masks: [null], bounds: [] }, /masks\[0\] is null, not a mask object$/],
		['Segment, masks as an object', SEGMENT, { masks: { a: 1 } }, /"masks" is object, not a list$/],
		['Segment, a mask without its image', SEGMENT, { masks: [{ score: 0.9 }], bounds: [{ phrase: 'sky' }] }, /masks\[0\]\.mask_b64 is undefined: no image, and none was reported removed for safety$/],
		['Segment, objects found but no masks', SEGMENT, { masks: [], bounds: [{ phrase: 'sky', box: [[0, 0], [9, 9]], score: 0.8 }] }, /"masks" is empty, though 1 object was found$/],
		['Segment by box, no masks', BOX, { masks: [], bounds: [] }, /"masks" is empty: no mask for the box or points/],
		['Product Scene, images as an object', SCENE, { images: { a: 1 } }, /"images" is object, not a list$/],
		['Product Scene, images: []', SCENE, { images: [] }, /"images" is empty: no scene came back$/],
		['Product Scene, a scene without its image', SCENE, { images: [{ seed: 7 }] }, /images\[0\]\.image_b64 is undefined: no image/],
		['Fix Faces, {}', FACES, {}, /answer\.num_objects_detected is undefined, not a number$/],
		['Fix Faces, a JSON list', FACES, [], /the answer is a list, not an object$/],
		['Fix Faces, the counts without the image', FACES, COUNTS, /answer\.image_b64 is undefined: no image, and none was reported removed for safety$/],
		['Upscale, {}', { operation: 'upscale', image: 'data' }, {}, /answer\.image_b64 is undefined: no image/],
		['Upscale, image_b64 empty', { operation: 'upscale', image: 'data' }, { image_b64: '', removed_for_safety: false }, /answer\.image_b64 is empty: no image/],
		['Remove Background, image_b64: null', { operation: 'removeBackground', image: 'data' }, { image_b64: null, removed_for_safety: false }, /answer\.image_b64 is null: no image/],
		['Remove Background, image_b64 as a number', { operation: 'removeBackground', image: 'data' }, { image_b64: 42 }, /answer\.image_b64 is number, not base64 text$/],
	];
	it.each(CASES)('%s: NodeApiError 200 naming what is wrong, no item', async (_name, parameters, body, message) => {
		suite.countCase('3 malformed answers');
		const { error, items } = await tools((_r, res) => json(res, 200, body), parameters);
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(/^OctoAI answered 200 with an unexpected shape: /);
		expect(error!.message).toMatch(message);
		expect(error!.description).toMatch(/The answer began: /);
		expect(items).toEqual([]);
	});

	it('an image that is not PNG, JPEG or WebP: NodeApiError 200', async () => {
		suite.countCase('3 malformed answers');
		const { error } = await tools((_r, res) => json(res, 200, { image_b64: Buffer.from('hello').toString('base64') }), { operation: 'upscale', image: 'data' });
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200', message: 'OctoAI answered without a PNG, JPEG or WebP image (upscaled)' });
	});

	it('answers without an image that say why are items: removed for safety, or a prompt that found nothing', async () => {
		suite.countCase('3 malformed answers');
		const removed = await tools((_r, res) => json(res, 200, { image_b64: null, removed_for_safety: true }), { operation: 'upscale', image: 'data' });
		expect(removed.error).toBeUndefined();
		expect(removed.items.map((item) => [item.json.removed_for_safety, item.binary?.data])).toEqual([[true, undefined]]);
		const nothing = await tools((_r, res) => json(res, 200, { masks: [], bounds: [], removed_for_safety: false }), SEGMENT);
		expect(nothing.error).toBeUndefined();
		expect(nothing.items.map((item) => [item.json.maskCount, Object.keys(item.binary ?? {})])).toEqual([[0, ['data']]]);
		const scenes = await tools((_r, res) => json(res, 200, { images: [{ image_b64: png, seed: 1 }, { image_b64: null, seed: 2, removed_for_safety: true }] }), {
			...SCENE,
			options: { numImages: 2 },
		});
		expect(scenes.items.map((item) => [item.json.seed, item.json.removed_for_safety, item.binary?.data?.fileName])).toEqual([
			[1, false, 'scene-1.png'],
			[2, true, undefined],
		]);
	});

	it('Product Scene with fewer scenes than asked: the scenes that came, and a warning hint', async () => {
		suite.countCase('3 malformed answers');
		const { result, items } = await tools((_r, res) => json(res, 200, { images: [{ image_b64: png, seed: 5 }] }), { ...SCENE, options: { numImages: 3 } });
		expect(items.map((item) => item.json.seed)).toEqual([5]);
		const hints = result.run.data.resultData.runData.OctoAI[0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toContain('Item 0: OctoAI answered with 1 scene, 3 were asked for');
	});

	it('with Continue On Fail, a wrong answer for one item leaves the other items their images', async () => {
		suite.countCase('3 malformed answers');
		const { result, items } = await tools(
			(request, res) => {
				const scale = (JSON.parse(request.body) as { scale?: number }).scale;
				return json(res, 200, scale === 3 ? { masks: [] } : { image_b64: png, removed_for_safety: false });
			},
			{ operation: 'upscale', image: 'data', sizeBy: 'scale', scale: '={{ $json.scale }}' },
			[{ scale: 2 }, { scale: 3 }, { scale: 4 }],
			true,
		);
		expect(result.status).toBe('success');
		expect(items.map((item) => [item.pairedItem, item.binary?.data?.fileName ?? null, item.json.error ?? null])).toEqual([
			[{ item: 0 }, 'upscaled.png', null],
			[{ item: 1 }, null, 'OctoAI answered 200 with an unexpected shape: answer.image_b64 is undefined: no image, and none was reported removed for safety'],
			[{ item: 2 }, 'upscaled.png', null],
		]);
	});
});

describe('class 6: bounded error text', () => {
	const MAX = 4_000;
	it('a 422 with 10,000 entries: a message of a few KB', async () => {
		suite.countCase('6 bounded error text');
		const detail = Array.from({ length: 10_000 }, (_, i) => ({ loc: ['body', 'steps'], msg: `problem number ${i}` }));
		const { error, result } = await generate((_r, res) => json(res, 422, { detail }));
		expect(error!.message).toMatch(/; and 9990 more$/);
		expect(error!.message.length).toBeLessThan(MAX);
		expect(JSON.stringify(result.run.data).length).toBeLessThan(50_000);
	});

	it('a 5 MB plain-text 500: message, description and run data stay small', async () => {
		suite.countCase('6 bounded error text');
		const { error, result } = await generate((_r, res) => json(res, 500, 'x y '.repeat(1_300_000)));
		expect(everyText(error).length).toBeLessThan(MAX);
		expect(JSON.stringify(result.run.data).length).toBeLessThan(50_000);
	});

	it('a 5 MB JSON message field: bounded', async () => {
		suite.countCase('6 bounded error text');
		const { error, result } = await generate((_r, res) => json(res, 400, { message: 'no '.repeat(1_700_000) }));
		expect(error!.message.length).toBeLessThan(MAX);
		expect(JSON.stringify(result.run.data).length).toBeLessThan(50_000);
	});

	it('a 422 that echoes the request (with the input image): no base64 in any text', async () => {
		suite.countCase('6 bounded error text');
		const input = await picture(64, 64, 'png', { r: 10, g: 200, b: 30 });
		suite.evidence.addImage('echoed input image', input);
		server.use((request, res) => json(res, 422, { detail: [{ loc: ['body', 'init_image'], msg: 'cannot decode', input: JSON.parse(request.body).init_image }], request: JSON.parse(request.body) }));
		const result = await suite.run(env, 'octoAiSd15', { ...GENERATE, mode: 'imageToImage', inputImage: 'data' }, {
			credentials: hostile(),
			inputItems: [await binaryItem(input, 'image/png', 'in.png')],
		});
		expect(result.error).toMatchObject({ httpCode: '422' });
		expect(everyText(result.error)).not.toContain(input.toString('base64').slice(0, 48));
	});
});

describe('class 7: redirects', () => {
	const to = (status: number, target: () => string): HostileHandler => (_r, res) => res.writeHead(status, { location: target() }).end();

	it.each([301, 302, 303, 307, 308])('a %i to another host: refused, naming the host; nothing sent there', async (status) => {
		suite.countCase('7 redirects');
		other.use((_r, res) => json(res, 200, okImages()));
		const { error } = await generate(to(status, () => `${other.url}/generate/sd`));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: String(status) });
		expect(error!.message).toContain(`redirected (${status}) to another host, ${other.url.replace('http://', '')}`);
		expect(other.requests).toHaveLength(0);
	});

	it('a 308 on the same host: followed with the same method and body', async () => {
		suite.countCase('7 redirects');
		const { result } = await generate((request, res) =>
			request.path === '/moved' ? json(res, 200, okImages()) : res.writeHead(308, { location: '/moved' }).end(),
		);
		expect(result.error).toBeUndefined();
		expect(server.requests.map((r) => [r.method, r.path, JSON.parse(r.body).prompt])).toEqual([
			['POST', '/generate/sd', 'a lighthouse at dusk'],
			['POST', '/moved', 'a lighthouse at dusk'],
		]);
	});

	it('a 302 of a POST on the same host: refused rather than re-sent as a GET', async () => {
		suite.countCase('7 redirects');
		const { error } = await generate(to(302, () => '/elsewhere'));
		expect(error!.message).toMatch(/a redirect that would turn the POST into a GET/);
		expect(server.requests).toHaveLength(1);
	});

	it('a 302 of a GET on the same host: followed', async () => {
		suite.countCase('7 redirects');
		const { result } = await platform(
			'octoAiAssetLibrary',
			(request, res) => (request.path.startsWith('/v2/') ? json(res, 200, { asset: asset('asset_01HX') }) : res.writeHead(302, { location: `/v2${request.path}` }).end()),
			{ operation: 'get', asset: locator('id', 'asset_01HX') },
		);
		expect(result.error).toBeUndefined();
		expect(server.requests.map((r) => r.path)).toEqual(['/v1/assets/asset_01HX', '/v2/v1/assets/asset_01HX']);
	});

	it('a redirect loop on the same host: stops after 5 hops and says so', async () => {
		suite.countCase('7 redirects');
		const { error } = await platform('octoAiAssetLibrary', to(302, () => '/loop'), { operation: 'get', asset: locator('id', 'asset_01HX') });
		expect(error!.message).toMatch(/redirected more than 5 times \(a redirect loop\)$/);
		expect(server.requests).toHaveLength(6);
	});
});

suite.hygieneTest();
