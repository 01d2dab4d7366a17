import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	EXAMPLE_OUTPUT,
	createUserFolder,
	decodeImages,
	exampleCredential,
	exampleFileAccessEnv,
	importCredentials,
	importWorkflowFiles,
	isN8nV1,
	loadExamples,
	nodesDir,
	packThisPackage,
	prepareExampleWorkDir,
	runN8nCli,
	runProcess,
	startN8nServer,
	tail,
	type N8nServer,
} from './lib/index.cts';

// The examples that run by themselves, the way they run for users: installed as the README's
// "Manual install" says into a fresh n8n user folder, published, served by `n8n start`. The
// webhook example is called over HTTP and answers with the image; the scheduled batch fires alone.

const TOKEN = 'e2e-triggers-token';
const SCHEDULE_SECONDS = 5;

const examples = loadExamples();
const webhookExample = examples.find((example) => example.number === '14')!;
const scheduleExample = examples.find((example) => example.number === '15')!;
let emulator: Emulator;
let userFolder: ReturnType<typeof createUserFolder>;
let workDir: ReturnType<typeof createUserFolder>;
let server: N8nServer;

beforeAll(async () => {
	userFolder = createUserFolder();
	workDir = createUserFolder('octoai-triggers-');
	prepareExampleWorkDir(workDir.path);
	const tarball = await packThisPackage(path.join(workDir.path, 'pack'));

	// README, Installation, "From a packed tarball": npm install it in <user folder>/.n8n/nodes.
	const nodes = nodesDir(userFolder.path);
	mkdirSync(nodes, { recursive: true });
	const install = await runProcess('npm', ['install', '--legacy-peer-deps', '--audit=false', '--fund=false', tarball], {
		cwd: nodes,
		env: process.env,
		timeoutMs: 5 * 60_000,
	});
	if (install.code !== 0) throw new Error(`npm install failed\n${tail(install.stdout + install.stderr)}`);

	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	await importCredentials(userFolder.path, [exampleCredential(TOKEN, emulator.url)]);
	// The example fires every morning; here it fires every few seconds, nothing else changed.
	const frequent = structuredClone(scheduleExample.workflow);
	const trigger = frequent.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger')!;
	trigger.parameters = { rule: { interval: [{ field: 'seconds', secondsInterval: SCHEDULE_SECONDS }] } };
	// One import for both (each n8n CLI start takes a while on a busy machine).
	const toImport = path.join(workDir.path, 'to-import');
	mkdirSync(toImport);
	writeFileSync(path.join(toImport, webhookExample.file), JSON.stringify(webhookExample.workflow));
	writeFileSync(path.join(toImport, scheduleExample.file), JSON.stringify(frequent));
	await importWorkflowFiles(userFolder.path, toImport);
	for (const example of [webhookExample, scheduleExample]) {
		// n8n 1.x activates a workflow with `update:workflow --active=true`; 2.x publishes it.
		const args = isN8nV1() ? ['update:workflow', `--id=${example.id}`, '--active=true'] : ['publish:workflow', `--id=${example.id}`];
		const run = await runN8nCli(userFolder.path, args);
		expect(run.code).toBe(0);
	}
	server = await startN8nServer(userFolder.path, { cwd: workDir.path, env: exampleFileAccessEnv(workDir.path) });
}, 900_000);

afterAll(async () => {
	await server?.stop();
	await emulator?.close();
	userFolder?.remove();
	workDir?.remove();
});

it('the webhook example answers a POST with the generated PNG as the response body', async () => {
	// n8n reports ready before it has activated every published workflow: a 404 until then.
	const deadline = Date.now() + 60_000;
	let response: Response;
	do {
		response = await fetch(`${server.url}/webhook/octoai-image`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ prompt: 'a red bicycle against a blue wall' }),
		});
		if (response.status !== 404) break;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	} while (Date.now() < deadline);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^image\/png/);
	const body = Buffer.from(await response.arrayBuffer());
	const meta = await sharp(body).metadata();
	expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'png', width: 1024, height: 1024 });
	const generated = emulator.requests({ token: TOKEN }).filter((r) => r.path === '/generate/sdxl');
	expect(generated.map((r) => (r.body as { prompt?: string }).prompt)).toContain('a red bicycle against a blue wall');
}, 120_000);

it('the webhook example answers a failing generation with HTTP 500 and the error as JSON, on 1.x as on 2.x', async () => {
	// Without the example's error branch, n8n 1.x answers a failed workflow 200 with an empty body
	// (2.x: 500); the OctoAI node's error output to a Respond to Webhook node answers alike on both.
	const requestsBefore = emulator.requests({ token: TOKEN }).length;
	const response = await fetch(`${server.url}/webhook/octoai-image`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt: '' }),
	});
	expect(response.status).toBe(500);
	expect(response.headers.get('content-type')).toMatch(/^application\/json/);
	const body = (await response.json()) as { error?: string };
	expect(body.error).toMatch(/Prompt/);
	// Refused before any request: nothing was sent to the service.
	expect(emulator.requests({ token: TOKEN }).length).toBe(requestsBefore);
}, 120_000);

it('the scheduled batch fires by itself and writes its three images', async () => {
	const outputDir = path.join(workDir.path, EXAMPLE_OUTPUT);
	const deadline = Date.now() + 90_000;
	let images: Awaited<ReturnType<typeof decodeImages>> = [];
	for (;;) {
		try {
			images = await decodeImages(outputDir, '15-');
			if (images.length >= 3) break;
		} catch (error) {
			// n8n's file write creates a file before it fills it: one caught half written is read
			// again a second later, and only an image still unreadable at the deadline fails.
			if (Date.now() >= deadline) throw error;
		}
		if (Date.now() >= deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
	expect(images.slice(0, 3).map(({ format, width, height }) => [format, width, height])).toEqual([
		['jpeg', 768, 512],
		['jpeg', 768, 512],
		['jpeg', 768, 512],
	]);
	expect(emulator.requests({ token: TOKEN }).filter((r) => r.path === '/generate/sd').length).toBeGreaterThanOrEqual(3);
}, 120_000);
