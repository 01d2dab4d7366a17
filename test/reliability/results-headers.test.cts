/**
 * Issue 24, class 9: response headers read by their RFCs, through n8n's real engine against a
 * hostile loopback server. Retry-After only as digits or an HTTP-date (RFC 9110 §10.2.3), anything
 * else ignored so the node's own back-off applies; Content-Length digits only, conflicting values an
 * error naming them; a JSON answer declared in another charset decoded as declared, or refused with
 * the charset named. (The rest of issue 24's classes 4, 5, 6: results-prices-messages.test.cts.)
 */
import type { ServerResponse } from 'node:http';

import type { INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { picture } from '../nodes/helpers.cts';
import { locator, runChain, runPlatformNode, type PlatformNodeName } from '../nodes/platform-helpers.cts';
import { HostileServer, json, type HostileHandler } from './support/hostile-server.cts';
import { ReliabilitySuite } from './support/suite.cts';

const CLASS = 'headers-by-rfc';
const suite = new ReliabilitySuite('results-headers');
const env = suite.emulator();
const server = new HostileServer();
let png = '';
let square: Buffer;
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]).toString('base64');

beforeAll(async () => {
	await server.start();
	png = (await picture(16, 16)).toString('base64');
	square = await picture(1024, 576);
});
afterAll(async () => await server.close());

const hostile = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url });
type Failure = (Error & { description?: string; httpCode?: string }) | undefined;
const images = () => ({ images: [{ image_b64: png, seed: 7 }] });
const asset = (id: string) => ({ id, name: `n-${id}`, asset_type: 'lora', status: 'ready', data: { asset_type: 'lora' } });

/** Any node against the hostile server on one picture; how long the run took. */
async function run(type: string, handler: HostileHandler, parameters: INodeParameters) {
	server.use(handler);
	const started = Date.now();
	const inputItems = [await binaryItem(square, 'image/png', 'in.png')];
	const result = type.startsWith('octoAiAsset') || type === 'octoAiFineTuning'
		? await runPlatformNode(env, type as PlatformNodeName, parameters, { credentials: hostile(), timeoutMs: 60_000 })
		: await runChain(env, [{ name: 'OctoAI', type, parameters }], { credentials: hostile(), inputItems });
	suite.record(`${type} ${String(parameters.operation ?? '')}`, result);
	const items = result.run.data.resultData.runData.OctoAI ? result.outputs('OctoAI') : [];
	return { error: result.error as Failure, items, ms: Date.now() - started, requests: server.requests.length };
}

/** The first answer a transient failure with the given Retry-After, every later one `ok`. */
const thenOk = (retryAfter: string, ok: unknown): HostileHandler => {
	let calls = 0;
	return (_r, res) => (calls++ === 0 ? json(res, 503, { detail: 'busy' }, { 'retry-after': retryAfter }) : json(res, 200, ok));
};

/** Writes a raw HTTP response on the socket, so headers Node's server would refuse to send can be sent. */
function raw(res: ServerResponse, head: string, body: string): void {
	res.socket?.end(`HTTP/1.1 200 OK\r\n${head}\r\nConnection: close\r\n\r\n${body}`);
}

/** JSON bytes in `encoding`, with the charset declared as `label`. */
function encoded(status: number, body: unknown, encoding: 'utf16le' | 'utf16be' | 'latin1', label: string): HostileHandler {
	return (_r, res) => {
		const text = JSON.stringify(body);
		const bytes = encoding === 'utf16be' ? Buffer.from(text, 'utf16le').swap16() : Buffer.from(text, encoding);
		res.writeHead(status, { 'content-type': `application/json; charset=${label}` }).end(bytes);
	};
}

const SD15 = { prompt: 'a fox', options: { waitMode: 'sync', maxRetries: 1, timeout: 10 } };

describe('Retry-After: digits or an HTTP-date only', () => {
	it.each(['0x10', '1e1', '-1', '5.5', '+3', '1_0', 'soon', '10 seconds'])('%j is ignored: the back-off applies, not a 10-16 s wait', async (value) => {
		suite.countCase(CLASS);
		const { error, items, ms, requests } = await run('octoAiSd15', thenOk(value, images()), SD15);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(requests).toBe(2);
		expect(ms).toBeLessThan(5_000);
	});

	it('an HTTP-date in the past: retried at once', async () => {
		suite.countCase(CLASS);
		const { items, ms } = await run('octoAiSd15', thenOk('Sun, 06 Nov 1994 08:49:37 GMT', images()), SD15);
		expect(items).toHaveLength(1);
		expect(ms).toBeLessThan(3_000);
	});

	it('"2" is honoured: the retry waits two seconds', async () => {
		suite.countCase(CLASS);
		const { items, ms } = await run('octoAiSd15', thenOk('2', images()), SD15);
		expect(items).toHaveLength(1);
		expect(ms).toBeGreaterThanOrEqual(1_900);
	});

	it.each([
		['Image Tools', 'octoAiImageTools', { resource: 'image', operation: 'upscale', image: 'data' }, { image_b64: null, removed_for_safety: true }],
		['the Asset Library', 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', 'asset_01H') }, { asset: asset('asset_01H') }],
		['Fine-Tuning', 'octoAiFineTuning', { operation: 'list', returnAll: true }, { data: [], has_more: false }],
	])('%s ignores "Retry-After: 1e1" too', async (_name, type, parameters, ok) => {
		suite.countCase(CLASS);
		const { error, ms, requests } = await run(type, thenOk('1e1', ok), parameters as INodeParameters);
		expect(error).toBeUndefined();
		expect(requests).toBe(2);
		expect(ms).toBeLessThan(5_000);
	});
});

describe('Content-Length: digits only, one value', () => {
	const body = () => JSON.stringify(images());
	it.each([
		['two different values', (b: string) => `Content-Type: application/json\r\nContent-Length: ${b.length}\r\nContent-Length: ${b.length + 5}`, /conflicting Content-Length|Content-Length that is not/],
		['a hexadecimal value', () => 'Content-Type: application/json\r\nContent-Length: 0x10', /Content-Length that is not a number of bytes|malformed HTTP headers/],
		['a negative value', () => 'Content-Type: application/json\r\nContent-Length: -1', /Content-Length that is not a number of bytes|malformed HTTP headers/],
	])('%s: a NodeApiError naming the header, nothing output', async (_name, head, message) => {
		suite.countCase(CLASS);
		const { error, items } = await run('octoAiSd15', (_r, res) => raw(res, head(body()), body()), { ...SD15, options: { ...SD15.options, maxRetries: 0 } });
		expect(error?.name).toBe('NodeApiError');
		expect(`${error?.message} ${error?.description}`).toMatch(message);
		expect(items).toEqual([]);
	});

	it('a length longer than the body: the cut-off is reported, not taken as a whole answer', async () => {
		suite.countCase(CLASS);
		const { error } = await run('octoAiSd15', (_r, res) => raw(res, `Content-Type: application/json\r\nContent-Length: ${body().length + 100}`, body()), SD15);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/closed the connection after \d+ bytes/);
	});
});

describe('Content-Type charset: decoded as declared, or refused by name', () => {
	it.each([
		['UTF-16LE', 'utf16le', 'utf-16le'],
		['UTF-16 (no byte order)', 'utf16le', 'utf-16'],
		['UTF-16BE', 'utf16be', 'UTF-16BE'],
		['Latin-1', 'latin1', 'iso-8859-1'],
	] as const)('an engine answer in %s: its image is output', async (_name, encoding, label) => {
		suite.countCase(CLASS);
		const { error, items } = await run('octoAiSd15', encoded(200, images(), encoding, label), SD15);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.seed, item.binary?.data?.mimeType])).toEqual([[7, 'image/png']]);
	});

	it('a video answer in UTF-16: its video is output', async () => {
		suite.countCase(CLASS);
		const { error, items } = await run('octoAiStableVideoDiffusion', encoded(200, { videos: [{ video: MP4, seed: 3 }] }, 'utf16le', 'utf-16le'), { inputImage: 'data', options: { waitMode: 'sync' } });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.binary?.data?.mimeType)).toEqual(['video/mp4']);
	});

	it.each([
		['Image Tools', 'octoAiImageTools', { resource: 'image', operation: 'upscale', image: 'data' }, { image_b64: null, removed_for_safety: true }],
		['the Asset Library', 'octoAiAssetLibrary', { operation: 'get', asset: locator('id', 'asset_01HCAFE') }, { asset: { ...asset('asset_01HCAFE'), name: 'café ☕' } }],
	])('%s reads an answer in UTF-16', async (_name, type, parameters, body) => {
		suite.countCase(CLASS);
		const { error, items } = await run(type, encoded(200, body, 'utf16le', 'utf-16le'), parameters as INodeParameters);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});

	it('an error answer in Latin-1: its text shown with its accents', async () => {
		suite.countCase(CLASS);
		const { error } = await run('octoAiSd15', encoded(422, { detail: 'paramètre refusé' }, 'latin1', 'latin1'), SD15);
		expect(error?.message).toContain('paramètre refusé');
	});

	it.each([
		['a charset no decoder knows', (_r: unknown, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json; charset=klingon' }).end(JSON.stringify(images())), /in the charset "klingon", and no decoder knows that charset/],
		['UTF-16 bytes that are not valid UTF-16', (_r: unknown, res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-16le' }).end(Buffer.from([0x7b, 0x00, 0x00, 0xd8, 0x7d])), /in the charset "utf-16le", and its bytes are not valid in that charset/],
	])('%s: a NodeApiError naming the charset, not retried', async (_name, handler, message) => {
		suite.countCase(CLASS);
		const { error, requests } = await run('octoAiSd15', handler as HostileHandler, SD15);
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '200' });
		expect(error!.message).toMatch(message);
		expect(requests).toBe(1);
	});
});
