import { readFileSync } from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	EXAMPLE_ASSETS,
	REPO_ROOT,
	buildWorkflow,
	createUserFolder,
	executeWorkflow,
	importCredentials,
	importWorkflow,
	installCommunityPackage,
	isN8nV1,
	manualTrigger,
	octoAiCredential,
	octoAiNode,
	packThisPackage,
	readBinary,
	startFileServer,
	workflowNode,
	type FileServer,
	type OutputItem,
} from './lib/index.cts';

// An engine node's Input Image given as an http URL (fetched from a loopback file server of the
// test's own) and as a data URI, in the real app. n8n 2.41's SSRF protection is off by default and
// in every e2e run (lib/env.cts: the emulator is on loopback too), so the 127.0.0.1 URL is allowed;
// the last test turns it on and sees the URL refused.

const TOKEN = 'e2e-image-sources-token';
const SERVED = readFileSync(path.join(REPO_ROOT, EXAMPLE_ASSETS, 'room.png'));
const INLINE = readFileSync(path.join(REPO_ROOT, EXAMPLE_ASSETS, 'control-house-edges.png'));

let emulator: Emulator;
let files: FileServer;
let userFolder: ReturnType<typeof createUserFolder>;
let packDir: ReturnType<typeof createUserFolder>;
const credential = () => octoAiCredential('e2eImageSources01', 'OctoAI (emulator)', TOKEN, emulator.url);

beforeAll(async () => {
	userFolder = createUserFolder();
	packDir = createUserFolder('octoai-packs-');
	await installCommunityPackage(userFolder.path, await packThisPackage(packDir.path));
	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	files = await startFileServer({ '/room.png': { body: SERVED, type: 'image/png' } });
	await importCredentials(userFolder.path, [credential()]);
}, 600_000);

afterAll(async () => {
	await files?.close();
	await emulator?.close();
	userFolder?.remove();
	packDir?.remove();
});

/** SDXL in Image to Image mode with the given Input Image parameter. */
const imageToImage = (name: string, inputImage: string, seed: string) =>
	octoAiNode(
		name,
		'octoAiSdxl',
		{ prompt: 'a cozy room, watercolor', mode: 'imageToImage', inputImage, strength: 0.6, options: { seed, imageEncoding: 'png' } },
		credential(),
	);

it('takes the Input Image from an http URL (one GET, no token) and from a data URI set by an earlier node', async () => {
	const dataUri = `data:image/png;base64,${INLINE.toString('base64')}`;
	const id = await importWorkflow(
		userFolder.path,
		buildWorkflow(
			'Image sources: URL and data URI',
			[
				manualTrigger(),
				imageToImage('SDXL from URL', files.url('/room.png'), '11'),
				workflowNode(
					'Image as Data URI',
					'n8n-nodes-base.set',
					{ mode: 'raw', jsonOutput: JSON.stringify({ image: dataUri }), options: {} },
					{ typeVersion: 3.4 },
				),
				imageToImage('SDXL from Data URI', '={{ $json.image }}', '12'),
			],
			[
				['Manual Trigger', 'SDXL from URL'],
				['Manual Trigger', 'Image as Data URI'],
				['Image as Data URI', 'SDXL from Data URI'],
			],
		),
	);
	emulator.clearLog();
	const before = files.requests().length;
	const result = await executeWorkflow(userFolder.path, id);

	expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });
	for (const node of ['SDXL from URL', 'SDXL from Data URI']) {
		const items = result.output(node);
		expect(items).toHaveLength(1);
		expect(await decoded(items[0])).toEqual(['png', 1024, 1024]);
	}

	// The API received the very bytes: the served file and the data URI's.
	const sent = emulator.requests({ token: TOKEN }).map((r) => ({ path: r.path, status: r.status, body: r.body as Record<string, unknown> }));
	expect(sent.map((r) => [r.path, r.status, r.body.seed]).sort()).toEqual([
		['/generate/sdxl', 200, 11],
		['/generate/sdxl', 200, 12],
	]);
	expect(sent.find((r) => r.body.seed === 11)?.body.init_image).toBe(SERVED.toString('base64'));
	expect(sent.find((r) => r.body.seed === 12)?.body.init_image).toBe(INLINE.toString('base64'));

	// The file server saw one GET for the URL, without the OctoAI token in any header.
	const fetched = files.requests().slice(before);
	expect(fetched.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/room.png', 200]]);
	expect(fetched[0].headers.authorization).toBeUndefined();
	expect(JSON.stringify(fetched[0].headers)).not.toContain(TOKEN);
});

it('a URL that answers 404 fails the execution with a short message naming the field and the item, before any API call', async () => {
	const missing = files.url('/missing.png');
	const id = await importWorkflow(
		userFolder.path,
		buildWorkflow(
			'Image sources: a missing URL',
			[manualTrigger(), imageToImage('SDXL from URL', missing, '13')],
			[['Manual Trigger', 'SDXL from URL']],
		),
	);
	emulator.clearLog();
	const before = files.requests().length;
	const result = await executeWorkflow(userFolder.path, id);

	expect(result.status).toBe('error');
	expect(result.errorMessage).toBe(`Input Image: could not download the image of item 0 from "${missing}" (HTTP 404)`);
	expect(result.nodeError('SDXL from URL')?.message).toBe(result.errorMessage);
	expect(emulator.requests({ token: TOKEN })).toEqual([]);
	// One GET (a 404 is not retried), again without the token.
	const fetched = files.requests().slice(before);
	expect(fetched.map((r) => [r.method, r.path, r.status])).toEqual([['GET', '/missing.png', 404]]);
	expect(fetched[0].headers.authorization).toBeUndefined();
	expect(JSON.stringify(fetched[0].headers)).not.toContain(TOKEN);
});

// SSRF protection (`N8N_SSRF_PROTECTION_ENABLED`) came with n8n 2.x; 1.x has none to turn on.
const itOnN8nWithSsrfProtection = isN8nV1() ? it.skip : it;
itOnN8nWithSsrfProtection('with n8n\'s SSRF protection on (its default ranges), the loopback URL is refused before it is fetched', async () => {
	const url = files.url('/room.png');
	const id = await importWorkflow(
		userFolder.path,
		buildWorkflow(
			'Image sources: SSRF protection',
			[manualTrigger(), imageToImage('SDXL from URL', url, '14')],
			[['Manual Trigger', 'SDXL from URL']],
		),
	);
	emulator.clearLog();
	const before = files.requests().length;
	const result = await executeWorkflow(userFolder.path, id, { env: { N8N_SSRF_PROTECTION_ENABLED: 'true' } });

	expect(result.status).toBe('error');
	expect(result.errorMessage).toBe(`Input Image: could not download the image of item 0 from "${url}"`);
	// n8n's own reason is the error's description.
	expect(result.nodeError('SDXL from URL')?.description).toBe('The request was blocked because it resolves to a restricted IP address');
	expect(files.requests().slice(before)).toEqual([]);
	expect(emulator.requests({ token: TOKEN })).toEqual([]);
});

async function decoded(item: OutputItem): Promise<[string, number, number]> {
	const { format, width, height } = await sharp(readBinary(userFolder.path, item.binary!.data)).metadata();
	return [String(format), width ?? 0, height ?? 0];
}
