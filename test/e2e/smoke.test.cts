import { readdirSync, realpathSync, readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';

import sharp from 'sharp';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	CREDENTIAL_TYPE,
	PACKAGE_NAME,
	PROBE_PACKAGE_DIR,
	REPO_ROOT,
	buildWorkflow,
	createUserFolder,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
	manualTrigger,
	isN8nV1,
	n8nPackageDir,
	nodesDir,
	npmPack,
	octoAiCredential,
	octoAiNode,
	packThisPackage,
	readBinary,
	startN8nServer,
	workflowNode,
} from './lib/index.cts';

const TOKEN = 'e2e-smoke-token';
const rootManifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));

let emulator: Emulator;
let userFolder: ReturnType<typeof createUserFolder>;
let packDir: ReturnType<typeof createUserFolder>;
const credential = () => octoAiCredential('e2eSmokeCred01', 'OctoAI (emulator)', TOKEN, emulator.url);
const badCredential = () => octoAiCredential('e2eSmokeCred02', 'OctoAI (wrong token)', 'not-a-valid-token', emulator.url);

beforeAll(async () => {
	packDir = createUserFolder('octoai-packs-');
	userFolder = createUserFolder();
	const tarball = await packThisPackage(packDir.path);
	await installCommunityPackage(userFolder.path, tarball);
	await installCommunityPackage(userFolder.path, await npmPack(PROBE_PACKAGE_DIR, packDir.path));
	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	await importCredentials(userFolder.path, [credential(), badCredential()]);
}, 600_000);

afterAll(async () => {
	await emulator?.close();
	userFolder?.remove();
	packDir?.remove();
});

describe('the packed package installed as a community package in n8n', () => {
	it('is loaded by `n8n start`: the editor knows its credential type and every node; the credential test passes the token, fails a wrong one', async () => {
		const server = await startN8nServer(userFolder.path);
		try {
			const cookie = await server.login();
			const get = async (url: string) => {
				const response = await fetch(`${server.url}${url}`, { headers: { cookie } });
				expect(response.status).toBe(200);
				return await response.json();
			};

			const credentialTypes = (await get('/types/credentials.json')) as Array<{ name: string; properties: Array<{ name: string }> }>;
			const octoAi = credentialTypes.find((type) => type.name === CREDENTIAL_TYPE);
			// n8n appends its own proxy-auth fields (allowedDomains, ...) to credentials that authenticate.
			expect(octoAi?.properties.map((p) => p.name)).toEqual(
				expect.arrayContaining(['apiToken', 'imageBaseUrl', 'platformBaseUrl', 'asyncBaseUrl']),
			);

			// Each file in package.json's n8n.nodes is one node type (plus n8n's generated "...Tool" twin).
			const nodeTypes = (await get('/types/nodes.json')) as Array<{ name: string }>;
			const ours = nodeTypes.map((t) => t.name).filter((name) => name.startsWith(`${PACKAGE_NAME}.`) && !name.endsWith('Tool'));
			expect(ours).toHaveLength(rootManifest.n8n.nodes.length);
			expect(ours).toContain(`${PACKAGE_NAME}.octoAiSdxl`);

			// The credentials imported through the CLI belong to the owner the server logs in as.
			const { data: credentials } = (await get('/rest/credentials')) as { data: Array<{ id: string; type: string }> };
			expect(credentials.map((c) => [c.id, c.type])).toEqual(
				expect.arrayContaining([[credential().id, CREDENTIAL_TYPE]]),
			);

			// The credential's Test button (POST /rest/credentials/test): the emulator's token passes,
			// a wrong one fails with the API's answer.
			const testCredential = async (c: ReturnType<typeof credential>) => {
				const response = await fetch(`${server.url}/rest/credentials/test`, {
					method: 'POST',
					headers: { cookie, 'content-type': 'application/json' },
					body: JSON.stringify({ credentials: c }),
				});
				expect(response.status).toBe(200);
				return ((await response.json()) as { data: { status: string; message: string } }).data;
			};
			expect(await testCredential(credential())).toMatchObject({ status: 'OK' });
			const rejected = await testCredential(badCredential());
			expect(rejected.status).toBe('Error');
			expect(rejected.message).not.toContain('not-a-valid-token');

			expect(server.logs().filter((line) => /Skipping package/.test(line.message))).toEqual([]);
		} finally {
			await server.stop();
		}
	});

	it('code inside the installed package resolves zod, lodash, luxon and p-limit from n8n itself', async () => {
		const id = await importWorkflow(
			userFolder.path,
			buildWorkflow(
				'Module resolution probe',
				[manualTrigger(), workflowNode('Probe', 'n8n-nodes-e2e-probe.moduleProbe', { packageName: PACKAGE_NAME })],
				[['Manual Trigger', 'Probe']],
			),
		);
		const result = await executeWorkflow(userFolder.path, id);
		expect(result.status).toBe('success');

		const requireFromN8n = createRequire(path.join(n8nPackageDir(), 'package.json'));
		const probed = result.output('Probe').map((item) => item.json);
		expect(probed.map((p) => p.module)).toEqual(['zod', 'lodash', 'luxon', 'p-limit']);
		// n8n 1.x hoists no p-limit; the package itself requires only zod (and n8n-workflow), so on 1.x
		// the check is that zod resolves to n8n's own copy and works.
		for (const p of probed.filter((entry) => !isN8nV1() || entry.module === 'zod')) {
			expect(p).toMatchObject({ packageInstalled: true, works: true });
			expect(p.packageDir).toBe(path.join(userFolder.path, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME));
			// The very file n8n itself would load: nothing is installed beside the package.
			expect(realpathSync(p.resolvedPath as string)).toBe(realpathSync(requireFromN8n.resolve(p.module as string)));
		}
		// The zod the package is built and unit-tested against is the one n8n gives it.
		// The zod the package is built and unit-tested against is the one n8n 2.x gives it; 1.123 gives
		// 3.25.67, the same zod 3.25 API.
		expect(probed.find((p) => p.module === 'zod')?.version).toBe(isN8nV1() ? '3.25.67' : rootManifest.devDependencies.zod);
	});

	it('every module the installed package requires resolves inside the app, to n8n\'s own copy', async () => {
		const required = bareRequires(path.join(nodesDir(userFolder.path), 'node_modules', PACKAGE_NAME, 'dist'));
		// The scan must find what the nodes are known to use, or it would pass by finding nothing.
		expect(required).toEqual(expect.arrayContaining(['n8n-workflow', 'zod']));
		const id = await importWorkflow(
			userFolder.path,
			buildWorkflow(
				'Module resolution probe: every require',
				[
					manualTrigger(),
					workflowNode('Probe', 'n8n-nodes-e2e-probe.moduleProbe', { packageName: PACKAGE_NAME, modules: required.join(',') }),
				],
				[['Manual Trigger', 'Probe']],
			),
		);
		const result = await executeWorkflow(userFolder.path, id);
		expect(result.status).toBe('success');

		const requireFromN8n = createRequire(path.join(n8nPackageDir(), 'package.json'));
		const probed = result.output('Probe').map((item) => item.json);
		expect(probed.map((p) => [p.module, p.error])).toEqual(required.map((name) => [name, undefined]));
		for (const p of probed) {
			expect(realpathSync(p.resolvedPath as string)).toBe(realpathSync(requireFromN8n.resolve(p.module as string)));
		}
	});

	it('Manual Trigger -> OctoAI SDXL produces a PNG image in n8n\'s binary store', async () => {
		const id = await importWorkflow(
			userFolder.path,
			buildWorkflow(
				'Smoke: SDXL text to image',
				[
					manualTrigger(),
					octoAiNode(
						'OctoAI SDXL',
						'octoAiSdxl',
						{ prompt: 'a lighthouse on a cliff at dawn', options: { seed: '42', imageEncoding: 'png' } },
						credential(),
					),
				],
				[['Manual Trigger', 'OctoAI SDXL']],
			),
		);
		emulator.clearLog();
		const result = await executeWorkflow(userFolder.path, id);
		expect(result.status).toBe('success');

		const [item, ...rest] = result.output('OctoAI SDXL');
		expect(rest).toEqual([]);
		expect(item.json).toMatchObject({ engine: 'sdxl', seed: 42, fileName: 'sdxl-42.png' });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'sdxl-42.png' });
		// The store the lane asked for (scripts/matrix.sh): an id naming it, or none in memory mode.
		const mode = process.env.N8N_E2E_BINARY_MODE ?? 'filesystem';
		expect(item.binary!.data.id?.split(':')[0] ?? 'in memory').toBe(
			{ filesystem: 'filesystem-v2', database: 'database', default: 'in memory' }[mode] ?? mode,
		);
		const image = await sharp(readBinary(userFolder.path, item.binary!.data)).metadata();
		expect([image.format, image.width, image.height]).toEqual(['png', 1024, 1024]);

		const requests = emulator.requests({ token: TOKEN });
		expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([['POST', '/generate/sdxl', 200]]);
		expect(requests[0].body).toMatchObject({ prompt: 'a lighthouse on a cliff at dawn', seed: 42, image_encoding: 'png' });
	});

	it('a rejected token fails the execution with the node\'s error', async () => {
		const id = await importWorkflow(
			userFolder.path,
			buildWorkflow(
				'Smoke: wrong token',
				[manualTrigger(), octoAiNode('OctoAI SDXL', 'octoAiSdxl', { prompt: 'a lighthouse' }, badCredential())],
				[['Manual Trigger', 'OctoAI SDXL']],
			),
		);
		const result = await executeWorkflow(userFolder.path, id);
		expect(result.status).toBe('error');
		expect(result.nodeError('OctoAI SDXL')?.message).toBe(result.errorMessage);
		expect(result.errorMessage).toMatch(/401|token/i);
	});
});

/** The bare module specifiers (`zod`, `zod/v4`; not `./x` or `node:fs`) that the JavaScript files under `dir` require. */
function bareRequires(dir: string): string[] {
	const names = new Set<string>();
	for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
		if (!file.endsWith('.js')) continue;
		for (const [, name] of readFileSync(path.join(dir, file), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)) {
			if (name.startsWith('.') || name.startsWith('node:') || isBuiltin(name)) continue;
			names.add(name); // as written: a subpath such as `zod/v4` must resolve too
		}
	}
	return [...names].sort();
}
