/**
 * Issue 24 for the platform waits, through n8n's real engine against a hostile loopback server: the
 * fine-tune wait, Fine-Tuning's upload wait and the Asset Library's wait until ready end at their own
 * limit when a status read never answers (one-deadline-per-wait), and a status read that fails after
 * a tune or an asset was created says it exists and how to get it (billed-work-kept).
 */
import type { INodeParameters } from 'n8n-workflow';

import { locator, runPlatformNode, trainingItems } from '../nodes/platform-helpers.cts';
import { HostileServer, json, type HostileHandler } from './support/hostile-server.cts';
import { hang, trickle } from './support/stalls.cts';
import { ReliabilitySuite } from './support/suite.cts';

const suite = new ReliabilitySuite('billed-and-waits-platform');
const env = suite.emulator();
const server = new HostileServer();

beforeAll(async () => await server.start());
afterAll(async () => await server.close());

const bases = () => ({ imageBaseUrl: server.url, platformBaseUrl: server.url, asyncBaseUrl: server.url });

describe('one deadline per wait: the platform waits', () => {
	const TUNE_ID = 'tune_01HWAIT24';
	const CHECKPOINT = { id: 'asset_01HCKPT24', name: 'sdxl-base', asset_type: 'checkpoint', status: 'ready', data: { asset_type: 'checkpoint', engine: 'image/stable-diffusion-xl-v1-0' } };

	/** A platform API that takes uploads at once; the tune's and the uploads' status reads answered by `tune` and `upload`. */
	function platform(tune: HostileHandler, upload: HostileHandler = (r, res) => json(res, 200, { asset: fileAsset(r.path.split('/')[3], 'ready') })): HostileHandler {
		let assets = 0;
		return (request, res) => {
			if (request.method === 'POST' && request.path === '/v1/assets') {
				const id = `asset_01HFILE${++assets}`;
				return json(res, 200, { asset: fileAsset(id, 'ready_to_upload'), transfer_api: { type: 'presigned-url', put_url: `${server.url}/put/${id}`, get_url: '' } });
			}
			if (request.method === 'PUT') return res.writeHead(200).end();
			if (request.path.endsWith('/complete-upload')) return json(res, 200, {});
			if (request.method === 'DELETE') return json(res, 200, {});
			if (request.path === `/v1/assets/${CHECKPOINT.id}`) return json(res, 200, { asset: CHECKPOINT });
			if (request.path.startsWith('/v1/assets/')) return upload(request, res);
			if (request.method === 'POST' && request.path === '/v1/tune') return json(res, 200, { id: TUNE_ID, name: 'waited', status: 'pending', details: {} });
			if (request.path.startsWith(`/v1/tune/${TUNE_ID}`)) return tune(request, res);
			return json(res, 404, { detail: 'not found' });
		};
	}
	const fileAsset = (id: string | undefined, status: string) => ({ id, name: id, asset_type: 'file', status, data: { asset_type: 'file' } });

	async function createTune(handler: HostileHandler, options: INodeParameters = { pollInterval: 0.1 }) {
		server.use(handler);
		const started = Date.now();
		const result = await runPlatformNode(
			env,
			'octoAiFineTuning',
			{ operation: 'create', tuneName: 'waited', triggerWord: 'sks dog', engine: CHECKPOINT.data.engine, baseCheckpoint: locator('id', CHECKPOINT.id), waitForCompletion: true, timeoutMinutes: 0.02, options },
			{ credentials: bases(), inputItems: await trainingItems(2) },
		);
		suite.record('tune wait', result);
		return { error: result.error, ms: Date.now() - started, tunes: server.requests.filter((r) => r.method === 'POST' && r.path === '/v1/tune') };
	}

	it.each([
		['never answers', hang],
		['sends headers, then its body never ends', trickle],
	])('Fine-Tuning, Timeout (Minutes) 0.02 and a tune status read that %s: ends near the timeout, naming the tune', async (_what, status) => {
		suite.countCase('one-deadline-per-wait');
		const out = await createTune(platform(status));
		expect(out.error?.message).toBe(`Fine-tune "waited" (${TUNE_ID}) did not finish within 1.2 s (status: no status read answered within the wait)`);
		expect(out.error?.description).toContain(`tune ID ${TUNE_ID}`);
		expect(out.tunes).toHaveLength(1);
		expect(out.ms).toBeLessThan(8_000);
	}, 20_000);

	it('Fine-Tuning, Upload Timeout 1 s and an upload status read that never answers: ends near it, no tune is created', async () => {
		suite.countCase('one-deadline-per-wait');
		const out = await createTune(platform((_r, res) => json(res, 200, {}), hang), { pollInterval: 0.1, uploadTimeout: 1 });
		expect(out.error?.message).toMatch(/^Asset ".+" \(asset_01HFILE1\) was not ready within 1 s \(status: no status read answered within the wait\)$/);
		expect(out.error?.description).toMatch(/^Raise "Upload Timeout \(Seconds\)" in Options\./);
		expect(out.tunes).toHaveLength(0);
		expect(out.ms).toBeLessThan(8_000);
	}, 20_000);

	it('Fine-Tuning: a tune status read that fails after the tune was created names the tune and how to get it', async () => {
		suite.countCase('billed-work-kept');
		const out = await createTune(platform((_r, res) => json(res, 400, { detail: 'bad state' })));
		expect(out.error?.description).toContain(`Fine-tune "waited" (${TUNE_ID}) was created`);
		expect(out.error?.description).toContain(`tune ID ${TUNE_ID}`);
		expect(out.tunes).toHaveLength(1);
	});

	it.each([
		['a 500', 500],
		['a 400', 400],
	])("Asset Library's Create From URL: a status read answering %s after the asset was created names the asset and how to get it", async (_what, code) => {
		suite.countCase('billed-work-kept');
		const ASSET = fileAsset('asset_01HKEPT24', 'uploading');
		server.use((request, res) => {
			if (request.method === 'POST' && request.path === '/v1/assets') return json(res, 200, { asset: ASSET });
			if (request.method === 'GET' && request.path === `/v1/assets/${ASSET.id}`) return json(res, code, { detail: 'status store down' });
			return json(res, 404, { detail: 'not found' });
		});
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'kept', assetType: 'file', url: 'https://example.com/a.png', options: { timeout: 5, pollInterval: 0.2, maxRetries: 0 } },
			{ credentials: bases() },
		);
		suite.record('asset status read fails', result);
		expect(result.error?.message).toMatch(/status store down|500|400/);
		expect(result.error?.description).toContain('was created and stays in your library');
		expect(result.error?.description).toContain('asset ID asset_01HKEPT24');
		expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
	}, 20_000);

	it.each([
		['never answers', hang],
		['sends headers, then its body never ends', trickle],
	])("Asset Library's Create From URL, Timeout 1 s and a status read that %s: ends near it, naming the asset", async (_what, status) => {
		suite.countCase('one-deadline-per-wait');
		const ASSET = fileAsset('asset_01HWAIT24', 'uploading');
		server.use((request, res) => {
			if (request.method === 'POST' && request.path === '/v1/assets') return json(res, 200, { asset: ASSET });
			if (request.method === 'GET' && request.path === `/v1/assets/${ASSET.id}`) return status(request, res);
			return json(res, 404, { detail: 'not found' });
		});
		const started = Date.now();
		const result = await runPlatformNode(
			env,
			'octoAiAssetLibrary',
			{ operation: 'createFromUrl', assetName: 'waited', assetType: 'file', url: 'https://example.com/a.png', options: { timeout: 1, pollInterval: 0.2 } },
			{ credentials: bases() },
		);
		suite.record('asset wait', result);
		expect(result.error?.message).toBe(`Asset "asset_01HWAIT24" (asset_01HWAIT24) was not ready within 1 s (status: no status read answered within the wait)`);
		expect(result.error?.description).toContain('asset ID asset_01HWAIT24');
		expect(result.error?.description).toContain('"Timeout (Seconds)"');
		expect(Date.now() - started).toBeLessThan(8_000);
	}, 20_000);
});

suite.hygieneTest();
