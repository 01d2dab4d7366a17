/**
 * Issue 10, classes 1, 2 and 7 for the storage PUT of asset uploads (Asset Library Upload and the
 * Fine-Tuning node's training images), through n8n's real engine: a hostile loopback server plays the
 * platform API and hands out a presigned URL on a second one that plays the storage, which never
 * answers, trickles, refuses with the URL's signature and the token echoed, redirects, or is slow
 * while the user presses Stop. Each case: bounded time, a message naming the storage host only, no
 * token sent to storage and none in any text, and no empty asset left behind.
 */
import { inspect } from 'node:util';

import type { INodeParameters } from 'n8n-workflow';

import { binaryItem } from '../harness/index.cts';
import { picture } from '../nodes/helpers.cts';
import { locator, runPlatformNode, trainingItems, type PlatformNodeName } from '../nodes/platform-helpers.cts';
import { HostileServer, json, type HostileHandler, type HostileRequest } from './support/hostile-server.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('storage-upload');
const env = suite.emulator();
const api = new HostileServer();
const storage = new HostileServer();
const other = new HostileServer();
/** The presigned URL's signature: a credential of its own that no text may show. */
const SIGNATURE = `sig-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
suite.evidence.addToken('presigned URL signature', SIGNATURE);
let png: Buffer;

beforeAll(async () => {
	await Promise.all([api.start(), storage.start(), other.start()]);
	png = await picture(32, 32);
});
afterAll(async () => {
	await Promise.all([api.close(), storage.close(), other.close()]);
});

const ASSET_ID = 'asset_01HSTORAGE';
const CHECKPOINT = { id: 'asset_01HCKPT', name: 'sdxl-base', asset_type: 'checkpoint', status: 'ready', data: { asset_type: 'checkpoint', engine: 'image/stable-diffusion-xl-v1-0' } };

/**
 * The platform API: creates an asset whose presigned URL points at the storage server (with the
 * signature and, to test scrubbing, the token the API was called with), completes it, reports it
 * ready, deletes it, and knows one checkpoint for the fine-tune.
 */
function platformApi(putUrl: (request: HostileRequest) => string = (request) => `${storage.url}/bucket/${ASSET_ID}?X-Signature=${SIGNATURE}&X-Token=${String(request.headers.authorization).slice(7)}`): HostileHandler {
	return (request, res) => {
		const asset = { id: ASSET_ID, name: 'stored', asset_type: 'file', status: 'ready', data: { asset_type: 'file', file_format: 'png' } };
		if (request.method === 'POST' && request.path === '/v1/assets') {
			return json(res, 200, { asset: { ...asset, status: 'ready_to_upload' }, transfer_api: { type: 'presigned-url', put_url: putUrl(request), get_url: '' } });
		}
		if (request.method === 'DELETE') return json(res, 200, { id: ASSET_ID, deleted_at: '2026-01-01T00:00:00Z' });
		if (request.path.endsWith('/complete-upload')) return json(res, 200, {});
		if (request.path.startsWith(`/v1/assets/${CHECKPOINT.id}`)) return json(res, 200, { asset: CHECKPOINT });
		if (request.path.startsWith('/v1/assets/')) return json(res, 200, { asset });
		return json(res, 404, { detail: 'not found' });
	};
}

const UPLOAD = { operation: 'upload', assetName: 'stored', assetType: 'file', binaryPropertyName: 'data' };

async function upload(storageHandler: HostileHandler, options: INodeParameters = { uploadTimeout: 1 }, extra: { signal?: AbortSignal; putUrl?: (r: HostileRequest) => string } = {}) {
	return await run('octoAiAssetLibrary', storageHandler, { ...UPLOAD, options }, [await binaryItem(png, 'image/png', 'in.png')], extra);
}

/** The platform API of {@link platformApi}, except for the requests `answer` answers (it returns true for those). */
function platformApiWith(answer: (request: HostileRequest, res: Parameters<HostileHandler>[1]) => boolean): HostileHandler {
	const base = platformApi();
	return (request, res) => {
		if (!answer(request, res)) base(request, res);
	};
}

async function run(type: PlatformNodeName, storageHandler: HostileHandler, parameters: INodeParameters, inputItems: Awaited<ReturnType<typeof trainingItems>>, extra: { signal?: AbortSignal; putUrl?: (r: HostileRequest) => string; api?: HostileHandler } = {}) {
	api.use(extra.api ?? platformApi(extra.putUrl));
	storage.use(storageHandler);
	const started = Date.now();
	const result = await runPlatformNode(env, type, parameters, {
		credentials: { platformBaseUrl: api.url, imageBaseUrl: api.url },
		inputItems,
		signal: extra.signal,
	});
	suite.record(`${type} ${String(parameters.operation)}`, result);
	const error = result.error as (Error & { description?: string; httpCode?: string }) | undefined;
	return { result, error, ms: Date.now() - started, texts: `${error?.message ?? ''}\n${error?.description ?? ''}\n${JSON.stringify(result.run.data)}` };
}

const deletes = () => api.requests.filter((r) => r.method === 'DELETE').map((r) => r.path);

describe('class 2: a storage that never ends', () => {
	it('a storage that never answers: the upload ends at Upload Timeout and the empty asset is deleted', async () => {
		suite.countCase('2 work that never ends');
		const { error, ms } = await upload(() => undefined);
		expect(error).toMatchObject({ name: 'NodeApiError' });
		expect(error!.message).toBe(`The upload to OctoAI's storage at ${storage.url.replace('http://', '')} did not finish within 1 s`);
		expect(error!.description).toMatch(/The asset "stored" created for the upload was deleted again\.$/);
		expect(deletes()).toEqual([`/v1/assets/${ASSET_ID}`]);
		expect(ms).toBeLessThan(5_000);
	});

	it('a storage that trickles its error answer: the same deadline covers the answer', async () => {
		suite.countCase('2 work that never ends');
		const { error, ms } = await upload((_r, res) => {
			res.writeHead(500, { 'content-type': 'application/xml' });
			res.write('<Error>');
			const timer = setInterval(() => res.write(' '), 50);
			res.on('close', () => clearInterval(timer));
		});
		expect(error!.message).toMatch(/did not finish within 1 s \(\d+ bytes of its answer received\)$/);
		expect(ms).toBeLessThan(5_000);
	});

	it('a storage that answers 200 and then trickles forever: the upload counts as done, the body is not waited for', async () => {
		suite.countCase('2 work that never ends');
		const { result, ms } = await upload((_r, res) => {
			res.writeHead(200);
			const timer = setInterval(() => res.write(' '), 50);
			res.on('close', () => clearInterval(timer));
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ id: ASSET_ID, status: 'ready' });
		expect(ms).toBeLessThan(5_000);
	});

	it('Stop while the storage holds the upload: the run ends at once', async () => {
		suite.countCase('2 work that never ends');
		const controller = new AbortController();
		// Stop once the storage has the upload and holds it (not after a fixed time, which a busy machine
		// could spend before the PUT arrives).
		const { result, ms } = await upload(() => controller.abort(), { uploadTimeout: 600 }, { signal: controller.signal });
		expect(result.status).not.toBe('success');
		expect(ms).toBeLessThan(5_000);
		expect(storage.requests).toHaveLength(1);
	});

	it.each([
		['0', 0],
		['NaN', '={{ NaN }}'],
		['above a week', 700_000],
	])('an Upload Timeout of %s: refused before the asset is created', async (_name, uploadTimeout) => {
		suite.countCase('4 values not what they seem');
		const { error } = await upload((_r, res) => res.writeHead(200).end(), { uploadTimeout });
		expect(error!.message).toMatch(/^Upload Timeout \(Seconds\) \(.+\) must be a number at least 1 and at most 604800$/);
		expect(api.requests).toHaveLength(0);
		expect(storage.requests).toHaveLength(0);
	});
});

describe('class 5: an upload OctoAI does not complete leaves no asset', () => {
	it("complete-upload answers an error: OctoAI's reason, and the asset deleted again", async () => {
		suite.countCase('5 order of operations that costs money');
		const completeRefused = platformApiWith(
			(request, res) => request.path.endsWith('/complete-upload') && (json(res, 200, { error: 'upload checksum mismatch' }), true),
		);
		const { error } = await run('octoAiAssetLibrary', (_request, res) => res.writeHead(200).end(), { ...UPLOAD, options: { uploadTimeout: 1 } }, [await binaryItem(png, 'image/png', 'in.png')], { api: completeRefused });
		expect(error!.message).toBe('OctoAI did not accept the upload of "stored": upload checksum mismatch');
		expect(error!.description).toMatch(/The asset "stored" created for the upload was deleted again\.$/);
		expect(deletes()).toEqual([`/v1/assets/${ASSET_ID}`]);
	});
});

describe('class 3: a status_details that is not text', () => {
	const accept: HostileHandler = (_request, res) => res.writeHead(200).end();
	const bigObject = { code: 'E_FORMAT', hint: 'the file is not an image; '.repeat(20) };
	const bigJson = JSON.stringify(bigObject);

	it.each([
		['a number', 42, '42'],
		['an object', bigObject, `${bigJson.slice(0, 300)}… (${bigJson.length} characters)`],
	])('an asset rejected with %s as its reason: the reason as JSON text, and what stays in the library', async (_what, details, shown) => {
		suite.countCase('3 malformed answers');
		const rejected = platformApiWith(
			(request, res) =>
				request.method === 'GET' &&
				request.path === `/v1/assets/${ASSET_ID}` &&
				(json(res, 200, { asset: { id: ASSET_ID, name: 'stored', asset_type: 'file', status: 'rejected', status_details: details, data: { asset_type: 'file' } } }), true),
		);
		const { error } = await run('octoAiAssetLibrary', accept, { ...UPLOAD, options: { uploadTimeout: 1, pollInterval: 0.1, timeout: 5 } }, [await binaryItem(png, 'image/png', 'in.png')], { api: rejected });
		expect(error).toMatchObject({ name: 'NodeApiError' });
		expect(error!.message).toBe(`OctoAI rejected the asset "stored": ${shown}`);
		expect(error!.description).toMatch(/The rejected asset stays in the library until deleted\.$/);
	});

	it('a tune failed with a list as its reason: the reason as JSON text', async () => {
		suite.countCase('3 malformed answers');
		const tune = { id: 'tune_01HFAILED', name: 'storage-check', status: 'pending', details: {} };
		const failed = platformApiWith((request, res) => {
			if (request.method === 'POST' && request.path === '/v1/tune') return (json(res, 200, tune), true);
			if (request.method === 'GET' && request.path === `/v1/tune/${tune.id}`) {
				return (json(res, 200, { ...tune, status: 'failed', status_details: ['out of memory', 3] }), true);
			}
			return false;
		});
		const parameters = { operation: 'create', tuneName: 'storage-check', triggerWord: 'sks dog', engine: CHECKPOINT.data.engine, baseCheckpoint: locator('id', CHECKPOINT.id), options: { pollInterval: 0.1 } };
		const { error } = await run('octoAiFineTuning', accept, parameters, await trainingItems(1), { api: failed });
		expect(error).toMatchObject({ name: 'NodeApiError' });
		expect(error!.message).toBe('Fine-tune "storage-check" (tune_01HFAILED) failed: ["out of memory",3]');
	});
});

describe('class 1: the storage sees no token and its answers are scrubbed', () => {
	it('a storage that accepts the file: one PUT with the bytes and no Authorization header', async () => {
		suite.countCase('1 secrets in errors');
		const { result } = await upload((_r, res) => res.writeHead(200).end());
		expect(result.error).toBeUndefined();
		expect(storage.requests.map((r) => [r.method, r.path.split('?')[0], r.headers.authorization, r.headers['content-type']])).toEqual([
			['PUT', `/bucket/${ASSET_ID}`, undefined, 'image/png'],
		]);
		expect(Buffer.byteLength(storage.requests[0].body, 'latin1')).toBeGreaterThan(0);
	});

	it('an upload URL on the API host itself: the PUT still carries no Authorization header', async () => {
		suite.countCase('1 secrets in errors');
		const handler = platformApi((request) => `${api.url}/bucket/${ASSET_ID}?X-Signature=${SIGNATURE}&X-Token=${String(request.headers.authorization).slice(7)}`);
		api.use((request, res) => (request.method === 'PUT' ? res.writeHead(200).end() : handler(request, res)));
		const result = await runPlatformNode(env, 'octoAiAssetLibrary', { ...UPLOAD, options: { uploadTimeout: 5 } }, {
			credentials: { platformBaseUrl: api.url, imageBaseUrl: api.url },
			inputItems: [await binaryItem(png, 'image/png', 'in.png')],
		});
		suite.record('upload to the API host', result);
		expect(result.error).toBeUndefined();
		const puts = api.requests.filter((r) => r.method === 'PUT');
		expect(puts).toHaveLength(1);
		expect(puts[0].headers.authorization).toBeUndefined();
		expect(api.requests.filter((r) => r.method !== 'PUT').every((r) => r.headers.authorization === `Bearer ${env.token}`)).toBe(true);
	});

	it('a 403 echoing the presigned URL, its signature and the token: the status and the storage\'s reason, none of the secrets', async () => {
		suite.countCase('1 secrets in errors');
		const { error, texts } = await upload((request, res) => {
			const query = new URL(request.path, storage.url).searchParams;
			json(res, 403, `<Error><Code>SignatureDoesNotMatch</Code><Message>Expired</Message><Url>${storage.url}${request.path}</Url><Sig>${query.get('X-Signature')}</Sig><Token>${query.get('X-Token')}</Token><Auth>${String(request.headers.authorization)}</Auth></Error>`);
		});
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '403' });
		expect(error!.message).toBe(`OctoAI's storage at ${storage.url.replace('http://', '')} refused the upload (403)`);
		expect(error!.description).toMatch(/The storage answered: <Error><Code>SignatureDoesNotMatch<\/Code><Message>Expired<\/Message>/);
		expect(texts).not.toContain(SIGNATURE);
		expect(texts).not.toContain(env.token);
		expect(deletes()).toEqual([`/v1/assets/${ASSET_ID}`]);
	});

	it('a 403 whose signature spans the end of the part of the answer kept: not even its start is shown', async () => {
		suite.countCase('1 secrets in errors');
		// White space collapses in the excerpt, so what is kept just before the cut would be shown.
		const { error } = await upload((_request, res) => json(res, 403, `${' '.repeat(8 * 1024 - 12)}${SIGNATURE} and more`));
		expect(error).toMatchObject({ name: 'NodeApiError', httpCode: '403' });
		expect(inspect(error, { depth: null, showHidden: true })).not.toContain(SIGNATURE.slice(0, 12));
	});

	it('a 5 MB storage error page: a bounded excerpt', async () => {
		suite.countCase('6 bounded error text');
		const { error, texts } = await upload((_r, res) => json(res, 400, `<Error>${'x '.repeat(2_500_000)}</Error>`));
		expect(error!.message).toMatch(/refused the upload \(400\)$/);
		expect(error!.description!.length).toBeLessThan(1_000);
		expect(texts.length).toBeLessThan(50_000);
	});

	it.each([
		['with user:password@', () => storage.url.replace('http://', `http://user:${SIGNATURE}@`) + '/bucket', /offered an upload URL that carries a user name or password/],
		['of another scheme', () => `ftp://127.0.0.1/bucket?sig=${SIGNATURE}`, /offered an upload URL that does not start with http:\/\/ or https:\/\//],
		['that is not a URL', () => `not a url ${SIGNATURE}`, /offered an upload URL that is not a valid URL$/],
	])('a presigned URL %s: refused without a request, the asset deleted', async (_name, putUrl, message) => {
		suite.countCase('1 secrets in errors');
		const { error, texts } = await upload((_r, res) => res.writeHead(200).end(), { uploadTimeout: 5 }, { putUrl });
		expect(error!.message).toMatch(message);
		expect(storage.requests).toHaveLength(0);
		expect(texts).not.toContain(SIGNATURE);
		expect(deletes()).toEqual([`/v1/assets/${ASSET_ID}`]);
	});
});

describe('class 7: storage redirects', () => {
	it.each([302, 307])('a %i to another host: not followed, nothing sent there', async (status) => {
		suite.countCase('7 redirects');
		other.use((_r, res) => res.writeHead(200).end());
		const { error } = await upload((_r, res) => res.writeHead(status, { location: `${other.url}/steal` }).end());
		expect(error).toMatchObject({ httpCode: String(status) });
		expect(error!.message).toMatch(new RegExp(`redirected the upload \\(${status}\\); uploads follow no redirect$`));
		expect(other.requests).toHaveLength(0);
	});
});

describe('the fine-tune\'s training images take the same path', () => {
	const TUNE = {
		operation: 'create',
		tuneName: 'storage-check',
		triggerWord: 'sks dog',
		engine: CHECKPOINT.data.engine,
		baseCheckpoint: locator('id', CHECKPOINT.id),
		waitForCompletion: false,
		options: { uploadTimeout: 1 },
	};

	it('a storage that never answers: the fine-tune stops at Upload Timeout, before any tune is created', async () => {
		suite.countCase('2 work that never ends');
		const { error, ms } = await run('octoAiFineTuning', () => undefined, TUNE, await trainingItems(2));
		expect(error!.message).toMatch(/did not finish within 1 s$/);
		expect(api.requests.filter((r) => r.path.startsWith('/v1/tune'))).toHaveLength(0);
		expect(ms).toBeLessThan(6_000);
	});

	it('a 403 echoing the signature and the token: scrubbed, no tune created', async () => {
		suite.countCase('1 secrets in errors');
		const { error, texts } = await run(
			'octoAiFineTuning',
			(request, res) => json(res, 403, `AccessDenied for ${storage.url}${request.path}`),
			TUNE,
			await trainingItems(2),
		);
		expect(error).toMatchObject({ httpCode: '403' });
		expect(texts).not.toContain(SIGNATURE);
		expect(texts).not.toContain(env.token);
		expect(storage.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
		expect(api.requests.filter((r) => r.path.startsWith('/v1/tune'))).toHaveLength(0);
	});

	describe('images uploaded for a tune that is never created are deleted again', () => {
		const accept: HostileHandler = (_request, res) => res.writeHead(200).end();
		const tuneRefused = (request: HostileRequest, res: Parameters<HostileHandler>[1]) =>
			request.method === 'POST' && request.path === '/v1/tune' && (json(res, 400, { detail: 'Insufficient credits to start a fine-tune' }), true);

		it('the API refuses the tune: its error, and both uploaded images deleted', async () => {
			suite.countCase('5 order of operations that costs money');
			const { error } = await run('octoAiFineTuning', accept, TUNE, await trainingItems(2), { api: platformApiWith(tuneRefused) });
			expect(error).toMatchObject({ httpCode: '400' });
			expect(error!.message).toContain('Insufficient credits to start a fine-tune');
			expect(error!.description).toMatch(/The 2 training images uploaded for the tune were deleted again\.$/);
			expect(deletes()).toEqual([`/v1/assets/${ASSET_ID}`, `/v1/assets/${ASSET_ID}`]);
		});

		it.each([
			['a 502', (res: Parameters<HostileHandler>[1]) => json(res, 502, { detail: 'Bad Gateway' })],
			['a 200 the node cannot read', (res: Parameters<HostileHandler>[1]) => json(res, 200, { id: 42 })],
			['a dropped connection', (res: Parameters<HostileHandler>[1]) => res.destroy()],
		])('the tune request ends in %s: the tune may exist, so its images stay, named in the error', async (_what, answer) => {
			suite.countCase('5 order of operations that costs money');
			const unclear = platformApiWith((request, res) => request.method === 'POST' && request.path === '/v1/tune' && (answer(res), true));
			const { error } = await run('octoAiFineTuning', accept, TUNE, await trainingItems(2), { api: unclear });
			expect(error!.description).toMatch(
				new RegExp(`The tune may have been created all the same: look for "storage-check" with Get Many before deleting its training images, "stored" \\(${ASSET_ID}\\), "stored" \\(${ASSET_ID}\\)\\.$`),
			);
			expect(deletes()).toEqual([]);
			expect(api.requests.filter((r) => r.path === '/v1/tune')).toHaveLength(1);
		});

		it("the storage refuses the second image: that asset and the first image's are deleted", async () => {
			suite.countCase('5 order of operations that costs money');
			let puts = 0;
			const secondRefused: HostileHandler = (_request, res) => (++puts === 1 ? res.writeHead(200).end() : json(res, 403, 'AccessDenied'));
			const { error } = await run('octoAiFineTuning', secondRefused, TUNE, await trainingItems(2));
			expect(error).toMatchObject({ httpCode: '403' });
			expect(error!.description).toMatch(/created for the upload was deleted again\. The training image uploaded for the tune was deleted again\.$/);
			expect(deletes()).toHaveLength(2);
			expect(api.requests.filter((r) => r.path.startsWith('/v1/tune'))).toHaveLength(0);
		});

		it('a delete the API refuses: the error names the images that stay', async () => {
			suite.countCase('5 order of operations that costs money');
			const deleteRefused = (request: HostileRequest, res: Parameters<HostileHandler>[1]) =>
				tuneRefused(request, res) || (request.method === 'DELETE' && (json(res, 403, { detail: 'Forbidden' }), true));
			const { error } = await run('octoAiFineTuning', accept, TUNE, await trainingItems(2), { api: platformApiWith(deleteRefused) });
			expect(error).toMatchObject({ httpCode: '400' });
			expect(error!.description).toMatch(
				new RegExp(`These training images stay in your library: "stored" \\(${ASSET_ID}\\), "stored" \\(${ASSET_ID}\\); delete them with the Asset Library's Delete operation\\.$`),
			);
			expect(deletes()).toHaveLength(2);
		});
	});
});

suite.hygieneTest();
