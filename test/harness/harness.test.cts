import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { INode, IConnections } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import { HarnessCredentialsHelper } from './credentials-helper.cts';
import { buildAdditionalData } from './additional-data.cts';
import {
	binaryFilePath,
	binaryItem,
	fixtureNode,
	getEngine,
	PACKAGE_ROOT,
	runWorkflow,
	testCredential,
	type WorkflowJson,
} from './index.cts';

const TOKEN = 'tok';
const CREDENTIAL_REF = { octoAiApi: { id: 'cred-1', name: 'OctoAI account' } };
// The smallest valid PNG (1x1), so the bytes are a real image file.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

let emulator: Emulator;

beforeAll(async () => {
	emulator = await startEmulator({ tokens: [TOKEN] });
});

afterAll(async () => {
	await emulator.close();
});

beforeEach(() => emulator.clearLog());

function node(name: string, type: string, parameters: INode['parameters'] = {}, extra: Partial<INode> = {}): INode {
	return { id: name, name, type, typeVersion: 1, position: [0, 0], parameters, ...extra };
}

/** Connects the nodes in a line, first to last. */
function chain(...nodes: INode[]): WorkflowJson {
	const connections: IConnections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes, connections, settings: { executionOrder: 'v1' } };
}

const probeWorkflow = () =>
	chain(node('Start', fixtureNode('start')), node('Credential Probe', fixtureNode('credentialProbe'), {}, { credentials: CREDENTIAL_REF }));

const credentialsFor = (apiToken: string) => ({
	octoAiApi: { 'cred-1': { apiToken, imageBaseUrl: emulator.url, platformBaseUrl: emulator.url, asyncBaseUrl: emulator.url } },
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('testCredential', () => {
	it('passes when the three APIs accept the token: an empty generation request (422, nothing generated), one asset listed, an unknown async request (404)', async () => {
		const result = await testCredential('octoAiApi', { apiToken: TOKEN, imageBaseUrl: emulator.url, platformBaseUrl: emulator.url, asyncBaseUrl: emulator.url });

		expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
		const [probe] = emulator.requests({ path: '/generate/sdxl' }).slice(-1);
		expect({ method: probe.method, status: probe.status, auth: probe.headers.authorization }).toEqual({
			method: 'POST',
			status: 422,
			auth: `Bearer ${TOKEN}`,
		});
		const [request] = emulator.requests({ path: '/v1/assets' }).slice(-1);
		expect(request.method).toBe('GET');
		expect(request.query).toEqual({ limit: '1' });
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		const [status] = emulator.requests({ path: '/v1/requests/n8n-credential-test' }).slice(-1);
		expect({ method: status.method, status: status.status, auth: status.headers.authorization }).toEqual({ method: 'GET', status: 404, auth: `Bearer ${TOKEN}` });
	});

	it('fails naming the image API for a token it rejects', async () => {
		const result = await testCredential('octoAiApi', { apiToken: 'wrong-token', imageBaseUrl: emulator.url, platformBaseUrl: emulator.url });

		expect(result.status).toBe('Error');
		expect(result.message).toBe('The image API rejected the API token (401). Copy a valid token into the credential.');
	});

	it('fails with a 404 message when the image base URL has no API', async () => {
		const result = await testCredential('octoAiApi', { apiToken: TOKEN, imageBaseUrl: `${emulator.url}/no-api-here/`, platformBaseUrl: emulator.url });

		expect(result).toMatchObject({ status: 'Error' });
		expect(result.message).toContain('(404)');
	});

	it('passes for an image-only server, saying what the missing platform API means', async () => {
		const result = await testCredential('octoAiApi', { apiToken: TOKEN, imageBaseUrl: emulator.url, platformBaseUrl: `${emulator.url}/no-platform/`, asyncBaseUrl: emulator.url });

		expect(result.status).toBe('OK');
		expect(result.message).toMatch(/^Image API reached, token accepted\. The platform API answered 404, so the asset pickers/);
	});
});

describe('credentials applied as n8n applies them', () => {
	it('fills in the credential type defaults for fields the stored data leaves out', async () => {
		const engine = await getEngine();
		const helper = new HarnessCredentialsHelper(engine.registry, { octoAiApi: { 'cred-1': { apiToken: TOKEN } } });
		const data = await helper.getDecrypted(buildAdditionalData({ credentialsHelper: helper }), CREDENTIAL_REF.octoAiApi, 'octoAiApi', 'manual');

		expect(data).toEqual({ apiToken: TOKEN, imageBaseUrl: 'https://image.octoai.run', platformBaseUrl: 'https://api.octoai.cloud', asyncBaseUrl: 'https://async.octoai.run' });
	});

	it('says which credential is missing when a node references an unknown id', async () => {
		const result = await runWorkflow(probeWorkflow(), { credentials: {} });

		expect(result.status).toBe('error');
		expect(result.nodeError('Credential Probe')?.message).toBe('Credential with ID "cred-1" does not exist for type "octoAiApi".');
	});
});

describe('packages', () => {
	it('loads every node package.json lists, typed `n8n-nodes-octoai.<name>` as n8n names community nodes', async () => {
		const manifest = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
		const { registry } = await getEngine();

		const ours = registry.nodeTypeNames().filter((name) => name.startsWith('n8n-nodes-octoai.'));
		expect(ours).toHaveLength(manifest.n8n.nodes.length);
		expect(registry.nodeTypeNames()).toEqual(expect.arrayContaining([fixtureNode('start'), fixtureNode('credentialProbe')]));
		expect(registry.credentialType('octoAiApi').name).toBe('octoAiApi');
	});

	it("runs an editor export that starts with n8n-nodes-base's manual trigger", async () => {
		const trigger = node('When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger');
		const probe = node('Credential Probe', fixtureNode('credentialProbe'), {}, { credentials: CREDENTIAL_REF });

		const result = await runWorkflow(chain(trigger, probe), { credentials: credentialsFor(TOKEN) });

		expect(result.status).toBe('success');
		expect(result.nodeOrder).toEqual([trigger.name, 'Credential Probe']);
	});
});

describe('runWorkflow on the live emulator', () => {
	it('runs Start -> Credential Probe through WorkflowExecute; the request carries the credential', async () => {
		const result = await runWorkflow(probeWorkflow(), { credentials: credentialsFor(TOKEN) });

		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.nodeOrder).toEqual(['Start', 'Credential Probe']);
		const [request] = emulator.requests({ path: '/v1/assets' });
		expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(request.query).toEqual({ limit: '1' });
		const items = result.outputs('Credential Probe');
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			data: expect.any(Array),
			total: expect.any(Number),
			has_more: expect.any(Boolean),
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('resolves an expression stored in the credential before authenticating', async () => {
		const credentials = credentialsFor(`={{ "t" + "ok" }}`);

		const result = await runWorkflow(probeWorkflow(), { credentials });

		expect(result.status).toBe('success');
		expect(emulator.requests({ path: '/v1/assets' })[0].headers.authorization).toBe('Bearer tok');
	});

	it('ends in an error on the probe node when the API rejects the token', async () => {
		const result = await runWorkflow(probeWorkflow(), { credentials: credentialsFor('wrong-token') });

		expect(result.status).toBe('error');
		expect(result.run.data.resultData.lastNodeExecuted).toBe('Credential Probe');
		expect(result.error?.message).toBe(result.nodeError('Credential Probe')?.message);
		expect(result.nodeError('Credential Probe')).toMatchObject({ httpCode: '401' });
		expect(() => result.outputs('Nope')).toThrow('Node "Nope" has no run 0');
	});

	it('hands inputItems to the start node and keeps one output item per input', async () => {
		const inputItems = [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }];

		const result = await runWorkflow(probeWorkflow(), { credentials: credentialsFor(TOKEN), inputItems });

		expect(result.outputs('Start').map((item) => item.json)).toEqual(inputItems.map((item) => item.json));
		expect(result.outputs('Credential Probe').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(emulator.requests({ path: '/v1/assets' })).toHaveLength(3);
	});

	it("captures n8n's LoggerProxy output and the node's this.logger output of the run", async () => {
		const result = await runWorkflow(probeWorkflow(), { credentials: credentialsFor(TOKEN) });

		expect(result.logs.some((entry) => entry.message === 'Workflow execution started')).toBe(true);
		expect(result.logText()).toContain(`Credential Probe: listing one asset`);
		expect(result.logText()).toContain(emulator.url);
	});

	describe('against an API that never answers', () => {
		let server: Server;
		let url = '';
		const disconnected: string[] = [];
		/** Called as each request arrives, so a test can stop the run once its request is in flight. */
		let onArrival: () => void = () => undefined;

		beforeAll(async () => {
			// Never answers; notes when the client gives up on a request.
			server = createServer((req) => {
				req.on('close', () => disconnected.push(req.headers.authorization ?? ''));
				onArrival();
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		});

		afterAll(async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		});

		const hangingCredentials = (apiToken: string) => ({ octoAiApi: { 'cred-1': { apiToken, platformBaseUrl: url } } });

		it('cancels the run when timeoutMs passes and aborts the request in flight', async () => {
			const started = Date.now();

			// Long enough for the request to be in flight on a busy machine, well under the 5 s bound.
			const result = await runWorkflow(probeWorkflow(), { credentials: hangingCredentials('timeout'), timeoutMs: 1500 });

			expect(result.status).toBe('canceled');
			expect(result.timedOut).toBe(true);
			expect(Date.now() - started).toBeLessThan(5_000);
			await waitFor(() => disconnected.includes('Bearer timeout'));
		});

		it('cancels the run when its abort signal fires', async () => {
			const controller = new AbortController();
			onArrival = () => controller.abort();

			const result = await runWorkflow(probeWorkflow(), { credentials: hangingCredentials('aborted'), signal: controller.signal }).finally(
				() => (onArrival = () => undefined),
			);

			expect(result.status).toBe('canceled');
			expect(result.timedOut).toBe(false);
			await waitFor(() => disconnected.includes('Bearer aborted'));
		});
	});
});

describe('binary data', () => {
	const readBinary = () =>
		node('Read Binary', fixtureNode('readBinary'), {
			source: 'base64',
			base64: PNG.toString('base64'),
			fileName: 'made-by-node.png',
			binaryPropertyName: 'made',
		});

	it('round-trips an input binary item and a node-made binary through the filesystem store', async () => {
		const input = await binaryItem(PNG, 'image/png', 'input.png');

		const result = await runWorkflow(chain(node('Start', fixtureNode('start')), readBinary()), { inputItems: [input], binaryMode: 'filesystem' });

		expect(result.status).toBe('success');
		const [item] = result.outputs('Read Binary');
		for (const field of ['data', 'made']) {
			const binary = item.binary?.[field];
			// Stored mode: the item holds only a reference, the bytes are in a file on disk.
			expect(binary?.id).toMatch(/^filesystem-v2:/);
			expect(binary?.data).toBe('filesystem-v2');
			const file = await binaryFilePath(item, field);
			expect(file.startsWith((await getEngine()).binaryDataPath)).toBe(true);
			expect(existsSync(file)).toBe(true);
			expect((await readFile(file)).equals(PNG)).toBe(true);
			expect((await result.binaryBuffer(item, field)).equals(PNG)).toBe(true);
		}
		expect(item.binary?.data).toMatchObject({ fileName: 'input.png', mimeType: 'image/png', fileExtension: 'png' });
		expect(item.binary?.made).toMatchObject({ fileName: 'made-by-node.png', mimeType: 'image/png' });
	});

	it('in combined mode the engine moves stored binaries into json._files, and they read back', async () => {
		const input = await binaryItem(PNG, 'image/png', 'input.png');

		const result = await runWorkflow(chain(node('Start', fixtureNode('start')), readBinary()), { inputItems: [input], binaryMode: 'combined' });

		expect(result.status).toBe('success');
		expect(result.run.data.resultData.runData).toBeDefined();
		const [item] = result.outputs('Read Binary');
		expect(item.binary).toBeUndefined();
		const files = item.json._files as Record<string, { id: string; fileName: string }>;
		expect(Object.keys(files).sort()).toEqual(['data', 'made']);
		expect(files.made.fileName).toBe('made-by-node.png');
		expect(result.binaryData(item, 'made').id).toBe(files.made.id);
		expect((await result.binaryBuffer(item, 'data')).equals(PNG)).toBe(true);
		expect((await result.binaryBuffer(item, '_files.made')).equals(PNG)).toBe(true);
	});
});
