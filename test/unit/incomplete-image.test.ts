import sharp from 'sharp';

import { incompleteImage } from '../../nodes/shared/binary';
import { damagedPng, picture } from '../nodes/helpers';

describe('incompleteImage: a file cut off is told from a whole one by its structure', () => {
	it.each(['png', 'jpeg', 'webp'] as const)('%s: whole passes; cut anywhere after the signature fails', async (format) => {
		const whole = await picture(300, 200, format);
		expect(incompleteImage(whole)).toBeUndefined();
		for (const keep of [0.1, 0.5, 0.9, 0.999]) {
			const cut = whole.subarray(0, Math.max(16, Math.floor(whole.length * keep)));
			expect(incompleteImage(cut)).toEqual(expect.any(String));
		}
	});

	it('a progressive JPEG, and a JPEG or PNG with bytes after its end, are whole', async () => {
		const progressive = await sharp(await picture(300, 200, 'png')).jpeg({ progressive: true }).toBuffer();
		expect(incompleteImage(progressive)).toBeUndefined();
		expect(incompleteImage(Buffer.concat([await picture(64, 64, 'jpeg'), Buffer.from('trailer')]))).toBeUndefined();
		expect(incompleteImage(Buffer.concat([await picture(64, 64, 'png'), Buffer.alloc(10)]))).toBeUndefined();
	});

	it('says what is missing, and leaves pixel data to the decoder', async () => {
		const png = await picture(64, 64, 'png');
		expect(incompleteImage(png.subarray(0, png.length - 12))).toBe('its PNG data ends before the IEND chunk');
		expect(incompleteImage(png.subarray(0, png.length - 20))).toBe('its PNG chunk "IDAT" runs past the end of the file');
		const jpeg = await picture(64, 64, 'jpeg');
		expect(incompleteImage(jpeg.subarray(0, jpeg.length - 2))).toBe('its JPEG data ends before the end-of-image marker');
		expect(incompleteImage(damagedPng(png))).toBeUndefined();
		expect(incompleteImage(Buffer.from('not an image at all'))).toBeUndefined();
	});
});
