// The WebP chunk walk that decides whether the bundled decoder may decode a file
// (nodes/shared/images/fitting/webp-chunks.ts): real files with metadata pass; files whose chunks
// the decoder would read otherwise than the header check did are refused, each with its reason.
import sharp from 'sharp';

import { checkWebpForDecoding } from '../../nodes/shared/images/fitting/webp-chunks';

function chunk(fourcc: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.write(fourcc, 0, 'latin1');
	head.writeUInt32LE(data.length, 4);
	return Buffer.concat([head, data, Buffer.alloc(data.length & 1)]);
}

function riff(body: Buffer): Buffer {
	const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
	head.writeUInt32LE(body.length + 4, 4);
	return Buffer.concat([head, body]);
}

const still = async (options: sharp.WebpOptions = {}) =>
	await sharp({ create: { width: 64, height: 48, channels: 4, background: '#33669980' } }).webp(options).toBuffer();

it.each([
	['lossy with alpha (VP8X, ALPH, VP8)', async () => await still()],
	['lossless', async () => await still({ lossless: true })],
	['with an ICC profile and EXIF', async () => await sharp(await still()).withMetadata({ exif: { IFD0: { Copyright: 'me' } } }).webp().toBuffer()],
])('a real %s file passes, with its RIFF bytes to decode', async (_name, make) => {
	const file = await make();
	if (_name.includes('ICC')) expect([file.includes('ICCP'), file.includes('EXIF')]).toEqual([true, true]);
	const checked = checkWebpForDecoding(file);
	expect(checked.problem).toBeUndefined();
	expect(checked.problem === undefined && checked.bytes.length).toBe(file.length);
});

it('bytes after the RIFF are not given to the decoder', async () => {
	const file = await still({ lossless: true });
	const checked = checkWebpForDecoding(Buffer.concat([file, chunk('VP8L', Buffer.alloc(20))]));
	expect(checked.problem === undefined && checked.bytes.length).toBe(file.length);
});

describe('refused', () => {
	async function body() {
		return (await still({ lossless: true })).subarray(12);
	}
	it.each([
		['a chunk running past the file', async () => riff(Buffer.concat([await body(), Buffer.from('EXIF\xff\xff\xff\x7f', 'latin1')])), 'its "EXIF" chunk runs past the end of the file'],
		['stray bytes after the last chunk', async () => riff(Buffer.concat([await body(), Buffer.from('VP8L', 'latin1')])), 'it has 4 stray bytes after its last chunk'],
		['more than 64 chunks', async () => riff(Buffer.concat([await body(), ...Array.from({ length: 64 }, () => chunk('XYZW', Buffer.alloc(2)))])), 'it has more than 64 chunks'],
		['a VP8X that is not first', async () => riff(Buffer.concat([await body(), chunk('VP8X', Buffer.alloc(10))])), 'its VP8X chunk is not the first, or there are two'],
		['a VP8X of another length than 10', async () => riff(Buffer.concat([chunk('VP8X', Buffer.alloc(12)), await body()])), 'its VP8X chunk is 12 bytes, not 10'],
		['an ANMF frame', async () => riff(Buffer.concat([await body(), chunk('ANMF', Buffer.alloc(16))])), 'it is an animated WebP; only a still image can be fitted'],
		['no image chunk', async () => riff(chunk('EXIF', Buffer.alloc(4))), 'it has no WebP image data'],
	])('%s', async (_name, make, problem) => {
		expect(checkWebpForDecoding(await make())).toEqual({ problem });
	});
});
