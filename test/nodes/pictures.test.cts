import sharp from 'sharp';

import { decode, imageItem, picture, runEngineNode, useEmulator } from './helpers.cts';
import { cutOut, darkBox, discPhoto } from './picture-helpers.cts';
import { runChain } from './platform-helpers.cts';

/**
 * Fit Input Image, outpainting by distance and masks from transparency (issue 29), through n8n's
 * engine against the emulator, which stretches every input image to the request's width and height
 * as the service does: only a picture fitted by the node keeps its subject undistorted.
 */
const env = useEmulator();

function lastBody() {
	const requests = env.generateRequests();
	return requests[requests.length - 1].body;
}

const sentImage = (field: string) => Buffer.from(lastBody()[field] as string, 'base64');

async function imgToImg(node: 'octoAiSdxl' | 'octoAiSd15', photo: Buffer, options: Record<string, unknown>, extra: Record<string, unknown> = {}) {
	return await runEngineNode(
		env,
		node,
		{ prompt: 'a watercolour', mode: 'imageToImage', inputImage: 'data', strength: 0.1, ...extra, options: { seed: '7', ...options } },
		{ inputItems: [await imageItem({ data: photo })] },
	);
}

describe('Fit Input Image', () => {
	it('Stretch (the default) sends the photo as it is, and the engine distorts its disc', async () => {
		const photo = await discPhoto(1600, 900, 'jpeg');
		const result = await imgToImg('octoAiSdxl', photo, {});
		expect(result.error).toBeUndefined();
		expect(lastBody().init_image).toBe(photo.toString('base64'));
		expect(result.items[0].json.inputImages).toBeUndefined();
		const box = await darkBox((await decode(result, result.items[0])).bytes);
		// 450 px across in a 1600x900 photo stretched to 1024x1024: 288 wide, 512 high.
		expect(box.height / box.width).toBeGreaterThan(1.6);
	});

	it('Crop to Fit keeps a 16:9 photo\'s disc round at 1024x1024 and says what it did', async () => {
		const photo = await discPhoto(1600, 900, 'jpeg');
		const result = await imgToImg('octoAiSdxl', photo, { fitInputImage: 'crop' });
		expect(result.error).toBeUndefined();
		expect(lastBody()).toMatchObject({ width: 1024, height: 1024 });
		const sent = await sharp(sentImage('init_image')).metadata();
		expect([sent.format, sent.width, sent.height]).toEqual(['png', 1024, 1024]);
		const box = await darkBox((await decode(result, result.items[0])).bytes);
		// 900 px high scaled to 1024: the disc's 450 px become 512 both ways, centred.
		expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(4);
		expect(Math.abs(box.width - 512)).toBeLessThanOrEqual(6);
		expect(Math.abs(box.left + box.width / 2 - 512)).toBeLessThanOrEqual(4);
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Input Image', from: '1600x900', to: '1024x1024', how: 'cropped to fit', sentAs: 'PNG' }]);
	});

	it('Pad to Fit with a colour keeps the whole photo, centred, and fills the bands with the colour', async () => {
		const photo = await discPhoto(1600, 900, 'png');
		const result = await imgToImg('octoAiSdxl', photo, { fitInputImage: 'pad', padWith: 'colour', padColour: '#ff0000' });
		expect(result.error).toBeUndefined();
		const { data, info } = await sharp(sentImage('init_image')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		expect([info.width, info.height]).toEqual([1024, 1024]);
		// 1600x900 scaled to 1024x576, centred: bands of 224 rows above and below.
		const at = (x: number, y: number) => [...data.subarray((y * 1024 + x) * 3, (y * 1024 + x) * 3 + 3)];
		expect(at(10, 10)).toEqual([255, 0, 0]);
		expect(at(500, 223)).toEqual([255, 0, 0]);
		expect(at(500, 1023 - 224 + 1)).toEqual([255, 0, 0]);
		expect(at(10, 230)).toEqual([0xe8, 0xe0, 0xd0]);
		const box = await darkBox(sentImage('init_image'));
		expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(3);
		expect(Math.abs(box.top + box.height / 2 - 512)).toBeLessThanOrEqual(3);
	});

	it('Pad to Fit with edge pixels repeats the outermost row', async () => {
		const photo = await discPhoto(900, 1600, 'png', 200, 450, 1400);
		await imgToImg('octoAiSd15', photo, { fitInputImage: 'pad' }, { resolution: '512x512' });
		const { data, info } = await sharp(sentImage('init_image')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		expect([info.width, info.height]).toEqual([512, 512]);
		// 900x1600 scaled to 288x512 at x 112: the columns left and right repeat the photo's edge colour.
		expect([...data.subarray(0, 3)]).toEqual([0xe8, 0xe0, 0xd0]);
	});

	it('Nearest Resolution sends a 12-megapixel phone photo at the closest SDXL size, its disc round', async () => {
		const photo = await discPhoto(4032, 3024, 'jpeg');
		const result = await imgToImg('octoAiSdxl', photo, { fitInputImage: 'nearest' });
		expect(result.error).toBeUndefined();
		// 4:3 = 1.333; SDXL's closest is 1152x896 (1.286).
		expect(lastBody()).toMatchObject({ width: 1152, height: 896 });
		const out = await decode(result, result.items[0]);
		expect([out.width, out.height]).toEqual([1152, 896]);
		const box = await darkBox(out.bytes);
		expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(4);
		expect(Math.abs(box.height - 448)).toBeLessThanOrEqual(6);
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Input Image', from: '4032x3024', to: '1152x896', how: 'scaled to the nearest resolution', sentAs: 'PNG' }]);
	}, 60_000);

	it('fits the control image and, in inpainting, the mask in the same geometry as the input image', async () => {
		const photo = await discPhoto(1600, 900, 'png');
		// The mask marks the disc's square (400..1200 of 1600 across, 225..675 down): after cropping it must still cover the disc.
		const maskImage = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#000000' } })
			.composite([{ input: { create: { width: 112, height: 112, channels: 3, background: '#ffffff' } }, left: 344, top: 169 }])
			.png()
			.toBuffer();
		const result = await runEngineNode(
			env,
			'octoAiControlNetSdxl',
			{ prompt: 'a moon', mode: 'inpainting', inputImage: 'data', maskImage: 'mask', controlImage: 'data', options: { seed: '5', fitInputImage: 'crop' } },
			{ inputItems: [await imageItem({ data: photo, mask: maskImage })] },
		);
		expect(result.error).toBeUndefined();
		const [control, sentMask] = [sentImage('controlnet_image'), sentImage('mask_image')];
		expect(await sharp(control).metadata()).toMatchObject({ width: 1024, height: 1024 });
		const box = await darkBox(control);
		expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(3);
		// The 112 px square of the half-size mask, scaled by 1024/450 and centred like the photo: about 255 px at (384 + 127).
		const white = await darkBox(await sharp(sentMask).negate().png().toBuffer());
		expect([white.width, white.height].map((v) => Math.abs(v - 255) <= 3)).toEqual([true, true]);
		expect(Math.abs(white.left + white.width / 2 - 512)).toBeLessThanOrEqual(2);
		expect((result.items[0].json.inputImages as Array<{ field: string }>).map((step) => step.field)).toEqual(['Input Image', 'Mask Image', 'Control Image']);
	});

	it.each([6, 8, 3])('turns a JPEG as its EXIF orientation %i says before fitting, as viewers show it', async (orientation) => {
		// Stored as 1600x900 pixels; a marker square near the stored top-left corner shows where each turn puts it.
		const stored = await sharp(await discPhoto(1600, 900, 'png'))
			.composite([{ input: { create: { width: 120, height: 120, channels: 3, background: '#ff0000' } }, left: 40, top: 40 }])
			.jpeg({ quality: 95 })
			.withMetadata({ orientation })
			.toBuffer();
		const result = await imgToImg('octoAiSdxl', stored, { fitInputImage: 'nearest' });
		expect(result.error).toBeUndefined();
		// Portrait (900x1600, nearest SDXL 768x1344) for 6 and 8, landscape (1344x768) for 3.
		const expected = orientation === 3 ? [1344, 768] : [768, 1344];
		expect([lastBody().width, lastBody().height]).toEqual(expected);
		const [width, height] = expected;
		// sharp's own auto-orientation, scaled the same way, is the reference.
		const reference = await sharp(stored).rotate().resize(width, height, { fit: 'cover' }).removeAlpha().raw().toBuffer();
		const sent = await sharp(sentImage('init_image')).removeAlpha().raw().toBuffer();
		let differing = 0;
		for (let p = 0; p < sent.length; p += 3) {
			if (Math.abs(sent[p] - reference[p]) + Math.abs(sent[p + 1] - reference[p + 1]) + Math.abs(sent[p + 2] - reference[p + 2]) > 120) differing++;
		}
		// The marker alone is about 1% of the picture: where it lands decides.
		expect(differing / (sent.length / 3)).toBeLessThan(0.003);
	});

	it('checks a mask against a JPEG turned by its EXIF orientation when fitting: the portrait mask a viewer draws on is taken, the stored landscape grid refused', async () => {
		const stored = await sharp(await discPhoto(1600, 900, 'png')).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
		const mask = async (width: number, height: number) =>
			await sharp({ create: { width, height, channels: 3, background: '#000000' } })
				.composite([{ input: { create: { width: 100, height: 100, channels: 3, background: '#ffffff' } }, left: 20, top: 20 }])
				.png()
				.toBuffer();
		const run = async (maskImage: Buffer) =>
			await runEngineNode(
				env,
				'octoAiSdxl',
				{ prompt: 'a door', mode: 'inpainting', inputImage: 'data', maskImage: 'mask', options: { fitInputImage: 'crop' } },
				{ inputItems: [await imageItem({ data: stored, mask: maskImage })] },
			);
		const before = env.generateRequests().length;
		const portrait = await run(await mask(450, 800));
		expect(portrait.error).toBeUndefined();
		expect(env.generateRequests().length).toBe(before + 1);
		const landscape = await run(await mask(800, 450));
		expect(landscape.error?.message).toMatch(/^Mask Image: the mask of item 0 is 800x450, a different shape from the Input Image \(900 ?x ?1600/);
		expect(env.generateRequests().length).toBe(before + 1);
	});

	it('refuses a decompression bomb before decoding it', async () => {
		const png = await picture(64, 64, 'png');
		png.writeUInt32BE(30000, 16);
		png.writeUInt32BE(30000, 20);
		const before = env.generateRequests().length;
		const bomb = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'x', mode: 'imageToImage', inputImage: `data:image/png;base64,${png.toString('base64')}`, options: { fitInputImage: 'crop' } },
		);
		expect(bomb.error?.message).toMatch(/^Input Image: .* declares 30000x30000 pixels, above the limit/);
		expect(env.generateRequests().length).toBe(before);
	});
});

describe('outpainting by distance', () => {
	it('extends a photo by 25% on each side: canvas, mask and the original pixels where asked', async () => {
		const photo = await discPhoto(800, 600, 'png');
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'more landscape', mode: 'outpainting', inputImage: 'data', outpaintCanvas: 'extend', options: { seed: '3' } },
			{ inputItems: [await imageItem({ data: photo })] },
		);
		expect(result.error).toBeUndefined();
		const body = lastBody();
		// 800x600 + 25% a side = 1200x900 (4:3): SDXL's closest is 1152x896. The extended canvas scales by
		// min(1152/1200, 896/900) = 0.96: the photo becomes 768x576, and the 320 rows to spare go evenly above and below.
		expect(body).toMatchObject({ outpainting: true, width: 1152, height: 896 });
		const [json] = result.items.map((item) => item.json);
		const steps = json.inputImages as Array<Record<string, unknown>>;
		expect(steps[0]).toMatchObject({ field: 'Input Image', from: '800x600', to: '1152x896', how: 'extended for outpainting' });
		const at = steps[0].imageAt as { left: number; top: number; width: number; height: number };
		expect(at).toEqual({ left: 192, top: 160, width: 768, height: 576 });
		// The mask: white (paint) exactly outside that rectangle.
		const maskRaw = await sharp(sentImage('mask_image')).greyscale().raw().toBuffer({ resolveWithObject: true });
		expect([maskRaw.info.width, maskRaw.info.height]).toEqual([1152, 896]);
		const m = (x: number, y: number) => maskRaw.data[y * 1152 + x];
		expect([m(at.left - 1, 400), m(at.left, 400), m(at.left + at.width - 1, 400), m(at.left + at.width, 400)]).toEqual([255, 0, 0, 255]);
		expect([m(500, at.top - 1), m(500, at.top), m(500, at.top + at.height - 1), m(500, at.top + at.height)]).toEqual([255, 0, 0, 255]);
		// The output keeps the sent canvas's pixels inside the rectangle (the emulator copies unmasked pixels).
		const out = await decode(result, result.items[0]);
		const region = { left: at.left, top: at.top, width: at.width, height: at.height };
		const [kept, sent] = await Promise.all(
			[out.bytes, sentImage('init_image')].map((img) => sharp(img).extract(region).removeAlpha().raw().toBuffer()),
		);
		expect(kept.equals(sent)).toBe(true);
		// And the disc is still round (150 px of 600 scaled by 0.96), at the centre of the placed photo.
		const box = await darkBox(await sharp(out.bytes).extract(region).png().toBuffer());
		expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(3);
		expect(Math.abs(box.width - 288)).toBeLessThanOrEqual(4);
		expect(Math.abs(box.left + box.width / 2 - at.width / 2)).toBeLessThanOrEqual(2);
	});

	it('extends only the side asked, in pixels, with a colour', async () => {
		const photo = await discPhoto(512, 512, 'png');
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{
				prompt: 'a wider view',
				mode: 'outpainting',
				inputImage: 'data',
				outpaintCanvas: 'extend',
				extendUnit: 'pixels',
				extendLeft: 0,
				extendTop: 0,
				extendBottom: 0,
				extendRight: 256,
				extendFill: 'colour',
				extendColour: '#00ff00',
			},
			{ inputItems: [await imageItem({ data: photo })] },
		);
		expect(result.error).toBeUndefined();
		// 768x512 (not 1536x1024, the same shape but farther from the photo's size) is an SD 1.5 size: the photo stays at 512x512 on the left, the new area is on the right only.
		expect(lastBody()).toMatchObject({ width: 768, height: 512, outpainting: true });
		expect((result.items[0].json.inputImages as Array<Record<string, unknown>>)[0].imageAt).toEqual({ left: 0, top: 0, width: 512, height: 512 });
		const { data } = await sharp(sentImage('init_image')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		expect([...data.subarray((10 * 768 + 700) * 3, (10 * 768 + 700) * 3 + 3)]).toEqual([0, 255, 0]);
		const left = await sharp(sentImage('init_image')).extract({ left: 0, top: 0, width: 512, height: 512 }).removeAlpha().raw().toBuffer();
		expect(left.equals(await sharp(photo).removeAlpha().raw().toBuffer())).toBe(true);
	});

	it('refuses all four distances at 0, naming them, before any request', async () => {
		const before = env.generateRequests().length;
		const result = await runEngineNode(
			env,
			'octoAiSdxl',
			{ prompt: 'x', mode: 'outpainting', inputImage: 'data', outpaintCanvas: 'extend', extendLeft: 0, extendRight: 0, extendTop: 0, extendBottom: 0 },
			{ inputItems: [await imageItem({ data: await picture(64, 64) })] },
		);
		expect(result.error?.message).toBe('Extend Left, Extend Right, Extend Top, Extend Bottom are all 0: there is nothing to outpaint');
		expect(env.generateRequests().length).toBe(before);
	});
});

describe('masks from transparency and masks of another shape', () => {
	it.each([
		['transparent', 255, 0],
		['opaque', 0, 255],
	] as const)('Mask From the input image\'s %s area', async (maskSource, background, subject) => {
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: 'a beach', mode: 'inpainting', inputImage: 'data', maskSource, strength: 1 },
			{ inputItems: [await imageItem({ data: await cutOut() })] },
		);
		expect(result.error).toBeUndefined();
		const maskRaw = await sharp(sentImage('mask_image')).greyscale().raw().toBuffer();
		expect([maskRaw[0], maskRaw[256 * 512 + 256], maskRaw[128 * 512 + 127], maskRaw[128 * 512 + 128]]).toEqual([background, subject, background, subject]);
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Mask Image', to: '512x512', how: `made from the ${maskSource} area of the Input Image`, sentAs: 'PNG' }]);
	});

	it('refuses a mask from transparency of an opaque photo, and Continue On Fail keeps the other item', async () => {
		const before = env.generateRequests().length;
		const items = [await imageItem({ data: await picture(512, 512, 'jpeg') }), await imageItem({ data: await cutOut() })];
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: 'a beach', mode: 'inpainting', inputImage: 'data', maskSource: 'transparent', strength: 1 },
			{ inputItems: items, continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.error ?? 'ok')).toEqual(['Mask From: the Input Image of item 0 has no transparent area to repaint', 'ok']);
		expect(env.generateRequests().length).toBe(before + 1);
	});

	it('refuses a mask of another shape by default, and scales it when asked', async () => {
		const input = await picture(512, 512);
		const wide = await sharp({ create: { width: 256, height: 128, channels: 3, background: '#ffffff' } }).png().toBuffer();
		const parameters = { prompt: 'a door', mode: 'inpainting', inputImage: 'data', maskImage: 'mask' };
		const refused = await runEngineNode(env, 'octoAiSd15', parameters, { inputItems: [await imageItem({ data: input, mask: wide })] });
		expect(refused.error?.message).toMatch(/^Mask Image: the mask of item 0 is 256x128, a different shape/);
		const scaled = await runEngineNode(env, 'octoAiSd15', { ...parameters, options: { maskScaling: 'scale' } }, { inputItems: [await imageItem({ data: input, mask: wide })] });
		expect(scaled.error).toBeUndefined();
		const sent = await sharp(sentImage('mask_image')).metadata();
		expect([sent.width, sent.height]).toEqual([512, 512]);
		expect(scaled.items[0].json.inputImages).toEqual([{ field: 'Mask Image', from: '256x128', to: '512x512', how: 'scaled to the input image', sentAs: 'PNG' }]);
	});

	it('scales a 1-bit interlaced (Adam7) mask of another shape, keeping its white half where it was', async () => {
		const half = await sharp({ create: { width: 128, height: 64, channels: 3, background: '#000000' } })
			.composite([{ input: { create: { width: 64, height: 64, channels: 3, background: '#ffffff' } }, left: 0, top: 0 }])
			.png()
			.toBuffer();
		const mask = await sharp(half).png({ palette: true, colours: 2, progressive: true, dither: 0, adaptiveFiltering: true }).toBuffer();
		// Bit depth 1, colour type 3 (palette), interlace method 1 (Adam7).
		expect([mask[24], mask[25], mask[28]]).toEqual([1, 3, 1]);
		const parameters = { prompt: 'a door', mode: 'inpainting', inputImage: 'data', maskImage: 'mask', options: { maskScaling: 'scale' } };
		const result = await runEngineNode(env, 'octoAiSd15', parameters, { inputItems: [await imageItem({ data: await picture(512, 512), mask })] });
		expect(result.error).toBeUndefined();
		const sent = await sharp(sentImage('mask_image')).greyscale().raw().toBuffer({ resolveWithObject: true });
		expect([sent.info.width, sent.info.height]).toEqual([512, 512]);
		const at = (x: number, y: number) => sent.data[y * 512 + x];
		expect([at(10, 10), at(200, 400), at(300, 10), at(500, 500)]).toEqual([255, 255, 0, 0]);
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Mask Image', from: '128x64', to: '512x512', how: 'scaled to the input image', sentAs: 'PNG' }]);
	});
});

describe('Fit Input Image on the video node and Image Tools', () => {
	it('the video node fits a photo to the supported size nearest its shape', async () => {
		const photo = await discPhoto(1600, 1000, 'jpeg');
		const result = await runEngineNode(env, 'octoAiStableVideoDiffusion', { inputImage: 'data', options: { fitInputImage: 'crop' } }, { inputItems: [await imageItem({ data: photo })], timeoutMs: 180_000 });
		expect(result.error).toBeUndefined();
		const body = env.generateRequests().filter((r) => r.path.endsWith('/generate/svd')).pop()!.body;
		expect(body).toMatchObject({ width: 1024, height: 576 });
		const sent = Buffer.from(body.image as string, 'base64');
		expect(await sharp(sent).metadata()).toMatchObject({ format: 'png', width: 1024, height: 576 });
		const box = await darkBox(sent);
		expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(3);
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Input Image', from: '1600x1000', to: '1024x576', how: 'cropped to fit', sentAs: 'PNG' }]);
	}, 180_000);

	it('Fix Faces pads a photo to the base model size nearest its shape instead of refusing it', async () => {
		const photo = await discPhoto(800, 600, 'png');
		const step = { name: 'Tools', type: 'octoAiImageTools', parameters: { resource: 'image', operation: 'fixFaces', image: 'data', baseModel: 'sdxl', options: { fitInputImage: 'pad' } } };
		const refused = await runChain(env, [{ ...step, parameters: { ...step.parameters, options: {} } }], { inputItems: [await imageItem({ data: photo })] });
		expect(refused.error?.message).toMatch(/^Image: 800x600 is not a size the SDXL base model takes/);
		const result = await runChain(env, [step], { inputItems: [await imageItem({ data: photo })] });
		expect(result.error).toBeUndefined();
		const request = env.emulator.requests({ token: env.token }).filter((r) => r.path === '/adetailer').pop()!;
		const sent = Buffer.from((request.body as Record<string, string>).init_image, 'base64');
		// 4:3 is nearest SDXL's 1152x896: the photo scales to 1152x864, 16 rows of edge pixels above and below.
		expect(await sharp(sent).metadata()).toMatchObject({ width: 1152, height: 896 });
		expect(request.status).toBe(200);
		expect(result.outputs('Tools')[0].json.inputImages).toEqual([{ field: 'Image', from: '800x600', to: '1152x896', how: 'padded to fit', sentAs: 'PNG' }]);
	});
});
