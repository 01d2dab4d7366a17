/**
 * Issue 10, classes 1, 2 and 7 for the credential's "Test" button, run as the n8n app runs it
 * (test/harness testCredential: n8n's CredentialTestContext and request helper) against a hostile
 * loopback server: base URLs with `user:password@` in any of the three fields, servers that echo
 * the token in their error bodies, trickle or never answer, and redirects to another host.
 */
import { testCredential, type CredentialTestResult } from '../harness/index.cts';
import { HostileServer, json, type HostileHandler } from './support/hostile-server.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('credential-test');
const server = new HostileServer();
const other = new HostileServer();
const TOKEN = `cred-test-${Math.random().toString(36).slice(2)}-token`;
suite.evidence.addToken('credential test token', TOKEN);

beforeAll(async () => {
	await server.start();
	await other.start();
});
afterAll(async () => {
	await server.close();
	await other.close();
});

/** An OctoAI-compatible answer per API: 422 for the empty generation, one asset, 404 for the unknown request. */
const compatible: HostileHandler = (request, res) => {
	if (request.path.startsWith('/generate/')) return json(res, 422, { detail: [{ loc: ['body', 'prompt'], msg: 'field required' }] });
	if (request.path.startsWith('/v1/assets')) return json(res, 200, { data: [], has_more: false });
	return json(res, 404, { detail: 'Request not found' });
};

const bases = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url, asyncBaseUrl: server.url });

async function check(handler: HostileHandler, data: Record<string, string> = {}): Promise<CredentialTestResult> {
	server.use(handler);
	const result = await testCredential('octoAiApi', { apiToken: TOKEN, ...bases(), ...data });
	suite.evidence.addText(`credential test ${suite.figures.casesTried}: message`, result.message);
	suite.evidence.addLogs(`credential test ${suite.figures.casesTried}: logs`, result.logs);
	return result;
}

describe('class 1: secrets in the credential test', () => {
	it('an OctoAI-compatible server passes, with one request per API and the token sent to each', async () => {
		suite.countCase('1 secrets in errors');
		const result = await check(compatible);
		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(server.requests.map((r) => [r.method, r.path.split('?')[0], r.headers.authorization])).toEqual([
			['POST', '/generate/sdxl', `Bearer ${TOKEN}`],
			['GET', '/v1/assets', `Bearer ${TOKEN}`],
			['GET', '/v1/requests/n8n-credential-test', `Bearer ${TOKEN}`],
		]);
	});

	it.each([
		['Image API Base URL', 'imageBaseUrl'],
		['Platform API Base URL', 'platformBaseUrl'],
		['Async API Base URL', 'asyncBaseUrl'],
	])('%s with user:password@: refused before any request, the password in no text', async (label, field) => {
		suite.countCase('1 secrets in errors');
		const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
		suite.evidence.addToken('base URL password', password);
		const result = await check(compatible, { [field]: server.url.replace('http://', `http://admin:${password}@`) });
		expect(result).toEqual(expect.objectContaining({ status: 'Error' }));
		expect(result.message).toBe(
			`"${label}" contains a user name or password (user:…@host); remove it: OctoAI authenticates with the API token only.`,
		);
		expect(server.requests).toHaveLength(0);
		expect(JSON.stringify(result)).not.toContain(password);
	});

	it('a user name alone (user@host) in the async base is refused too', async () => {
		suite.countCase('1 secrets in errors');
		const result = await check(compatible, { asyncBaseUrl: server.url.replace('http://', `http://${TOKEN}@`) });
		expect(result.message).toMatch(/^"Async API Base URL" contains a user name or password/);
		expect(server.requests).toHaveLength(0);
	});

	it.each([
		['not a URL', 'async.octoai.run', /^"Async API Base URL" is not a URL/],
		['another scheme', 'ftp://127.0.0.1/', /^"Async API Base URL" must start with http:\/\/ or https:\/\/, not ftp:\/\/\.$/],
		['blank image base', '', /^"Image API Base URL" is empty\.$/],
	])('a base URL that is %s: refused, naming the field, before any request', async (_name, value, message) => {
		suite.countCase('4 values not what they seem');
		const field = value === '' ? 'imageBaseUrl' : 'asyncBaseUrl';
		const result = await check(compatible, { [field]: value });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(server.requests).toHaveLength(0);
	});

	it.each(['', '   '])('an API token of %j: refused, nothing sent', async (apiToken) => {
		suite.countCase('4 values not what they seem');
		server.use(compatible);
		const result = await testCredential('octoAiApi', { apiToken, ...bases() });
		expect(result).toEqual(expect.objectContaining({ status: 'Error', message: 'Enter the API token.' }));
		expect(server.requests).toHaveLength(0);
	});

	const echo = (status: number, api: RegExp): HostileHandler => (request, res) => {
		if (!api.test(request.path)) return compatible(request, res);
		const header = String(request.headers.authorization);
		return status % 2 ? json(res, status, `Authorization: ${header} refused`) : json(res, status, { message: `Denied for ${header}`, token: header.slice(7) });
	};
	it.each([
		[401, /^\/generate/, /^The image API rejected the API token \(401\)/],
		[403, /^\/generate/, /^The image API rejected the API token \(403\)/],
		[500, /^\/generate/, /^The image API at "Image API Base URL" answered 500/],
		[401, /^\/v1\/assets/, /^The platform API rejected the API token \(401\)/],
		[503, /^\/v1\/assets/, /The platform API answered 503/],
		[403, /^\/v1\/requests/, /^The async API rejected the API token \(403\)/],
		[500, /^\/v1\/requests/, /The async API answered 500, so Wait Mode "Asynchronous" will not work/],
	])('a %i echoing the token from %s: the message names the API and status, never the token', async (status, api, message) => {
		suite.countCase('1 secrets in errors');
		const result = await check(echo(status, api));
		expect(result.message).toMatch(message);
		expect(JSON.stringify(result)).not.toContain(TOKEN);
	});
});

describe('class 2: a credential test that ends', () => {
	it('a body trickled forever after the status line: the test reads the status and ends at once', async () => {
		suite.countCase('2 work that never ends');
		const started = Date.now();
		const result = await check((request, res) => {
			res.writeHead(request.path.startsWith('/generate') ? 422 : request.path.startsWith('/v1/assets') ? 200 : 404, { 'content-type': 'application/json' });
			res.write(`{"echo":"${String(request.headers.authorization)}`);
			const timer = setInterval(() => res.write(' '), 50);
			res.on('close', () => clearInterval(timer));
		});
		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		expect(Date.now() - started).toBeLessThan(3_000);
	});

	it('an async API that never answers: the test ends at its 15 s deadline with a note', async () => {
		suite.countCase('2 work that never ends');
		const started = Date.now();
		const result = await check((request, res) => (request.path.startsWith('/v1/requests') ? undefined : compatible(request, res)));
		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/The async API did not answer within 15 s, so Wait Mode "Asynchronous" will not work/);
		expect(Date.now() - started).toBeLessThan(20_000);
	}, 30_000);

	it('an image API that refuses connections: says so, in time', async () => {
		suite.countCase('2 work that never ends');
		const closed = new HostileServer();
		await closed.start();
		const url = closed.url;
		await closed.close();
		const result = await testCredential('octoAiApi', { apiToken: TOKEN, ...bases(), imageBaseUrl: url });
		expect(result).toEqual(expect.objectContaining({ status: 'Error', message: 'The image API at "Image API Base URL" could not be reached (ECONNREFUSED).' }));
	});
});

describe('class 7: redirects in the credential test', () => {
	it.each([302, 307])('a %i to another host: not followed, the token never reaches that host', async (status) => {
		suite.countCase('7 redirects');
		other.use(compatible);
		const result = await check((_r, res) => res.writeHead(status, { location: `${other.url}/generate/sdxl` }).end());
		expect(result).toEqual(expect.objectContaining({ status: 'Error' }));
		expect(result.message).toBe(`The image API at "Image API Base URL" redirects (${status}); enter the address it redirects to.`);
		expect(other.requests).toHaveLength(0);
	});

	it('a platform API redirecting its GET elsewhere: not followed, noted', async () => {
		suite.countCase('7 redirects');
		other.use(compatible);
		const result = await check((request, res) =>
			request.path.startsWith('/v1/assets') ? res.writeHead(302, { location: `${other.url}/v1/assets` }).end() : compatible(request, res),
		);
		expect(result.message).toMatch(/The platform API answered 302/);
		expect(other.requests).toHaveLength(0);
	});
});

suite.hygieneTest();
