import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { imageItem, picture, runEngineNode, useEmulator } from './helpers.cts';
import { requestsSince, runPlatformNode, trainingItems, uniqueName } from './platform-helpers.cts';

// Every image input also takes an http(s) URL, a data URI or a base64 string. URLs are fetched
// from a loopback server of the test's own, which records what each request carried.
const env = useEmulator({ assetReadyMs: 20, tuneStepMs: 50 });

interface ImageServer {
	url(path: string): string;
	seen: Array<{ path: string; headers: IncomingHttpHeaders }>;
	close(): Promise<void>;
}

async function serveImages(files: Record<string, { body: Buffer; type: string }>): Promise<ImageServer> {
	const seen: ImageServer['seen'] = [];
	const server: Server = createServer((req, res) => {
		seen.push({ path: req.url ?? '', headers: req.headers });
		const file = files[req.url ?? ''];
		if (!file) {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file');
			return;
		}
		res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length }).end(file.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: (path) => `http://127.0.0.1:${port}${path}`,
		seen,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function lastBody() {
	const requests = env.generateRequests();
	return requests[requests.length - 1].body as Record<string, unknown>;
}

const dataUri = (bytes: Buffer, type = 'image/png') => `data:${type};base64,${bytes.toString('base64')}`;

let photo: Buffer;
let edges: Buffer;
let server: ImageServer;

beforeAll(async () => {
	photo = await picture(1024, 1024, 'jpeg');
	edges = await picture(1024, 1024, 'png', { r: 0, g: 0, b: 0 });
	server = await serveImages({
		'/photo.jpg': { body: photo, type: 'image/jpeg' },
		'/edges.png': { body: edges, type: 'image/png' },
		'/notes.txt': { body: Buffer.from('not an image'), type: 'text/plain' },
	});
});
afterAll(async () => await server.close());

describe('images from URLs, data URIs and base64', () => {
	it('image to image fetches an http URL without the OctoAI token and sends the bytes', async () => {
		const before = server.seen.length;
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'a watercolor',
			mode: 'imageToImage',
			inputImage: server.url('/photo.jpg'),
			strength: 0.5,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(lastBody().init_image).toBe(photo.toString('base64'));
		const fetched = server.seen.slice(before);
		expect(fetched.map((r) => r.path)).toEqual(['/photo.jpg']);
		expect(fetched[0].headers.authorization).toBeUndefined();
		expect(JSON.stringify(fetched[0].headers)).not.toContain(env.token);
	});

	it('takes a data URI for the init image and plain base64 for the mask', async () => {
		const mask = await picture(512, 512, 'png', { r: 255, g: 255, b: 255 });
		const init = await picture(512, 512, 'png');
		const result = await runEngineNode(env, 'octoAiSd15', {
			prompt: 'a red door',
			mode: 'inpainting',
			inputImage: dataUri(init),
			maskImage: mask.toString('base64'),
		});
		expect(result.error).toBeUndefined();
		expect(lastBody()).toMatchObject({ init_image: init.toString('base64'), mask_image: mask.toString('base64') });
	});

	it('takes a URL as ControlNet image and URLs and data URIs as photo-merge photos', async () => {
		const control = await runEngineNode(env, 'octoAiControlNetSdxl', { prompt: 'a house', controlImage: server.url('/edges.png') });
		expect(control.error).toBeUndefined();
		expect(lastBody().controlnet_image).toBe(edges.toString('base64'));

		const face = await picture(512, 512, 'png', { r: 200, g: 150, b: 120 });
		const merge = await runEngineNode(
			env,
			'octoAiSdxl',
			{
				prompt: 'sks person on a beach',
				mode: 'photoMerge',
				transferImages: { entries: [{ triggerWord: 'sks person', binaryFields: `${server.url('/photo.jpg')}, ${dataUri(face)}, data` }] },
			},
			{ inputItems: [await imageItem({ data: face })] },
		);
		expect(merge.error).toBeUndefined();
		expect(lastBody().transfer_images).toEqual({
			'sks person': [photo.toString('base64'), face.toString('base64'), face.toString('base64')],
		});
	});

	it('applies the size and format checks, and quotes only a short prefix of the value', async () => {
		const sent = env.generateRequests().length;
		// A 300 KB data URI that is not an image: refused, and the message stays short.
		const notImage = dataUri(Buffer.alloc(300_000, 7), 'image/gif');
		const wrong = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: notImage }, { continueOnFail: true });
		expect(wrong.items[0].json.error).toBe('Input Image: the image given inline of item 0 is not a PNG, JPEG or WebP image');

		const text = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'x', mode: 'imageToImage', inputImage: server.url('/notes.txt') },
			{ continueOnFail: true },
		);
		expect(text.items[0].json.error).toBe(`Input Image: the image at "${server.url('/notes.txt')}" of item 0 is not a PNG, JPEG or WebP image`);

		const big = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'x', mode: 'imageToImage', inputImage: server.url('/photo.jpg'), options: { maxInputImageMB: 0.002 } },
			{ continueOnFail: true },
		);
		expect(big.items[0].json.error).toBe(`Input Image: the image of item 0 from "${server.url('/photo.jpg')}" is larger than the limit of 2 KB; the download was stopped`);

		const missing = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: server.url('/gone.png') }, { continueOnFail: true });
		expect(missing.items[0].json.error).toBe(`Input Image: could not download the image of item 0 from "${server.url('/gone.png')}" (HTTP 404)`);

		const longUrl = `${server.url('/')}${'a'.repeat(5000)}.png`;
		const long = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: longUrl }, { continueOnFail: true });
		expect(String(long.items[0].json.error).length).toBeLessThan(200);
		expect(long.items[0].json.error).toContain(`(${longUrl.length} characters)`);

		const badBase64 = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: 'data:image/png;base64,%%%' }, { continueOnFail: true });
		expect(badBase64.items[0].json.error).toBe('Input Image: "data:image/png;base64,%%%" is not valid base64 in item 0');
		// Nothing billable was sent for any of them.
		expect(env.generateRequests().length).toBe(sent);
	});

	it('fine-tuning takes training images from URLs and data URIs; the asset library uploads from a data URI', async () => {
		const before = env.emulator.log.length;
		const [item] = await trainingItems(1);
		const tune = await runPlatformNode(
			env,
			'octoAiFineTuning',
			{
				operation: 'create',
				tuneName: uniqueName('dog'),
				triggerWord: 'sks dog',
				binaryPropertyName: `${server.url('/edges.png')}, ${dataUri(photo, 'image/jpeg')}`,
				waitForCompletion: false,
				options: { pollInterval: 0.1 },
			},
			{ inputItems: [item] },
		);
		expect(tune.error).toBeUndefined();
		const uploads = requestsSince(env, before, { method: 'PUT', path: /^\/_uploads\// });
		expect(uploads).toHaveLength(2);

		const upload = await runPlatformNode(env, 'octoAiAssetLibrary', {
			operation: 'upload',
			assetName: uniqueName('pic'),
			assetType: 'file',
			binaryPropertyName: dataUri(edges),
			options: { pollInterval: 0.1 },
		});
		expect(upload.error).toBeUndefined();
		expect(upload.items[0].json).toMatchObject({ status: 'ready' });
	});
});

describe('image URLs from a server that misbehaves, or that asks for a password', () => {
	let written = 0;
	let finished = false;
	let requests = 0;
	let slowClosedAt = 0;
	let trickle: Server;
	let base = '';
	beforeAll(async () => {
		trickle = createServer((req, res) => {
			requests++;
			if (req.url === '/huge.png') {
				// 60 MB, written as fast as the client reads it: the node must stop reading at its limit.
				const chunk = Buffer.alloc(1024 * 1024, 1);
				res.writeHead(200, { 'content-type': 'image/png' });
				let left = 60;
				const more = () => {
					while (left > 0) {
						left--;
						written += chunk.length;
						if (!res.write(chunk)) return void res.once('drain', more);
					}
					finished = true;
					res.end();
				};
				res.on('close', () => (left = 0));
				more();
				return;
			}
			if (req.url === '/slow.png') {
				// A byte now and then: never done.
				res.writeHead(200, { 'content-type': 'image/png' });
				res.write(photo.subarray(0, 1));
				const timer = setInterval(() => res.write(photo.subarray(1, 2)), 1000);
				res.on('close', () => {
					clearInterval(timer);
					slowClosedAt = Date.now();
				});
				return;
			}
			res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': photo.length }).end(photo);
		});
		await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		trickle.closeAllConnections();
		await new Promise<void>((resolve) => trickle.close(() => resolve()));
	});

	it('a 60 MB answer to a 1 MB limit: the download stops at the limit, not after 60 MB', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: `${base}/huge.png`, options: { maxInputImageMB: 1 } });
		expect(result.error!.message).toBe(`Input Image: the image of item 0 from "${base}/huge.png" is larger than the limit of 1.0 MB; the download was stopped`);
		expect(finished).toBe(false);
		expect(written).toBeLessThan(30 * 1024 * 1024);
	});

	it('Stop during a download that trickles ends the download at once', async () => {
		const controller = new AbortController();
		let stoppedAt = 0;
		setTimeout(() => {
			stoppedAt = Date.now();
			controller.abort();
		}, 1500);
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: `${base}/slow.png` }, { signal: controller.signal });
		expect(result.status).toBe('canceled');
		// The connection is closed by the node, not left to trickle on.
		for (let waited = 0; !slowClosedAt && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(slowClosedAt - stoppedAt).toBeGreaterThanOrEqual(0);
		expect(slowClosedAt - stoppedAt).toBeLessThan(2000);
	});

	it('a URL with user:password@ is refused before anything is fetched, and the password is shown nowhere', async () => {
		const before = requests;
		const sent = env.generateRequests().length;
		const url = `http://alice:s3cretpw@${base.slice('http://'.length)}/photo.jpg`;
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: url }, { continueOnFail: true });
		expect(result.items[0].json.error).toBe(`Input Image: the URL "http://[redacted]@${base.slice('http://'.length)}/photo.jpg" of item 0 carries a user name or password (user:…@host)`);
		expect(JSON.stringify(result.run.data)).not.toContain('s3cretpw');
		expect(requests).toBe(before);
		expect(env.generateRequests()).toHaveLength(sent);
	});

	it('a URL whose file name is not valid %-encoding is read all the same', async () => {
		const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: `${base}/a%E0%A4%A.jpg` });
		expect(result.error).toBeUndefined();
		expect(lastBody().init_image).toBe(photo.toString('base64'));
	});

	it('an image cut off (a PNG, a JPEG, a WebP) is refused before any request; for Fine-Tuning before any upload', async () => {
		const sent = env.generateRequests().length;
		for (const format of ['png', 'jpeg', 'webp'] as const) {
			const whole = await picture(256, 256, format);
			const result = await runEngineNode(env, 'octoAiSdxl', { prompt: 'x', mode: 'imageToImage', inputImage: dataUri(whole.subarray(0, whole.length - 40)) }, { continueOnFail: true });
			expect(result.items[0].json.error).toMatch(/^Input Image: the image given inline of item 0 is cut off: its (PNG|JPEG|WebP|it is)|^Input Image: the image given inline of item 0 is cut off: it is \d+ bytes/);
		}
		expect(env.generateRequests()).toHaveLength(sent);
		const before = env.emulator.log.length;
		const items = await trainingItems(2);
		const whole = await picture(256, 256, 'png');
		const tune = await runPlatformNode(env, 'octoAiFineTuning', { operation: 'create', tuneName: uniqueName('cut'), triggerWord: 'sks', binaryPropertyName: dataUri(whole.subarray(0, 100)) }, { inputItems: items });
		expect(tune.error!.message).toMatch(/^Input Binary Fields: the image given inline of item 0 is cut off: its PNG chunk "IDAT" runs past the end of the file$/);
		expect(env.emulator.log.slice(before).filter((entry) => entry.method !== 'GET')).toEqual([]);
	});
});
