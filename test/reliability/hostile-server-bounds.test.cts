/**
 * Issue 10, classes 6 and 7, through n8n's real engine: megabytes of error text come back bounded, and
 * redirects are followed only where safe (same host, GET), refused across hosts and stopped in loops.
 * The file's hygiene test searches all its evidence for secrets.
 */
import { binaryItem } from '../harness/index.cts';
import { picture } from '../nodes/helpers.cts';
import { locator } from '../nodes/platform-helpers.cts';
import { json, type HostileHandler } from './support/hostile-server.cts';
import { asset, everyText, GENERATE, useHostileCases } from './support/hostile-cases.cts';

const { suite, env, server, other, hostile, okImages, generate, platform } = useHostileCases('hostile-server-bounds');

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
