import sharp from 'sharp';

import { runEngineNode, useEmulator } from './helpers.cts';
import { deflatedZeros } from './picture-helpers.cts';

/**
 * Decompression bombs that pass the header's size check, given to Fit Input Image through n8n's
 * engine: each is refused quickly, naming the field and item, without the process's memory jumping
 * and without a request to the emulator. The WebP ones hide a second image description where the
 * bundled decoder (which decodes the LAST image chunk it finds) would read it; the PNG one declares
 * 64x64 and inflates to 200 MB; the JPEG one costs time, not memory.
 */
const env = useEmulator();

/** A RIFF chunk: fourcc, little-endian length, data, a pad byte to an even length. */
function chunk(fourcc: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.write(fourcc, 0, 'latin1');
	head.writeUInt32LE(data.length, 4);
	return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

function riff(chunks: Buffer[]): Buffer {
	const body = Buffer.concat(chunks);
	const head = Buffer.alloc(12);
	head.write('RIFF', 0, 'latin1');
	head.writeUInt32LE(body.length + 4, 4);
	head.write('WEBP', 8, 'latin1');
	return Buffer.concat([head, body]);
}

/** The image chunk of a simple 64x64 WebP made by sharp (lossy VP8 or lossless VP8L), as the file's only chunk. */
async function imageChunk(lossless: boolean): Promise<Buffer> {
	const webp = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).webp({ lossless }).toBuffer();
	expect(webp.toString('latin1', 12, 16)).toBe(lossless ? 'VP8L' : 'VP8 ');
	return webp.subarray(12);
}

/** A copy of a VP8 chunk with upscaling bits set in the high byte of each 16-bit side (width at data+6, height at data+8). */
function upscaled(vp8: Buffer, widthBits: number, heightBits: number): Buffer {
	const copy = Buffer.from(vp8);
	copy[8 + 7] |= widthBits;
	copy[8 + 9] |= heightBits;
	return copy;
}

/** A 64x64 lossy WebP, then a second VP8 chunk: the decoder would decode the second, 64 + 0x4000 = 16448 wide. */
async function twoLossyChunks(): Promise<Buffer> {
	const vp8 = await imageChunk(false);
	return riff([vp8, upscaled(vp8, 0x40, 0)]);
}

/** The same with both upscaling bits on both sides: 49216x49216, 9.7 GB as RGBA. */
async function twoLossyChunksHuge(): Promise<Buffer> {
	const vp8 = await imageChunk(false);
	return riff([vp8, upscaled(vp8, 0xc0, 0xc0)]);
}

/** A 64x64 lossless WebP, then a second VP8L chunk declaring 16384x16384 (1 GB as RGBA). */
async function twoLosslessChunks(): Promise<Buffer> {
	const vp8l = await imageChunk(true);
	const second = Buffer.from(vp8l);
	const bits = second.readUInt32LE(9);
	second.writeUInt32LE(((bits & ~0x0fffffff) | 0x0fffffff) >>> 0, 9);
	return riff([vp8l, second]);
}

/**
 * A still 64x64 lossy image first (which is all a first-chunk check reads), then an extended header
 * turning animation on and a frame whose own VP8 data declares 49216x49216: the decoder decodes the frame.
 */
async function animationAfterTheImage(): Promise<Buffer> {
	const vp8 = await imageChunk(false);
	const vp8x = Buffer.alloc(10);
	vp8x[0] = 0x02;
	vp8x.writeUIntLE(63, 4, 3);
	vp8x.writeUIntLE(63, 7, 3);
	const frame = Buffer.alloc(16);
	frame.writeUIntLE(63, 6, 3);
	frame.writeUIntLE(63, 9, 3);
	return riff([vp8, chunk('VP8X', vp8x), chunk('ANIM', Buffer.alloc(6)), chunk('ANMF', Buffer.concat([frame, upscaled(vp8, 0xc0, 0xc0)]))]);
}

function pngChunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	return Buffer.concat([head, data, Buffer.alloc(4)]);
}

/** An IHDR chunk: size, bit depth, colour type (0 grey, 6 RGBA), deflate, adaptive filters, no interlacing. */
function pngHeader(width: number, height: number, depth: number, colourType: number): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = depth;
	ihdr[9] = colourType;
	return pngChunk('IHDR', ihdr);
}

function png(chunks: Buffer[]): Buffer {
	const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return Buffer.concat([signature, ...chunks, pngChunk('IEND', Buffer.alloc(0))]);
}

/** A 64x64 RGBA PNG (16,448 bytes of filtered rows) whose IDAT inflates to 200 MB: a 200 KB file. */
async function pngBomb(): Promise<Buffer> {
	return png([pngHeader(64, 64, 8, 6), pngChunk('IDAT', await deflatedZeros(200 * 1024 * 1024))]);
}

/** A text chunk first, so the header check finds no IHDR at byte 12, then an IHDR of 16000x16000 16-bit RGBA and 200 MB of image data. */
async function pngHeaderAfterText(): Promise<Buffer> {
	const text = pngChunk('tEXt', Buffer.from('Comment\0x', 'latin1'));
	return png([text, pngHeader(16000, 16000, 16, 6), pngChunk('IDAT', await deflatedZeros(200 * 1024 * 1024))]);
}

/** An IHDR of 64x64, then a second one of 9000x9000 grey (81 megapixels) with all its rows. */
async function pngSecondHeader(): Promise<Buffer> {
	return png([pngHeader(64, 64, 8, 6), pngHeader(9000, 9000, 8, 0), pngChunk('IDAT', await deflatedZeros(9000 * 9001))]);
}

/** 5800x5800 16-bit RGBA (33.6 megapixels, within the pixel limit): 257 MB of samples, with all its rows. */
async function png16BitOverBudget(): Promise<Buffer> {
	return png([pngHeader(5800, 5800, 16, 6), pngChunk('IDAT', await deflatedZeros(5800 * (1 + 5800 * 8)))]);
}

/**
 * A 1024x1024 grey progressive JPEG followed by 20,000 more scans of 12 bytes each: every scan is
 * one end-of-band run over all 16,384 blocks (a one-bit Huffman code for EOBRUN 14 and its 14 bits),
 * so each costs the decoder a pass over the picture (12 s in all, unbounded) for almost no bytes.
 */
async function jpegScanBomb(): Promise<Buffer> {
	const jpeg = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#808080' } }).greyscale().jpeg({ progressive: true }).toBuffer();
	const component = jpeg[jpeg.indexOf(Buffer.from([0xff, 0xc2])) + 10];
	const counts = Buffer.alloc(16);
	counts[0] = 1;
	// DHT: AC table 1 with one code of one bit, for the symbol 0xE0.
	const dht = Buffer.concat([Buffer.from([0xff, 0xc4, 0, 20, 0x11]), counts, Buffer.from([0xe0])]);
	// SOS: one component with tables 1/1, spectral 1..63, no approximation; then the bits 0 and fourteen 1s.
	const scan = Buffer.from([0xff, 0xda, 0, 8, 1, component, 0x11, 1, 63, 0, 0x7f, 0xfe]);
	const end = jpeg.length - 2;
	return Buffer.concat([jpeg.subarray(0, end), dht, ...Array.from({ length: 20_000 }, () => scan), jpeg.subarray(end)]);
}

/**
 * A 1024x1024 grey progressive JPEG (about 10 scans, twice the work of a baseline decode) followed
 * by 60 AC refinement scans of 12 bytes each, each one end-of-band run over every block and so a
 * full pass over the 63 AC coefficients: within the 100 scans, but 60 times the work of the picture.
 */
async function jpegRefinementBomb(): Promise<Buffer> {
	const jpeg = await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#808080' } }).greyscale().jpeg({ progressive: true }).toBuffer();
	const component = jpeg[jpeg.indexOf(Buffer.from([0xff, 0xc2])) + 10];
	const counts = Buffer.alloc(16);
	counts[0] = 1;
	const dht = Buffer.concat([Buffer.from([0xff, 0xc4, 0, 20, 0x11]), counts, Buffer.from([0xe0])]);
	// SOS: spectral 1..63, refining from bit 1 to bit 0 (Ah=1, Al=0).
	const scan = Buffer.from([0xff, 0xda, 0, 8, 1, component, 0x11, 1, 63, 0x10, 0x7f, 0xfe]);
	const end = jpeg.length - 2;
	return Buffer.concat([jpeg.subarray(0, end), dht, ...Array.from({ length: 60 }, () => scan), jpeg.subarray(end)]);
}

const MB = 1024 * 1024;

describe('decompression bombs given to Fit Input Image', () => {
	it.each([
		['a 64x64 WebP with a second VP8 chunk 16448 wide', twoLossyChunks, 'image/webp', /cannot be prepared: it has a second image chunk \(VP8, then VP8\); the decoder would decode the last$/],
		['a 64x64 WebP with a second VP8 chunk of 49216x49216', twoLossyChunksHuge, 'image/webp', /cannot be prepared: it has a second image chunk \(VP8, then VP8\)/],
		['a 64x64 lossless WebP with a second VP8L chunk of 16384x16384', twoLosslessChunks, 'image/webp', /cannot be prepared: it has a second image chunk \(VP8L, then VP8L\)/],
		['a still 64x64 WebP followed by an animation frame of 49216x49216', animationAfterTheImage, 'image/webp', /cannot be prepared: it is an animated WebP; only a still image can be fitted$/],
		['a 64x64 PNG whose image data inflates to 200 MB', pngBomb, 'image/png', /cannot be prepared: its PNG image data inflates to more than the 16448 bytes its 64x64 header implies$/],
		['a PNG whose IHDR (16000x16000) comes after a text chunk', pngHeaderAfterText, 'image/png', /cannot be prepared: its header gives no size \(a PNG must begin with its IHDR chunk/],
		['a 64x64 PNG with a second IHDR of 9000x9000', pngSecondHeader, 'image/png', /cannot be prepared: it has a second PNG header \(IHDR chunk\); the decoder would take its size$/],
		['a 5800x5800 16-bit RGBA PNG (257 MB of samples)', png16BitOverBudget, 'image/png', /cannot be prepared: it is a 5800x5800 PNG of 4 channels at 16 bits, 257 MB of samples, above the 256 MB that can be decoded; save it with 8 bits a sample or smaller$/],
		['a progressive JPEG of 20,000 scans', jpegScanBomb, 'image/jpeg', /cannot be prepared: its JPEG scans would take more than 4 times the work of decoding the picture once \(a progressive JPEG takes under 3\)$/],
		['a progressive JPEG with 60 AC refinement scans', jpegRefinementBomb, 'image/jpeg', /cannot be prepared: its JPEG scans would take more than 4 times the work/],
	])('%s is refused quickly, naming the field and item, before any request', async (_name, make, mime, message) => {
		const file = await make();
		expect(file.length).toBeLessThan(300 * 1024);
		const requestsBefore = env.emulator.requests({ token: env.token }).length;
		const peakBefore = process.resourceUsage().maxRSS * 1024;
		const started = Date.now();
		const result = await runEngineNode(env, 'octoAiSdxl', {
			prompt: 'x',
			mode: 'imageToImage',
			inputImage: `data:${mime};base64,${file.toString('base64')}`,
			options: { fitInputImage: 'crop' },
		});
		const elapsed = Date.now() - started;
		expect(result.error?.message).toMatch(/^Input Image: the image of item 0 cannot be prepared: /);
		expect(result.error?.message).toMatch(message);
		expect(elapsed).toBeLessThan(5000);
		// The process's peak memory: a decoded bomb would raise it by hundreds of MB (the PNG alone by about 600).
		expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(100 * MB);
		expect(env.emulator.requests({ token: env.token }).length).toBe(requestsBefore);
	});

	it('a genuine 64x64 WebP and PNG made the same way are fitted and sent', async () => {
		for (const [file, mime] of [[riff([await imageChunk(false)]), 'image/webp'], [await sharp({ create: { width: 64, height: 64, channels: 4, background: '#33669980' } }).png().toBuffer(), 'image/png']] as const) {
			const result = await runEngineNode(env, 'octoAiSdxl', {
				prompt: 'x',
				mode: 'imageToImage',
				inputImage: `data:${mime};base64,${file.toString('base64')}`,
				options: { fitInputImage: 'crop' },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.inputImages).toEqual([{ field: 'Input Image', from: '64x64', to: '1024x1024', how: 'cropped to fit', sentAs: 'PNG' }]);
		}
	});
});
