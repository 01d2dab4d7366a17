// The bundled jpeg-js, patched to keep its coefficients in one array per component and to hand back
// its RGB output (scripts/jpeg-memory-patches.mjs), decodes every kind of JPEG to the very bytes the
// unpatched jpeg-js does. Needs `npm run build` (the bundle in dist).
import jpeg from 'jpeg-js';
import sharp from 'sharp';

import { decodeJpegRgb } from '../../nodes/shared/images/vendor/codecs';

async function noisePhoto(): Promise<sharp.Sharp> {
	// Odd sizes, so blocks and MCUs overhang the picture on both axes.
	const [width, height] = [203, 141];
	const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).raw().toBuffer();
	return sharp(noise, { raw: { width, height, channels: 3 } });
}

it.each([
	['baseline 4:2:0', (image: sharp.Sharp) => image.jpeg({ quality: 90 })],
	['progressive 4:2:0', (image: sharp.Sharp) => image.jpeg({ quality: 90, progressive: true })],
	['baseline 4:4:4 at quality 100 (the largest coefficients)', (image: sharp.Sharp) => image.jpeg({ quality: 100, chromaSubsampling: '4:4:4' })],
	['progressive 4:4:4 at quality 100', (image: sharp.Sharp) => image.jpeg({ quality: 100, progressive: true, chromaSubsampling: '4:4:4' })],
	['greyscale', (image: sharp.Sharp) => image.greyscale().jpeg({ quality: 95 })],
	['Adobe CMYK', (image: sharp.Sharp) => image.toColourspace('cmyk').jpeg({ quality: 95 })],
])('%s', async (_name, encode) => {
	const file = await encode(await noisePhoto()).toBuffer();
	const reference = jpeg.decode(file, { useTArray: true, formatAsRGBA: false });
	const decoded = decodeJpegRgb(new Uint8Array(file), { maxResolutionInMP: 64, maxMemoryUsageInMB: 512, size: '203x141' });
	expect([decoded.width, decoded.height]).toEqual([reference.width, reference.height]);
	expect(Buffer.from(decoded.data).equals(Buffer.from(reference.data))).toBe(true);
});

it('keeps jpeg-js\'s memory limit, refusing with a message that names the size', () => {
	return noisePhoto().then(async (image) => {
		const file = await image.jpeg().toBuffer();
		expect(() => decodeJpegRgb(new Uint8Array(file), { maxResolutionInMP: 64, maxMemoryUsageInMB: 0.01, size: '203x141' })).toThrow(/^it is a 203x141 JPEG that needs more than the 0.01 MB its decoding may use; send a smaller photo/);
	});
});
