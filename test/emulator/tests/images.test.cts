// Generated images: real PNG/JPEG, deterministic, and visibly derived from the request and its input images.
import { startEmulator, type Emulator } from '../index.cts';
import { correlation, decode, generate, lumaOf, makeImage, meanAbsDiff } from '../test-helpers.cts';

let emulator: Emulator;
beforeAll(async () => {
	emulator = await startEmulator({ safetyWord: 'nsfw' });
});
afterAll(() => emulator.close());

const prompt = 'a lighthouse on a cliff at dawn';
// Pixel comparisons need lossless images; the service's own default is JPEG (tested below).
const ok = async (engine: string, body: Record<string, unknown>, encoding: Record<string, unknown> = { image_encoding: 'png' }) => {
	const res = await generate(emulator, engine, { ...encoding, ...body });
	if (res.status !== 200) throw new Error(`${res.status} ${res.text}`);
	return res.json as { images: Array<{ image_b64: string | null; seed: number; removed_for_safety: boolean; safety_score: number }>; prediction_time_ms: number };
};

describe('determinism and seeds', () => {
	test('the same body gives byte-identical images', async () => {
		const body = { prompt, seed: 1234, steps: 20 };
		const [a, b] = [await ok('sd', body), await ok('sd', body)];
		expect(a.images[0].image_b64).toBe(b.images[0].image_b64);
	});

	test('another seed or prompt gives another image', async () => {
		const base = (await ok('sd', { prompt, seed: 1 })).images[0].image_b64;
		expect((await ok('sd', { prompt, seed: 2 })).images[0].image_b64).not.toBe(base);
		expect((await ok('sd', { prompt: `${prompt}, storm`, seed: 1 })).images[0].image_b64).not.toBe(base);
		expect((await ok('sd', { prompt, seed: 1, sampler: 'K_EULER' })).images[0].image_b64).not.toBe(base);
	});

	test('without a seed, the seed is derived from the request and reproduces', async () => {
		const [a, b] = [await ok('sd', { prompt }), await ok('sd', { prompt })];
		expect(a.images[0].seed).toBe(b.images[0].seed);
		expect(a.images[0].seed).toBeGreaterThan(0);
		expect(a.images[0].seed).toBeLessThan(2 ** 32);
		const again = await ok('sd', { prompt, seed: a.images[0].seed });
		expect(again.images[0].image_b64).toBe(a.images[0].image_b64);
		expect((await ok('sd', { prompt: 'something else' })).images[0].seed).not.toBe(a.images[0].seed);
	});

	test('num_images gives distinct seeds and distinct images', async () => {
		const res = await ok('sd', { prompt, num_images: 3, seed: 500 });
		expect(res.images.map((i) => i.seed)).toEqual([500, 501, 502]);
		expect(new Set(res.images.map((i) => i.image_b64)).size).toBe(3);
	});

	test('a seed list is honoured entry by entry; null entries get derived seeds', async () => {
		const res = await ok('sd', { prompt, num_images: 3, seed: [77, null, 9] });
		expect(res.images[0].seed).toBe(77);
		expect(res.images[2].seed).toBe(9);
		expect([77, 9]).not.toContain(res.images[1].seed);
		// An image depends on its own seed only, not on how many were asked for.
		const single = await ok('sd', { prompt, seed: 9 });
		expect(res.images[2].image_b64).toBe(single.images[0].image_b64);
	});
});

describe('encoding and size', () => {
	test.each([
		['sd', {}, 'jpeg', 512, 512],
		['sd', { image_encoding: 'png', width: 768, height: 512 }, 'png', 768, 512],
		['sdxl', { width: 832, height: 1216 }, 'jpeg', 832, 1216],
		['sdxl', { image_encoding: 'png' }, 'png', 1024, 1024],
		['flux-schnell', { width: 1024, height: 576, image_encoding: 'png' }, 'png', 1024, 576],
	])('%s %j -> %s %dx%d (JPEG unless PNG is asked, as the export says)', async (engine, extra, format, width, height) => {
		const res = await ok(engine, { prompt, ...extra }, {});
		const bytes = Buffer.from(res.images[0].image_b64!, 'base64');
		const magic = format === 'png' ? '89504e470d0a1a0a' : 'ffd8ff';
		expect(bytes.subarray(0, magic.length / 2).toString('hex')).toBe(magic);
		const decoded = await decode(res.images[0].image_b64!);
		expect([decoded.format, decoded.width, decoded.height]).toEqual([format, width, height]);
	});

	test('PNG and JPEG show the same picture', async () => {
		const png = await decode((await ok('sd', { prompt, seed: 3 })).images[0].image_b64!);
		const jpeg = await decode((await ok('sd', { prompt, seed: 3, image_encoding: 'jpeg' })).images[0].image_b64!);
		expect(meanAbsDiff(png.data, jpeg.data)).toBeLessThan(4);
	});

	test('the caption is drawn in the bottom band in the header colour', async () => {
		const { data, width, height } = await decode((await ok('sd', { prompt, seed: 3 })).images[0].image_b64!);
		let header = 0;
		for (let y = Math.floor(height * 0.8); y < height; y++) {
			for (let x = 0; x < width; x++) {
				const at = (y * width + x) * 3;
				if (data[at] === 255 && data[at + 1] === 220 && data[at + 2] === 120) header++;
			}
		}
		expect(header).toBeGreaterThan(500);
	});

	test('the response has the documented fields', async () => {
		const res = await generate(emulator, 'sd', { prompt });
		expect(Object.keys(res.json).sort()).toEqual(['images', 'prediction_time_ms']);
		expect(Object.keys(res.json.images[0]).sort()).toEqual(['image_b64', 'removed_for_safety', 'safety_score', 'seed']);
		expect(res.json.images[0].removed_for_safety).toBe(false);
		expect(res.json.images[0].safety_score).toBeLessThan(0.5);
		expect(res.headers.get('x-user-request-id')).toMatch(/^emu-\d+$/);
	});
});

describe('input images shape the output', () => {
	const size = 512;
	let init: string;
	let initPixels: Buffer;
	beforeAll(async () => {
		init = await makeImage(size, size, (x, y) => [(x * 7) % 256, (y * 3) % 256, ((x + y) * 5) % 256]);
		initPixels = (await decode(init)).data;
	});

	test('img2img: the distance to the init image grows with strength', async () => {
		const strengths = [0.1, 0.4, 0.7, 1];
		const distances: number[] = [];
		for (const strength of strengths) {
			const out = await decode((await ok('sd', { prompt, seed: 5, init_image: init, strength })).images[0].image_b64!);
			distances.push(meanAbsDiff(out.data, initPixels));
		}
		expect(distances[0]).toBeGreaterThan(0);
		for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeGreaterThan(distances[i - 1]);
		// result = init * (1 - s) + generated * s, so the distance is proportional to s.
		strengths.forEach((s, i) => expect(distances[i] / s).toBeCloseTo(distances[3], -0.5));
	});

	test('img2img: the init image is resized to width x height', async () => {
		const small = await makeImage(40, 30, () => [200, 10, 10]);
		const out = await decode((await ok('sd', { prompt, init_image: small, strength: 0.2, width: 768, height: 512 })).images[0].image_b64!);
		expect([out.width, out.height]).toEqual([768, 512]);
		const centre = ((256 * 768) + 384) * 3;
		expect(out.data[centre]).toBeGreaterThan(out.data[centre + 1] + 60); // still mostly red
	});

	test('inpainting: pixels under black mask stay exactly the init; white area is generated', async () => {
		const mask = await makeImage(size, size, (x) => (x < size / 2 ? [0, 0, 0] : [255, 255, 255]));
		const out = await decode((await ok('sd', { prompt, seed: 8, init_image: init, mask_image: mask, strength: 1 })).images[0].image_b64!);
		let keptDiff = 0;
		let paintedSame = 0;
		for (let y = 0; y < size; y++) {
			for (let x = 0; x < size; x++) {
				for (let c = 0; c < 3; c++) {
					const at = (y * size + x) * 3 + c;
					if (x < size / 2) keptDiff += Math.abs(out.data[at] - initPixels[at]);
					else if (out.data[at] === initPixels[at]) paintedSame++;
				}
			}
		}
		expect(keptDiff).toBe(0);
		expect(paintedSame / (size * size * 1.5)).toBeLessThan(0.1);
		// The caption moves into the repainted area, where it may draw.
		let caption = 0;
		for (let at = 0; at < out.data.length; at += 3) if (out.data[at] === 255 && out.data[at + 1] === 220 && out.data[at + 2] === 120) caption++;
		expect(caption).toBeGreaterThan(100);
	});

	test('inpainting: a mask of another size is resized; black still keeps the init', async () => {
		const mask = await makeImage(64, 64, (_x, y) => (y < 32 ? [0, 0, 0] : [255, 255, 255]));
		const out = await decode((await ok('sd', { prompt, init_image: init, mask_image: mask })).images[0].image_b64!);
		const top = out.data.subarray(0, size * 200 * 3);
		expect(meanAbsDiff(top, initPixels.subarray(0, size * 200 * 3))).toBe(0);
		expect(meanAbsDiff(out.data.subarray(size * 300 * 3), initPixels.subarray(size * 300 * 3))).toBeGreaterThan(10);
	});

	test('outpainting: the kept area is exact and the new area takes the picture colours', async () => {
		const canvas = await makeImage(size, size, (x) => (x < 256 ? [30, 160, 40] : [255, 255, 255]));
		const mask = await makeImage(size, size, (x) => (x < 256 ? [0, 0, 0] : [255, 255, 255]));
		const body = { prompt, seed: 4, init_image: canvas, mask_image: mask, strength: 1 };
		const out = await decode((await ok('sd', { ...body, outpainting: true })).images[0].image_b64!);
		const plain = await decode((await ok('sd', body)).images[0].image_b64!);
		expect([out.data[0], out.data[1], out.data[2]]).toEqual([30, 160, 40]);
		const greenness = (img: Buffer) => {
			let g = 0;
			for (let y = 0; y < 400; y++) for (let x = 300; x < size; x++) g += img[(y * size + x) * 3 + 1] - img[(y * size + x) * 3];
			return g;
		};
		expect(greenness(out.data)).toBeGreaterThan(greenness(plain.data));
	});

	test('ControlNet: output brightness follows the control image, more with a larger scale (a ready-made map: preprocess off)', async () => {
		const control = await makeImage(size, size, (x, y) => (Math.floor(x / 64) % 2 === Math.floor(y / 64) % 2 ? [255, 255, 255] : [0, 0, 0]));
		const controlLuma = lumaOf((await decode(control)).data);
		const corr = async (scale: number) => {
			const res = await ok('controlnet-sd15', { prompt, seed: 6, controlnet_image: control, controlnet_conditioning_scale: scale, controlnet_preprocess: false });
			const luma = lumaOf((await decode(res.images[0].image_b64!)).data);
			return correlation(luma.subarray(0, size * 400), controlLuma.subarray(0, size * 400)); // above the caption band
		};
		const [none, half, full] = [await corr(0), await corr(0.5), await corr(1)];
		expect(Math.abs(none)).toBeLessThan(0.2);
		expect(half).toBeGreaterThan(0.5);
		expect(full).toBeGreaterThan(half);
	});

	test('ControlNet with preprocess follows the edges of the control image', async () => {
		const photo = await makeImage(size, size, (x, y) => ((x - 256) ** 2 + (y - 200) ** 2 < 120 ** 2 ? [240, 240, 240] : [20, 20, 20]));
		const res = await ok('controlnet-sd15', { prompt, seed: 6, controlnet_image: photo, controlnet_preprocess: true });
		const { data } = await decode(res.images[0].image_b64!);
		const luma = (x: number, y: number) => lumaOf(data.subarray((y * size + x) * 3, (y * size + x) * 3 + 3))[0];
		// On the circle's edge vs. inside it and outside it.
		expect(luma(376, 200)).toBeGreaterThan(luma(256, 200) + 30);
		expect(luma(376, 200)).toBeGreaterThan(luma(20, 20) + 30);
	});

	test('photo merge: the transfer images show up as an inset and tint the picture', async () => {
		const red = await makeImage(64, 64, () => [230, 20, 20]);
		const body = { prompt: 'portrait of sks person', seed: 11 };
		const merged = await decode((await ok('sd', { ...body, transfer_images: { sks: [red, red] } })).images[0].image_b64!);
		const plain = await decode((await ok('sd', body)).images[0].image_b64!);
		const redness = (img: Buffer) => {
			let r = 0;
			for (let p = 0; p < img.length; p += 3) r += img[p] - img[p + 1];
			return r / (img.length / 3);
		};
		expect(redness(merged.data)).toBeGreaterThan(redness(plain.data) + 20);
		// Inset near the top-right corner: pure transfer-image red.
		const at = (20 * size + (size - 20)) * 3;
		expect([merged.data[at], merged.data[at + 1], merged.data[at + 2]]).toEqual([230, 20, 20]);
	});
});

describe('safety', () => {
	test('the safety word removes every image', async () => {
		const res = await ok('sd', { prompt: 'Something NSFW here', num_images: 2, seed: 10 });
		for (const image of res.images) {
			expect(image).toMatchObject({ image_b64: null, removed_for_safety: true });
			expect(image.safety_score).toBeGreaterThanOrEqual(0.9);
		}
		expect(res.images.map((i) => i.seed)).toEqual([10, 11]);
	});

	test('the safety word is configurable', async () => {
		const other = await startEmulator({ safetyWord: 'forbidden' });
		try {
			const flagged = await generate(other, 'sd', { prompt: 'a Forbidden fruit' });
			expect(flagged.json.images[0].removed_for_safety).toBe(true);
			const fine = await generate(other, 'sd', { prompt: 'nsfw is just a word here' });
			expect(fine.json.images[0].removed_for_safety).toBe(false);
		} finally {
			await other.close();
		}
	});
});
