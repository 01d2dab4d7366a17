// The bundled jpeg-js's scan work budget (scripts/jpeg-scan-limit-patches.mjs): the progressive
// JPEGs encoders write, libjpeg's and mozjpeg's optimised scans included, decode within it, and a
// JPEG near 64 megapixels that its memory limit refuses gets a message saying what to do.
// Needs `npm run build` (the bundle in dist).
import sharp from 'sharp';

import { decodeRaster } from '../../nodes/shared/images/fitting/codec';

/** Noise at an odd size, so every coefficient band has something in it and MCUs overhang both edges. */
async function noisePhoto(): Promise<sharp.Sharp> {
	const [width, height] = [403, 281];
	const noise = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).raw().toBuffer();
	return sharp(noise, { raw: { width, height, channels: 3 } });
}

it.each([
	['progressive 4:2:0', (image: sharp.Sharp) => image.jpeg({ quality: 90, progressive: true })],
	['progressive 4:4:4 at quality 100', (image: sharp.Sharp) => image.jpeg({ quality: 100, progressive: true, chromaSubsampling: '4:4:4' })],
	['progressive grey', (image: sharp.Sharp) => image.greyscale().jpeg({ quality: 95, progressive: true })],
	['progressive CMYK', (image: sharp.Sharp) => image.toColourspace('cmyk').jpeg({ quality: 95, progressive: true })],
	['mozjpeg (progressive, optimised scans, trellis)', (image: sharp.Sharp) => image.jpeg({ quality: 90, mozjpeg: true })],
	['mozjpeg 4:4:4 at quality 100', (image: sharp.Sharp) => image.jpeg({ quality: 100, mozjpeg: true, chromaSubsampling: '4:4:4' })],
	['mozjpeg grey', (image: sharp.Sharp) => image.greyscale().jpeg({ quality: 95, mozjpeg: true })],
	['progressive with optimised scans', (image: sharp.Sharp) => image.jpeg({ quality: 90, progressive: true, optimiseScans: true })],
])('a %s JPEG decodes within the scan budget', async (_name, encode) => {
	const file = await encode(await noisePhoto()).toBuffer();
	const raster = decodeRaster(file);
	expect([raster.width, raster.height, raster.channels]).toEqual([403, 281, 3]);
});

it('an 8000x8000 grey JPEG past the decoder\'s memory limit is refused with a message saying what to do', async () => {
	const file = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#808080' } }).greyscale().jpeg().toBuffer();
	expect(() => decodeRaster(file)).toThrow(/^it is a 8000x8000 JPEG that needs more than the 512 MB its decoding may use; send a smaller photo, or set Fit Input Image to Stretch$/);
});
