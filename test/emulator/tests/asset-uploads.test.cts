// What the emulator does with uploaded files: the presigned URLs (signatures, no bearer token, the
// log warning when one is sent), plausibility checks that reject wrong files, and `url` downloads
// that only ever reach loopback.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator } from '../index.cts';
import { call, makeImage, putFile, safetensors, settledAsset, uploadAsset } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ assetReadyMs: 0 });
});
afterAll(() => emulator.close());

const SDXL = 'image/stable-diffusion-xl-v1-0';
let counter = 0;
const weights = (type: string, file_format?: string) => ({
	name: `${type}-${++counter}`,
	description: null,
	asset_type: type,
	data: { asset_type: type, engine: SDXL, ...(file_format && { file_format }) },
});
const file = (file_format?: string) => ({ name: `file-${++counter}`, description: null, asset_type: 'file', data: { asset_type: 'file', ...(file_format && { file_format }) } });

describe('presigned URLs', () => {
	let created: { asset: { id: string }; transfer_api: { put_url: string; get_url: string } };
	beforeAll(async () => {
		created = (await call(emulator, 'POST', '/v1/assets', { body: weights('lora') })).json;
	});

	test('a missing or wrong signature is 403, and the get signature does not allow a PUT', async () => {
		const base = created.transfer_api.put_url.split('?')[0];
		for (const url of [base, `${base}?signature=00`, created.transfer_api.get_url]) {
			const res = await putFile(url, safetensors());
			expect([url, res.status]).toEqual([url, 403]);
		}
		expect(JSON.parse((await putFile(base, safetensors())).text).detail).toBe('Missing or wrong signature: use the put_url exactly as the API returned it');
		expect((await fetch(created.transfer_api.put_url)).status).toBe(403);
	});

	test('an unknown asset id is 404; nothing uploaded yet is 404 on the get_url', async () => {
		expect((await putFile(created.transfer_api.put_url.replace(created.asset.id, 'asset_01HNOPE'), safetensors())).status).toBe(404);
		expect((await fetch(created.transfer_api.get_url)).status).toBe(404);
	});

	test('the upload URL takes PUT and GET only; other methods are 405 without asking for a token', async () => {
		const res = await fetch(created.transfer_api.put_url, { method: 'POST', body: 'x' });
		expect([res.status, res.headers.get('allow')]).toEqual([405, 'PUT, GET']);
	});

	test('a PUT that carries an Authorization header is accepted but flagged in the log', async () => {
		emulator.clearLog();
		const res = await putFile(created.transfer_api.put_url, safetensors(), { authorization: 'Bearer test-token' });
		expect(res.status).toBe(200);
		const [entry] = emulator.requests({ path: `/_uploads/${created.asset.id}` });
		expect(entry).toMatchObject({ method: 'PUT', token: 'test-token', status: 200, warnings: ['authorization-sent-to-upload-url'] });
		// Even a token the API would refuse is only a warning here: the URL's signature is what counts.
		await putFile(created.transfer_api.put_url, safetensors(), { authorization: 'Bearer not-a-token' });
		expect(emulator.log.at(-1)).toMatchObject({ status: 200, warnings: ['authorization-sent-to-upload-url'] });
		// A clean PUT has neither.
		await putFile(created.transfer_api.put_url, safetensors());
		expect(emulator.log.at(-1)!.warnings).toBeUndefined();
		expect(emulator.log.at(-1)!.token).toBeNull();
	});

	test('the API routes themselves still need the token', async () => {
		expect((await call(emulator, 'POST', `/v1/assets/${created.asset.id}/complete-upload`, { token: null })).status).toBe(401);
	});
});

describe('plausibility of uploaded files', () => {
	const png = async () => Buffer.from(await makeImage(24, 16, (x) => [x * 10, 80, 160]), 'base64');
	const jpeg = async () => Buffer.from(await makeImage(24, 16, (x) => [x * 10, 80, 160], 'jpeg'), 'base64');
	const header = (length: bigint, rest: Buffer) => {
		const out = Buffer.alloc(8);
		out.writeBigUInt64LE(length);
		return Buffer.concat([out, rest]);
	};

	test.each([
		['a safetensors LoRA', weights('lora', 'safetensors'), () => safetensors()],
		['a safetensors checkpoint without file_format', weights('checkpoint'), () => safetensors({ __metadata__: { format: 'pt' } })],
		['a .pt textual inversion (zip archive)', weights('textual_inversion', 'pt'), () => Buffer.from('PK\x03\x04 archive body', 'latin1')],
		['a .pt VAE without file_format', weights('vae'), () => Buffer.from('PK\x03\x04 archive body', 'latin1')],
		['a PNG file asset', file('png'), png],
		['a JPEG file asset declared jpg', file('jpg'), jpeg],
		['a WebP file asset of unstated format', file(), async () => Buffer.from(await makeImage(8, 8, () => [1, 2, 3], 'webp'), 'base64')],
		['a text file asset', file('txt'), () => Buffer.from('a caption, in UTF-8: déjà vu\n')],
		['text as a file asset of unknown format', file('unknown'), () => Buffer.from('plain words')],
		['JSON Lines', file('jsonl'), () => Buffer.from('{"a":1}\n\n["b"]\n')],
		['a WAV file', file('wav'), () => Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(16)])],
		['an MP3 with an ID3 tag', file('mp3'), () => Buffer.from('ID3\x04\x00rest', 'latin1')],
	])('%s becomes ready', async (_what, request, bytes) => {
		const { id, complete } = await uploadAsset(emulator, request, await bytes());
		expect(complete.status).toBe(200);
		expect(await settledAsset(emulator, id)).toMatchObject({ status: 'ready', status_details: '' });
	});

	test.each([
		['an empty file', weights('lora'), async () => Buffer.alloc(0), 'The uploaded file is empty.'],
		['a file shorter than the length field', weights('lora', 'safetensors'), async () => Buffer.from([1, 2]), /shorter than its 8-byte header length/],
		['a header length past the end', weights('checkpoint', 'safetensors'), async () => header(1000n, Buffer.from('{}')), /declares a 1000-byte header but has 2 bytes/],
		['a zero header length', weights('vae', 'safetensors'), async () => header(0n, Buffer.from('{}')), /declares a 0-byte header/],
		['a header that is not JSON', weights('lora', 'safetensors'), async () => header(5n, Buffer.from('hello')), /its header is not JSON/],
		['a header that is a JSON array', weights('lora', 'safetensors'), async () => header(2n, Buffer.from('[]')), /not a JSON object/],
		['a .pt declared file that is safetensors', weights('lora', 'pt'), async () => safetensors(), /not a PyTorch \(\.pt\) file/],
		['weights of unstated format that are neither', weights('lora'), async () => Buffer.from('just text'), /neither a safetensors file nor a PyTorch/],
		['a PNG declared file that is a JPEG', file('png'), jpeg, /is a jpeg image, not png/],
		['a truncated PNG', file('png'), async () => (await png()).subarray(0, 60), /PNG/],
		['binary junk as a file of unknown format', file(), async () => Buffer.from([0, 159, 146, 150, 0, 1]), /neither an image \(PNG, JPEG, WebP\) nor UTF-8 text/],
		['binary as txt', file('txt'), async () => Buffer.from([0xff, 0xfe, 0x00]), /not UTF-8 text/],
		['a broken JSON Lines line', file('jsonl'), async () => Buffer.from('{"a":1}\n{oops\n'), /line 2 is not JSON/],
	])('%s is rejected with the reason', async (_what, request, bytes, reason) => {
		const { id, complete } = await uploadAsset(emulator, request, await bytes());
		expect(complete.status).toBe(200);
		const asset = await settledAsset(emulator, id);
		expect(asset.status).toBe('rejected');
		expect(asset.status_details).toMatch(reason);
		expect(asset.status_details).toMatch(/^The uploaded file /);
	});

	test('skip_validation at create lets an implausible file through', async () => {
		const { id } = await uploadAsset(emulator, { ...weights('lora'), skip_validation: true }, Buffer.from('junk'));
		expect((await settledAsset(emulator, id)).status).toBe('ready');
	});
});

describe('url downloads', () => {
	let files: Server;
	let filesUrl: string;
	const requested: string[] = [];
	beforeAll(async () => {
		const body = safetensors();
		files = createServer((req, res) => {
			requested.push(req.url!);
			if (req.url === '/model.safetensors') res.end(body);
			else if (req.url === '/moved') res.writeHead(302, { location: 'http://example.com/model.safetensors' }).end();
			else res.writeHead(404).end('no');
		});
		await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
		filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())));

	const fromUrl = async (url: string) => {
		const res = await call(emulator, 'POST', '/v1/assets', { body: { ...weights('lora', 'safetensors'), url } });
		expect(res.status).toBe(200);
		return res.json;
	};

	test('a loopback URL is downloaded: uploaded, then ready, with transfer none and the url on the asset', async () => {
		const created = await fromUrl(`${filesUrl}/model.safetensors`);
		expect(created.transfer_api).toEqual({ type: 'none' });
		expect(created.asset).toMatchObject({ status: expect.stringMatching(/^(uploaded|ready)$/), url: `${filesUrl}/model.safetensors`, size_bytes: safetensors().length });
		expect(await settledAsset(emulator, created.asset.id)).toMatchObject({ status: 'ready' });
		expect(requested).toContain('/model.safetensors');
		// Nothing to complete: the download was the upload.
		expect((await call(emulator, 'POST', `/v1/assets/${created.asset.id}/complete-upload`)).status).toBe(409);
	});

	test('localhost works as a loopback name', async () => {
		const created = await fromUrl(`${filesUrl.replace('127.0.0.1', 'localhost')}/model.safetensors`);
		expect((await settledAsset(emulator, created.asset.id)).status).toBe('ready');
	});

	test.each([
		['a 404', '/missing', /failed: the server answered HTTP 404$/],
		['a redirect', '/moved', /failed: the server answered a 302 redirect, which the emulator does not follow$/],
	])('%s from a loopback server rejects the asset', async (_what, path, reason) => {
		const created = await fromUrl(`${filesUrl}${path}`);
		const asset = await settledAsset(emulator, created.asset.id);
		expect(asset.status).toBe('rejected');
		expect(asset.status_details).toMatch(reason);
	});

	test('a closed loopback port rejects the asset with the connection error', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const asset = await settledAsset(emulator, (await fromUrl(`http://127.0.0.1:${port}/x`)).asset.id);
		expect(asset.status_details).toMatch(/failed: ECONNREFUSED$/);
	});

	test.each(['http://example.com/model.safetensors', 'https://10.255.255.1/model.safetensors', 'http://[::2]/x', 'http://127.0.0.1.nip.io/x'])(
		'%s is never contacted: the asset is rejected at once',
		async (url) => {
			const started = Date.now();
			const created = await fromUrl(url);
			// 10.255.255.1 does not answer: a connection attempt would hang far longer than this.
			expect(Date.now() - started).toBeLessThan(1000);
			const asset = await settledAsset(emulator, created.asset.id);
			expect(asset.status).toBe('rejected');
			expect(asset.status_details).toMatch(/downloads only from loopback addresses \(127\.0\.0\.0\/8, localhost, \[::1\]\); .+ was not contacted$/);
		},
	);

	test('hf_repo cannot be fetched: rejected, saying so', async () => {
		const res = await call(emulator, 'POST', '/v1/assets', { body: { ...weights('lora'), hf_repo: 'someone/some-lora' } });
		const asset = await settledAsset(emulator, res.json.asset.id);
		expect(asset).toMatchObject({ status: 'rejected', hf_repo: 'someone/some-lora' });
		expect(asset.status_details).toMatch(/Hugging Face repo someone\/some-lora failed: the emulator does not reach the internet/);
	});
});
