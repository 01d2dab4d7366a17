// The bundled fast-png, patched to inflate no more image data than the header implies
// (scripts/png-inflate-patches.mjs): every kind of PNG still decodes to the pixels sharp (libpng)
// gives, interlaced ones of every small size included, and one byte past what the header implies is
// refused. Needs `npm run build` (the bundle in dist).
import { crc32, deflateSync, inflateSync } from 'node:zlib';

import sharp from 'sharp';

import { decodeRaster } from '../../nodes/shared/images/fitting/codec';
import { decodePng } from '../../nodes/shared/images/vendor/codecs';
import { deflatedZeros } from '../nodes/picture-helpers.cts';

/** Noise, so that every row filter and every sample value is exercised. */
async function noise(width: number, height: number, channels: 3 | 4): Promise<sharp.Sharp> {
	const pixels = await sharp({ create: { width, height, channels, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).raw().toBuffer();
	return sharp(pixels, { raw: { width, height, channels } });
}

async function expectSharpPixels(png: Buffer, tolerance = 0) {
	const raster = decodeRaster(png);
	const reference = await sharp(png).toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
	expect([raster.width, raster.height]).toEqual([reference.info.width, reference.info.height]);
	const expected = reference.info.channels === raster.channels ? reference.data : await sharp(png).toColourspace('srgb').ensureAlpha().raw().toBuffer();
	expect(expected.length).toBe(raster.data.length);
	let worst = 0;
	for (let at = 0; at < expected.length; at++) worst = Math.max(worst, Math.abs(expected[at] - raster.data[at]));
	expect(worst).toBeLessThanOrEqual(tolerance);
}

it.each([
	['RGB', async () => await (await noise(203, 141, 3)).png().toBuffer()],
	['RGBA', async () => await (await noise(203, 141, 4)).png().toBuffer()],
	['RGB, Adam7 interlaced', async () => await (await noise(203, 141, 3)).png({ progressive: true }).toBuffer()],
	['RGBA, Adam7 interlaced', async () => await (await noise(97, 61, 4)).png({ progressive: true }).toBuffer()],
	['indexed, 256 colours', async () => await (await noise(203, 141, 3)).png({ palette: true, colours: 256, dither: 0 }).toBuffer()],
	['indexed, 2 colours (1 bit)', async () => await (await noise(203, 141, 3)).png({ palette: true, colours: 2, dither: 0 }).toBuffer()],
	['grey', async () => await (await noise(203, 141, 3)).greyscale().png().toBuffer()],
])('%s decodes to the pixels sharp gives', async (_name, make) => {
	await expectSharpPixels(await make());
});

// fast-png read the rows of an interlaced PNG below 8 bits a sample as whole bytes a pixel
// (scripts/png-adam7-patches.mjs): such files failed ("Unsupported filter") or decoded as noise.
it.each([1, 2, 4])('an Adam7 interlaced %i-bit palette PNG decodes to the pixels sharp gives', async (bits) => {
	const png = await (await noise(37, 23, 3)).png({ palette: true, colours: 2 ** bits, progressive: true, dither: 0, adaptiveFiltering: true }).toBuffer();
	expect([png[24], png[25], png[28]]).toEqual([bits, 3, 1]);
	await expectSharpPixels(png);
});

it.each([[1, 1], [2, 3], [9, 9], [17, 1]])('a %ix%i interlaced 1-bit PNG decodes (the packed reduced images of every small size)', async (width, height) => {
	const png = await (await noise(width, height, 3)).png({ palette: true, colours: 2, progressive: true, dither: 0, adaptiveFiltering: true }).toBuffer();
	expect([png[24], png[28]]).toEqual([1, 1]);
	await expectSharpPixels(png);
});

it('16-bit RGBA decodes to within a rounding of sharp\'s 8 bits', async () => {
	await expectSharpPixels(await (await noise(203, 141, 4)).toColourspace('rgb16').png().toBuffer(), 1);
});

it.each([[1, 1], [2, 3], [3, 2], [5, 5], [8, 8], [9, 9], [1, 17], [17, 1]])('a %ix%i interlaced PNG decodes (Adam7\'s empty passes counted right)', async (width, height) => {
	await expectSharpPixels(await (await noise(width, height, 4)).png({ progressive: true }).toBuffer());
});

/** The PNG with its image data re-compressed, `extra` zero bytes added after what it held. */
function withExtraData(png: Buffer, extra: number): Buffer {
	const chunks: Buffer[] = [];
	const idat: Buffer[] = [];
	for (let at = 8; at < png.length; ) {
		const length = png.readUInt32BE(at);
		const type = png.toString('latin1', at + 4, at + 8);
		if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
		else chunks.push(png.subarray(at, at + 12 + length));
		at += 12 + length;
	}
	const data = deflateSync(Buffer.concat([inflateSync(Buffer.concat(idat)), Buffer.alloc(extra)]));
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write('IDAT', 4, 'latin1');
	const iend = chunks.pop()!;
	return Buffer.concat([png.subarray(0, 8), ...chunks, head, data, Buffer.alloc(4), iend]);
}

it.each([
	['plain', false],
	['Adam7 interlaced', true],
])('a %s PNG with exactly the image data its header implies decodes; one byte more is refused', async (_name, progressive) => {
	const png = await (await noise(37, 23, 4)).png({ progressive }).toBuffer();
	await expectSharpPixels(withExtraData(png, 0));
	// Adam7's seven reduced images of 37x23: 5x3, 5x3, 10x3, 9x6, 19x6, 18x12 and 37x11, each row a filter byte and 4 bytes a pixel.
	const passes = [[5, 3], [5, 3], [10, 3], [9, 6], [19, 6], [18, 12], [37, 11]];
	const expected = progressive ? passes.reduce((sum, [w, h]) => sum + h * (1 + w * 4), 0) : 23 * (1 + 37 * 4);
	expect(() => decodeRaster(withExtraData(png, 1))).toThrow(`its PNG image data inflates to more than the ${expected} bytes its 37x23 header implies`);
});

it('an iCCP profile inflating to 200 MB is skipped, not inflated', async () => {
	const png = await (await noise(37, 23, 4)).png().toBuffer();
	const profile = Buffer.concat([Buffer.from('bomb\0\0', 'latin1'), await deflatedZeros(200 * 1024 * 1024)]);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(profile.length, 0);
	head.write('iCCP', 4, 'latin1');
	// After the signature and IHDR (8 + 25 bytes), where the profile belongs.
	const bomb = Buffer.concat([png.subarray(0, 33), head, profile, Buffer.alloc(4), png.subarray(33)]);
	const peakBefore = process.resourceUsage().maxRSS * 1024;
	const raster = decodeRaster(bomb);
	expect([raster.width, raster.height]).toEqual([37, 23]);
	expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(100 * 1024 * 1024);
});

/** The PNG's chunks (signature left off), each whole: length, type, data, CRC. */
function chunksOf(png: Buffer): Buffer[] {
	const chunks: Buffer[] = [];
	for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) chunks.push(png.subarray(at, at + 12 + png.readUInt32BE(at)));
	return chunks;
}

function withChunks(png: Buffer, chunks: Buffer[]): Buffer {
	return Buffer.concat([png.subarray(0, 8), ...chunks]);
}

it('image data split over many IDAT chunks is gathered into the one buffer and decodes', async () => {
	const png = await (await noise(203, 141, 4)).png().toBuffer();
	const [ihdr, ...rest] = chunksOf(png);
	const idat = Buffer.concat(rest.filter((chunk) => chunk.toString('latin1', 4, 8) === 'IDAT').map((chunk) => chunk.subarray(8, -4)));
	const pieces: Buffer[] = [];
	for (let at = 0; at < idat.length; at += 1000) {
		const head = Buffer.alloc(8);
		const data = idat.subarray(at, at + 1000);
		head.writeUInt32BE(data.length, 0);
		head.write('IDAT', 4, 'latin1');
		// sharp (libspng), the reference, checks the CRC.
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
		pieces.push(head, data, crc);
	}
	expect(pieces.length / 3).toBeGreaterThan(20);
	await expectSharpPixels(withChunks(png, [ihdr, ...pieces, rest[rest.length - 1]]));
});

it('the decoder refuses a PNG whose first chunk is not its IHDR, or with a second IHDR', async () => {
	const png = await (await noise(37, 23, 4)).png().toBuffer();
	const [ihdr, ...rest] = chunksOf(png);
	const text = Buffer.concat([Buffer.from([0, 0, 0, 9]), Buffer.from('tEXtComment\0x', 'latin1'), Buffer.alloc(4)]);
	expect(() => decodePng(new Uint8Array(withChunks(png, [text, ihdr, ...rest])))).toThrow('its first PNG chunk is "tEXt", not the header (IHDR)');
	expect(() => decodePng(new Uint8Array(withChunks(png, [ihdr, ihdr, ...rest])))).toThrow('it has a second PNG header (IHDR chunk); the decoder would take its size');
	// decodeRaster reads the size at byte 12 only: without an IHDR there, nothing is decoded.
	expect(() => decodeRaster(withChunks(png, [text, ihdr, ...rest]))).toThrow(/^its header gives no size/);
});

it('the samples an IHDR declares may take 256 MB: 8000x8000 8-bit RGBA (64 megapixels) is within, 16-bit RGBA at 5793x5793 is not', async () => {
	const png = await (await noise(37, 23, 4)).png().toBuffer();
	const [ihdr, ...rest] = chunksOf(png);
	const sized = (width: number, height: number, depth: number) => {
		const copy = Buffer.from(ihdr);
		copy.writeUInt32BE(width, 8);
		copy.writeUInt32BE(height, 12);
		copy[16] = depth;
		return new Uint8Array(withChunks(png, [copy, ...rest]));
	};
	// Within the budget the decoder goes on to the image data, which is far too short for that size.
	expect(() => decodePng(sized(8000, 8000, 8))).not.toThrow(/MB of samples/);
	expect(() => decodePng(sized(5793, 5793, 16))).toThrow('it is a 5793x5793 PNG of 4 channels at 16 bits, 257 MB of samples, above the 256 MB that can be decoded; save it with 8 bits a sample or smaller');
});
