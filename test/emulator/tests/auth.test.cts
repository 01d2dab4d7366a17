// Bearer auth on every API route; tokens configurable at start and addable at run time.
import { startEmulator, type Emulator } from '../index.cts';
import { admin, call, generate } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator();
});
afterAll(() => emulator.close());

const body = { prompt: 'auth', width: 512, height: 512 };

test.each([
	['POST /generate/sd', () => generate(emulator, 'sd', body, { token: null })],
	['GET /v1/assets', () => call(emulator, 'GET', '/v1/assets?limit=1', { token: null })],
	['an unknown path', () => call(emulator, 'GET', '/v2/whatever', { token: null })],
])('no token on %s: 401 with WWW-Authenticate: Bearer', async (_route, send) => {
	const res = await send();
	expect(res.status).toBe(401);
	expect(res.headers.get('www-authenticate')).toBe('Bearer');
	expect(res.json.detail).toMatch(/Authorization: Bearer <token>/);
});

test('a wrong token is 401 invalid_token', async () => {
	const res = await generate(emulator, 'sd', body, { token: 'nope' });
	expect(res.status).toBe(401);
	expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
	expect(res.json).toEqual({ detail: 'Invalid API token' });
});

test('a header that is not Bearer is 401 invalid_request', async () => {
	const res = await call(emulator, 'GET', '/v1/assets', { token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
	expect(res.status).toBe(401);
	expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_request"/);
});

test('the default token works and the scheme is case-insensitive', async () => {
	expect((await generate(emulator, 'sd', body)).status).toBe(200);
	const res = await call(emulator, 'GET', '/v1/assets?limit=1', { token: null, headers: { authorization: 'bearer test-token' } });
	expect(res.status).toBe(200);
});

test('addToken and the admin route add tokens at run time', async () => {
	expect((await generate(emulator, 'sd', body, { token: 'runtime-1' })).status).toBe(401);
	emulator.addToken('runtime-1');
	expect((await generate(emulator, 'sd', body, { token: 'runtime-1' })).status).toBe(200);
	const added = await admin(emulator, 'POST', 'tokens', { token: 'runtime-2' });
	expect(added.status).toBe(201);
	expect((await call(emulator, 'GET', '/v1/assets', { token: 'runtime-2' })).status).toBe(200);
	expect((await admin(emulator, 'POST', 'tokens', { token: 'has space' })).status).toBe(400);
	expect(() => emulator.addToken('')).toThrow();
});

test('the tokens option replaces the default token', async () => {
	const other = await startEmulator({ tokens: ['alpha', 'beta'] });
	try {
		expect((await call(other, 'GET', '/v1/assets', { token: 'beta' })).status).toBe(200);
		expect((await call(other, 'GET', '/v1/assets', { token: 'test-token' })).status).toBe(401);
	} finally {
		await other.close();
	}
});

test('admin routes need no token', async () => {
	const res = await admin(emulator, 'GET', 'health');
	expect(res.status).toBe(200);
	expect(res.json.status).toBe('ok');
});
