/**
 * Issue 10, classes 1 and 2, against a server that misbehaves, through n8n's real engine: the token echoed
 * in error bodies or base URLs never shows, and work that never ends (trickles, silence, repeated pages)
 * stops in bounded time.
 * The file's hygiene test searches all its evidence for secrets.
 */
import { inspect } from 'node:util';

import { binaryItem } from '../harness/index.cts';
import { locator, runPlatformNode } from '../nodes/platform-helpers.cts';
import { json, type HostileHandler } from './support/hostile-server.cts';
import { asset, everyText, GENERATE, useHostileCases } from './support/hostile-cases.cts';

const { suite, env, server, images, hostile, okImages, generate, platform, picker } = useHostileCases('hostile-server');

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
			{ credentials: hostile(), inputItems: [await binaryItem(Buffer.from(images.png, 'base64'), 'image/png', 'x.png')] },
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

suite.hygieneTest();
