// The size an agent is told for each picture, read from the file's header.
import sharp from 'sharp';

import { imageSize } from '../../nodes/shared/images/image-size';

const picture = async (format: 'png' | 'jpeg' | 'webp', options: Record<string, unknown> = {}) =>
	await sharp({ create: { width: 333, height: 217, channels: 3, background: { r: 10, g: 200, b: 90 } } })
		.toFormat(format, options)
		.toBuffer();

it.each([
	['PNG', 'png', {}],
	['JPEG', 'jpeg', {}],
	['progressive JPEG', 'jpeg', { progressive: true }],
	['lossy WebP', 'webp', {}],
	['lossless WebP', 'webp', { lossless: true }],
] as const)('%s', async (_name, format, options) => {
	expect(imageSize(await picture(format, options))).toEqual({ width: 333, height: 217 });
});

it('an extended WebP (with alpha) and a JPEG with an EXIF segment before the frame', async () => {
	const alpha = await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).webp().toBuffer();
	expect(imageSize(alpha)).toEqual({ width: 64, height: 48 });
	const exif = await sharp(await picture('jpeg')).withMetadata({ exif: { IFD0: { Copyright: 'octoai test' } } }).jpeg().toBuffer();
	expect(imageSize(exif)).toEqual({ width: 333, height: 217 });
});

it('says nothing for what it cannot read', () => {
	expect(imageSize(Buffer.from('not an image'))).toEqual({});
	expect(imageSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toEqual({});
});
