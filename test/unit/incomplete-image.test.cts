import sharp from 'sharp';

import { incompleteImage } from '../../nodes/shared/images/binary';
import { damagedPng, picture } from '../nodes/helpers.cts';

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

	it("a JPEG followed by binary data (a phone's motion-photo video) is whole, whatever the data holds", async () => {
		const jpeg = await picture(300, 200, 'jpeg');
		let seed = 7;
		const random = (length: number) => Buffer.from(Array.from({ length }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >>> 16 & 0xff));
		for (let trial = 0; trial < 20; trial++) expect(incompleteImage(Buffer.concat([jpeg, random(50_000)]))).toBeUndefined();
		// The trailer holds scan and end markers of its own.
		expect(incompleteImage(Buffer.concat([jpeg, Buffer.from([0xff, 0xda, 0x00, 0x02, 0x11, 0xff, 0xd9, 0xff, 0xda])]))).toBeUndefined();
	});

	it('a JPEG with an EXIF thumbnail, cut before its own image data, is cut off (the thumbnail is whole)', async () => {
		const main = await picture(300, 200, 'jpeg');
		const thumbnail = await picture(32, 32, 'jpeg');
		const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), thumbnail]);
		const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
		const withThumbnail = Buffer.concat([main.subarray(0, 2), app1, main.subarray(2)]);
		expect(incompleteImage(withThumbnail)).toBeUndefined();
		expect(incompleteImage(withThumbnail.subarray(0, 2 + app1.length + 30))).toEqual(expect.any(String));
		expect(incompleteImage(withThumbnail.subarray(0, withThumbnail.length - 100))).toBe('its JPEG data ends before the end-of-image marker');
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
