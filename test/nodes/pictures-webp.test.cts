import sharp from 'sharp';

import { decode, imageItem, runEngineNode, useEmulator } from './helpers.cts';
import { cutOut, darkBox, discPhoto, type PhotoFormat } from './picture-helpers.cts';

/**
 * WebP photos (lossy and lossless, made by sharp) fitted and turned into masks through n8n's engine
 * against the emulator, which stretches every input image to the request's size as the service
 * does: the disc stays round only when the node decoded the WebP and fitted it itself.
 */
const env = useEmulator();

function lastBody() {
	const requests = env.generateRequests();
	return requests[requests.length - 1].body;
}

const sentImage = (field: string) => Buffer.from(lastBody()[field] as string, 'base64');

async function imgToImg(photo: Buffer, options: Record<string, unknown>) {
	return await runEngineNode(
		env,
		'octoAiSdxl',
		{ prompt: 'a watercolour', mode: 'imageToImage', inputImage: 'data', strength: 0.1, options: { seed: '7', ...options } },
		{ inputItems: [await imageItem({ data: photo })] },
	);
}

describe('Fit Input Image with WebP photos', () => {
	it.each([
		// A 1600x900 photo with a 450 px disc. Crop: 900 rows scale to 1024, the disc to 512. Pad: 1600
		// columns scale to 1024, the disc to 288, centred. Nearest: SDXL's 1344x768 (1.75 against
		// 1.78), the disc 450 * 768 / 900 = 384.
		['crop', 'webp', [1024, 1024], 512, 'cropped to fit'],
		['pad', 'webp-lossless', [1024, 1024], 288, 'padded to fit'],
		['nearest', 'webp', [1344, 768], 384, 'scaled to the nearest resolution'],
		['crop', 'webp-lossless', [1024, 1024], 512, 'cropped to fit'],
	] as const)('%s fits a %s photo, its disc round and centred', async (fitInputImage, format: PhotoFormat, [width, height], diameter, how) => {
		const photo = await discPhoto(1600, 900, format);
		expect(photo.toString('latin1', 12, 16)).toBe(format === 'webp' ? 'VP8 ' : 'VP8L');
		const result = await imgToImg(photo, { fitInputImage });
		expect(result.error).toBeUndefined();
		expect(lastBody()).toMatchObject({ width, height });
		const sent = sentImage('init_image');
		expect(await sharp(sent).metadata()).toMatchObject({ format: 'png', width, height });
		for (const image of [sent, (await decode(result, result.items[0])).bytes]) {
			const box = await darkBox(image);
			expect(Math.abs(box.width - box.height)).toBeLessThanOrEqual(4);
			expect(Math.abs(box.width - diameter)).toBeLessThanOrEqual(6);
			expect(Math.abs(box.left + box.width / 2 - width / 2)).toBeLessThanOrEqual(3);
			expect(Math.abs(box.top + box.height / 2 - height / 2)).toBeLessThanOrEqual(3);
		}
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Input Image', from: '1600x900', to: `${width}x${height}`, how, sentAs: 'PNG' }]);
	});

	it('decodes a lossy WebP to the pixels libwebp gives (within the rounding of its upsampling)', async () => {
		// A photo already at an SD 1.5 size: Nearest Resolution keeps it at 768x512, so the node sends its pixels as decoded.
		const photo = await discPhoto(768, 512, 'webp');
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: 'x', mode: 'imageToImage', inputImage: 'data', options: { fitInputImage: 'nearest' } },
			{ inputItems: [await imageItem({ data: photo })] },
		);
		expect(result.error).toBeUndefined();
		expect(lastBody()).toMatchObject({ width: 768, height: 512 });
		const [sent, reference] = await Promise.all([sentImage('init_image'), photo].map(async (image) => await sharp(image).removeAlpha().raw().toBuffer()));
		expect(sent.length).toBe(reference.length);
		let worst = 0;
		for (let at = 0; at < sent.length; at++) worst = Math.max(worst, Math.abs(sent[at] - reference[at]));
		expect(worst).toBeLessThanOrEqual(2);
	});

	it.each(['webp', 'webp-lossless'] as const)('Mask From the transparent area of a %s cut-out', async (format) => {
		const image = await cutOut(format);
		expect(image.toString('latin1', 12, 16)).toBe(format === 'webp' ? 'VP8X' : 'VP8L');
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: 'a beach', mode: 'inpainting', inputImage: 'data', maskSource: 'transparent', strength: 1 },
			{ inputItems: [await imageItem({ data: image })] },
		);
		expect(result.error).toBeUndefined();
		const mask = await sharp(sentImage('mask_image')).greyscale().raw().toBuffer();
		// The subject is the opaque 256 px square at (128, 128): black (kept); around it white (repainted), to the pixel.
		expect([mask[0], mask[256 * 512 + 256], mask[128 * 512 + 127], mask[128 * 512 + 128], mask[383 * 512 + 383], mask[383 * 512 + 384]]).toEqual([255, 0, 255, 0, 0, 255]);
		expect(result.items[0].json.inputImages).toEqual([{ field: 'Mask Image', to: '512x512', how: 'made from the transparent area of the Input Image', sentAs: 'PNG' }]);
	});
});

describe('outpainting a WebP by distance', () => {
	it('keeps a lossless WebP\'s pixels exactly where they were and paints only the new side', async () => {
		const photo = await discPhoto(512, 512, 'webp-lossless');
		const result = await runEngineNode(
			env,
			'octoAiSd15',
			{ prompt: 'a wider view', mode: 'outpainting', inputImage: 'data', outpaintCanvas: 'extend', extendUnit: 'pixels', extendLeft: 0, extendTop: 0, extendBottom: 0, extendRight: 256 },
			{ inputItems: [await imageItem({ data: photo })] },
		);
		expect(result.error).toBeUndefined();
		// 768x512 is an SD 1.5 size: the photo stays unscaled at the left.
		expect(lastBody()).toMatchObject({ width: 768, height: 512, outpainting: true });
		const left = await sharp(sentImage('init_image')).extract({ left: 0, top: 0, width: 512, height: 512 }).removeAlpha().raw().toBuffer();
		expect(left.equals(await sharp(photo).removeAlpha().raw().toBuffer())).toBe(true);
		const mask = await sharp(sentImage('mask_image')).greyscale().raw().toBuffer();
		expect([mask[100 * 768 + 511], mask[100 * 768 + 512]]).toEqual([0, 255]);
	});
});

describe('WebP refused before decoding', () => {
	async function animated() {
		const frame = async (background: string) => await sharp({ create: { width: 64, height: 64, channels: 3, background } }).png().toBuffer();
		return await sharp([await frame('#ff0000'), await frame('#0000ff')], { join: { animated: true } }).webp().toBuffer();
	}

	/** A 64x64 lossy WebP whose VP8 data sets the two upscaling bits of each side: the decoder would read 49216x49216 (9.7 GB as RGBA). */
	async function upscaled() {
		const webp = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).webp().toBuffer();
		webp[27] |= 0xc0;
		webp[29] |= 0xc0;
		return webp;
	}

	/** A lossless WebP under an extended header whose canvas says 30000x30000. */
	async function bomb() {
		const webp = await sharp({ create: { width: 64, height: 64, channels: 4, background: '#33669980' } }).webp({ lossless: true }).toBuffer();
		const vp8x = Buffer.alloc(18);
		vp8x.write('VP8X', 0, 'latin1');
		vp8x.writeUInt32LE(10, 4);
		vp8x[8] = 0x10;
		vp8x.writeUIntLE(29999, 12, 3);
		vp8x.writeUIntLE(29999, 15, 3);
		const body = Buffer.concat([webp.subarray(0, 12), vp8x, webp.subarray(12)]);
		body.writeUInt32LE(body.length - 8, 4);
		return body;
	}

	it.each([
		['an animated WebP', animated, /^Input Image: the image of item 0 cannot be prepared: it is an animated WebP; only a still image can be fitted$/],
		['a WebP whose image data declares more than its header', upscaled, /^Input Image: the image of item 0 cannot be prepared: its VP8 image data declares 49216x49216 pixels, not the 64x64 of its header$/],
		['a WebP bomb', bomb, /^Input Image: .* declares 30000x30000 pixels, above the limit/],
	])('%s, naming the field and item, before any request', async (_name, make, message) => {
		const before = env.generateRequests().length;
		const webp = await make();
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'x',
			mode: 'imageToImage',
			inputImage: `data:image/webp;base64,${webp.toString('base64')}`,
			options: { fitInputImage: 'crop' },
		});
		expect(result.error?.message).toMatch(message);
		expect(env.generateRequests().length).toBe(before);
	});
});
