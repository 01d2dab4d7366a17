import { readFileSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, type Emulator } from '../emulator/index.cts';
import { UTILITY_PATH } from '../emulator/routes/utilities.cts';
import { checkProductExample, checkSkyExample, type PixelCheckInput } from './lib/image-tools-checks.cts';
import {
	EXAMPLES_DIR,
	EXAMPLE_OUTPUT,
	createUserFolder,
	decodeImages,
	exampleCredential,
	exampleFileAccessEnv,
	executeWorkflow,
	importCredentials,
	importWorkflowFiles,
	installCommunityPackage,
	loadExamples,
	packThisPackage,
	prepareExampleWorkDir,
	probeVideos,
} from './lib/index.cts';

// Every example of examples/, imported as a user would (the files as they are, plus the credential
// they name) into the real n8n app, run with `n8n execute --id`, and judged by the images on disk.

const TOKEN = 'e2e-examples-token';
// Request bodies are compared with their images shortened (see `shortenImages`), so a failure prints
// a readable diff instead of megabytes of base64.
const b64 = expect.stringMatching(/^<base64 of \d+ chars>$/);

type Image = [format: string, width: number, height: number];
/** A video as ffprobe reads it from disk: codec, size, frames counted by decoding, duration in seconds. */
type Video = [codec: string, width: number, height: number, frames: number, seconds: number];

/** What each example must leave on disk and send to the API. */
interface Expected {
	images: Image[];
	/** Paths of the API requests, in the order they were sent (sorted where items go in parallel). */
	requests: string[];
	/** The request bodies, matched in the same order. */
	bodies: Array<Record<string, unknown>>;
	/** Other API calls it must make with success, as method and path pattern (an upload before generating). */
	calls?: Array<[method: string, path: RegExp]>;
	/** Checks of the written images' pixels and the images the requests carried. */
	pixels?: (input: PixelCheckInput) => Promise<void>;
	videos?: Video[];
	/** Other files it writes (JSON notes), by name. */
	files?: string[];
	/** Items whose requests go out in parallel: compared sorted by seed. */
	parallel?: boolean;
	/**
	 * Wait Mode "Asynchronous" for every generation (true) or for those at these paths (the video node
	 * by default): each is a 201 to X-OctoAI-Async, then polls and one result read; the others a 200.
	 */
	async?: true | string[];
}

const sdxl = '/generate/sdxl';
const EXPECTED: Record<string, Expected> = {
	'01': {
		images: [
			['png', 1152, 896],
			['png', 1152, 896],
		],
		requests: [sdxl],
		bodies: [{ width: 1152, height: 896, num_images: 2, seed: [1001, 1002], style_preset: 'cinematic' }],
	},
	'02': {
		images: [['png', 512, 512]],
		requests: [sdxl, '/generate/sd'],
		bodies: [{ seed: 2024 }, { width: 512, height: 512, init_image: b64, strength: 0.55, seed: 7 }],
	},
	'03': {
		images: [['png', 1024, 1024]],
		requests: [sdxl],
		bodies: [{ init_image: b64, mask_image: b64, strength: 0.9 }],
	},
	'04': {
		images: [['png', 1216, 832]],
		requests: [sdxl],
		bodies: [{ width: 1216, height: 832, init_image: b64, mask_image: b64, outpainting: true }],
	},
	'05': {
		images: [['png', 1024, 1024]],
		requests: [sdxl],
		bodies: [{ transfer_images: { 'sks person': [b64, b64] } }],
	},
	'06': {
		images: [
			['png', 1024, 1024],
			['jpeg', 1024, 1024],
		],
		requests: [sdxl, sdxl],
		bodies: [
			{
				checkpoint: 'octoai:RealVisXL',
				loras: { 'octoai:crayon-style': 0.8, 'octoai:add-detail': 0.4 },
				textual_inversions: { 'octoai:NegativeXL': 'negativexl' },
				negative_prompt: expect.stringContaining('negativexl'),
			},
			{ checkpoint: 'octoai:lightning_sdxl', steps: 8, cfg_scale: 3, image_encoding: 'jpeg' },
		],
	},
	'07': {
		images: [['png', 1024, 1024]],
		requests: ['/generate/controlnet-sdxl'],
		bodies: [{ controlnet: 'octoai:canny_sdxl', controlnet_image: b64, controlnet_conditioning_scale: 0.9 }],
	},
	'08': {
		images: Array.from({ length: 5 }, (): Image => ['jpeg', 640, 512]),
		requests: Array.from({ length: 5 }, () => '/generate/sd'),
		bodies: [800, 801, 802, 803, 804].map((seed) => ({ seed, width: 640, height: 512, image_encoding: 'jpeg' })),
		parallel: true,
	},
	'09': {
		images: [['png', 1024, 1024]],
		requests: [sdxl],
		bodies: [{ loras: { 'watercolor-style-demo': 0.8 }, seed: 91 }],
		calls: [
			['POST', /^\/v1\/assets$/],
			['PUT', /^\/_uploads\//],
			['POST', /^\/v1\/assets\/[^/]+\/complete-upload$/],
		],
	},
	'10': {
		images: [
			['png', 1344, 768],
			['jpeg', 768, 1024],
		],
		requests: ['/generate/flux-dev', '/generate/flux-schnell'],
		bodies: [
			{ width: 1344, height: 768, seed: 1010, steps: 28, cfg_scale: 3.5 },
			{ width: 768, height: 1024, seed: 1011, steps: 4, image_encoding: 'jpeg' },
		],
	},
	'11': {
		images: [
			['png', 1216, 832],
			['png', 1216, 832],
		],
		requests: ['/generate/sd3'],
		bodies: [{ width: 1216, height: 832, num_images: 2, seed: [1101, 1102], negative_prompt: 'blurry, photo', cfg_scale: 7 }],
	},
	'41': {
		images: [['png', 1152, 896]],
		requests: ['/segment', sdxl],
		bodies: [
			{ image_b64: b64, prompt: 'sky' },
			{ init_image: b64, mask_image: b64, width: 1152, height: 896, strength: 1, seed: 41 },
		],
		pixels: checkSkyExample,
	},
	'16': {
		images: [['png', 1152, 896]],
		requests: [sdxl],
		// 1152x896 + 25% a side is 1728x1344, SDXL's 1152x896 again: the photo at 768x597 in the middle.
		bodies: [{ width: 1152, height: 896, init_image: b64, mask_image: b64, outpainting: true, seed: 16 }],
	},
	'17': {
		images: [['png', 896, 1152]],
		requests: [sdxl],
		// The 3:4 phone photo at SDXL's nearest resolution instead of the default 1024x1024.
		bodies: [{ width: 896, height: 1152, init_image: b64, strength: 0.45, seed: 17 }],
	},
	'18': {
		images: [['png', 512, 512]],
		requests: ['/generate/sd'],
		bodies: [{ width: 512, height: 512, init_image: b64, mask_image: b64, strength: 1, seed: 18 }],
	},
	'42': {
		images: [['png', 1536, 1536]],
		requests: ['/background-removal', '/creative-generator', '/upscaling'],
		bodies: [
			{ init_image: b64, driver: 'birefnet', only_mask: false },
			{ product_image_b64: b64, target_product_height_px: 400, width: 1024, height: 1024, seed: 42 },
			{ init_image: b64, scale: 1.5, output_image_encoding: 'png' },
		],
		pixels: checkProductExample,
	},
	'30': {
		images: Array.from({ length: 6 }, (): Image => ['jpeg', 1216, 832]),
		requests: [sdxl, sdxl, sdxl],
		bodies: [0, 1, 2].map((n) => ({
			width: 1216,
			height: 832,
			num_images: 2,
			seed: [3000 + n * 10, 3001 + n * 10],
			image_encoding: 'jpeg',
		})),
		async: true,
		parallel: true,
	},
	// The scheduled batch, started by hand as the editor's "Execute workflow" does (triggers.test.cts
	// lets its schedule fire by itself).
	'15': {
		images: Array.from({ length: 3 }, (): Image => ['jpeg', 768, 512]),
		requests: Array.from({ length: 3 }, () => '/generate/sd'),
		bodies: Array.from({ length: 3 }, () => ({ width: 768, height: 512, image_encoding: 'jpeg' })),
	},
};

// The SDXL node waits synchronously, the video node asynchronously (its default).
EXPECTED['12'] = {
	images: [],
	videos: [['h264', 1024, 576, 25, 2.5]],
	requests: [sdxl, '/generate/svd'],
	async: ['/generate/svd'],
	bodies: [
		{ width: 1344, height: 768, seed: 1010 },
		{ image: b64, motion_scale: 0.8, fps: 10, num_videos: 1, seed: 77, constant_rate_factor: 23 },
	],
};
// Only the node within budget sends requests: 3 items x 2 images. The refused node's 3 items sent
// nothing (the log would hold 6 requests), and its refusal is written as JSON.
EXPECTED['13'] = {
	images: Array.from({ length: 6 }, (): Image => ['png', 512, 512]),
	requests: ['/generate/sd', '/generate/sd', '/generate/sd'],
	bodies: [1100, 1110, 1120].map((seed) => ({ seed, num_images: 2, width: 512, height: 512 })),
	files: ['13-refused-run.json'],
	parallel: true,
};

// Webhook-started examples run published in `n8n start` (triggers.test.cts), not with `n8n execute`.
const examples = loadExamples().filter((example) => example.runsFromCli);
let emulator: Emulator;
let userFolder: ReturnType<typeof createUserFolder>;
let workDir: ReturnType<typeof createUserFolder>;
let outputDir: string;

beforeAll(async () => {
	userFolder = createUserFolder();
	workDir = createUserFolder('octoai-examples-');
	prepareExampleWorkDir(workDir.path);
	outputDir = path.join(workDir.path, EXAMPLE_OUTPUT);
	await installCommunityPackage(userFolder.path, await packThisPackage(path.join(workDir.path, 'pack')));
	emulator = await startEmulator({ tokens: [TOKEN], quiet: true });
	await importCredentials(userFolder.path, [exampleCredential(TOKEN, emulator.url)]);
	await importWorkflowFiles(userFolder.path, EXAMPLES_DIR);
}, 600_000);

afterAll(async () => {
	await emulator?.close();
	userFolder?.remove();
	workDir?.remove();
});

it('every example file has its expectations here', () => {
	// Sorted: an object lists integer-like keys ("10") before the others ("01").
	expect(examples.map((example) => example.number)).toEqual(Object.keys(EXPECTED).sort());
});

describe.each(examples.map((example) => [example.file, example] as const))('%s', (_file, example) => {
	it('runs in n8n and writes its images to demo-output/', async () => {
		const expected = EXPECTED[example.number];
		const prefix = `${example.number}-`;
		for (const file of readdirSync(outputDir).filter((name) => name.startsWith(prefix))) {
			rmSync(path.join(outputDir, file));
		}
		emulator.clearLog();

		const result = await executeWorkflow(userFolder.path, example.id, {
			cwd: workDir.path,
			env: exampleFileAccessEnv(workDir.path),
		});
		expect({ status: result.status, error: result.errorMessage }).toEqual({ status: 'success', error: undefined });

		const images = await decodeImages(outputDir, prefix);
		expect(images.map(({ format, width, height }): Image => [format, width, height])).toEqual(expected.images);
		const videos = await probeVideos(outputDir, prefix);
		expect(videos.map((v): Video => [v.codec, v.width, v.height, v.frames, Math.round(v.durationSeconds * 10) / 10])).toEqual(expected.videos ?? []);
		// Each written file is one item a Write node reports, under the name it was given.
		const writers = Object.keys(result.execution.data.resultData.runData).filter((name) => name.startsWith('Write '));
		const written = writers.flatMap((node) => result.outputOfAllRuns(node).map((item) => path.basename(String(item.json.fileName))));
		const onDisk = readdirSync(outputDir).filter((file) => file.startsWith(prefix));
		expect(written.sort()).toEqual(onDisk.sort());
		expect(onDisk.filter((file) => file.endsWith('.json'))).toEqual(expected.files ?? []);

		// Items generated in parallel (example 08) reach the API in any order; the seeds say which is which.
		const requests = emulator
			.requests({ token: TOKEN })
			.filter((request) => request.path.startsWith('/generate/') || UTILITY_PATH.test(request.path));
		const inOrder =
			expected.parallel ? [...requests].sort((a, b) => seedOf(a.body) - seedOf(b.body)) : requests;
		const isAsync = (requestPath: string) => expected.async === true || (expected.async ?? []).includes(requestPath);
		expect(inOrder.map((request) => [request.path, request.status])).toEqual(
			expected.requests.map((requestPath) => [requestPath, isAsync(requestPath) ? 201 : 200]),
		);
		expect(inOrder.map((request) => request.headers['x-octoai-async'])).toEqual(
			expected.requests.map((requestPath) => (isAsync(requestPath) ? '1' : undefined)),
		);
		const log = emulator.requests({ token: TOKEN });
		const polls = log.filter((request) => request.path.startsWith('/v1/requests/'));
		const results = log.filter((request) => request.path.startsWith('/v1/responses/'));
		// One result read per asynchronous request, each after at least one poll on the credential's async base.
		const asyncCount = expected.requests.filter(isAsync).length;
		expect(new Set(results.map((request) => request.path)).size).toBe(asyncCount);
		expect(results.map((request) => [request.method, request.status])).toEqual(Array.from({ length: asyncCount }, () => ['GET', 200]));
		expect(polls.length).toBeGreaterThanOrEqual(asyncCount);
		expect(new Set(polls.map((request) => request.path.slice('/v1/requests/'.length)))).toEqual(
			new Set(results.map((request) => request.path.slice('/v1/responses/'.length))),
		);
		expect(polls.every((request) => request.method === 'GET' && request.status === 200)).toBe(true);
		// Each result read comes after its request's last poll.
		for (const result of results) {
			const id = result.path.slice('/v1/responses/'.length);
			const lastPoll = polls.filter((request) => request.path === `/v1/requests/${id}`).at(-1)!;
			expect(log.indexOf(result)).toBeGreaterThan(log.indexOf(lastPoll));
		}
		expect(inOrder.map((request) => shortenImages(request.body))).toEqual(
			expected.bodies.map((body) => expect.objectContaining(body)),
		);
		const made = emulator.requests().map((r) => [r.method, r.path, r.status !== null && r.status >= 200 && r.status < 300]);
		for (const [method, pattern] of expected.calls ?? []) {
			expect(made).toContainEqual([method, expect.stringMatching(pattern), true]);
		}
		await expected.pixels?.({ outputDir, files: images.map((image) => image.file), requests: inOrder });
	});
});

describe('the spending guard example (13)', () => {
	it('carries the estimate on every generated item, and writes the refusal naming the limit and the estimate', async () => {
		const example = examples.find((e) => e.number === '13')!;
		const result = await executeWorkflow(userFolder.path, example.id, { cwd: workDir.path, env: exampleFileAccessEnv(workDir.path) });
		expect(result.status).toBe('success');
		for (const item of result.outputOfAllRuns('Within Budget (max $0.01)')) {
			expect(item.json).toMatchObject({ estimated_cost_usd: 0.0015, price_basis: expect.stringContaining('$0.0015 per 512x512 SD 1.5 image at 30 steps') });
		}
		const refusal = JSON.parse(readFileSync(path.join(outputDir, '13-refused-run.json'), 'utf8')) as Array<{ error: string }>;
		expect(refusal.map((item) => item.error)).toEqual(
			Array(3).fill("Max Estimated Cost per Run (USD) is $0.005, but this run's estimate is $0.009 (6 images, 3 items); nothing was sent"),
		);
	});
});

function seedOf(body: unknown): number {
	const seed = (body as { seed?: unknown }).seed;
	return Number(Array.isArray(seed) ? seed[0] : seed);
}

/** The value with every long base64 string (an image) replaced by `<base64 of N chars>`. */
function shortenImages(value: unknown): unknown {
	if (typeof value === 'string') {
		return value.length > 200 && /^[A-Za-z0-9+/]+=*$/.test(value) ? `<base64 of ${value.length} chars>` : value;
	}
	if (Array.isArray(value)) return value.map(shortenImages);
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shortenImages(inner)]));
	}
	return value;
}
