import { crc32 } from 'node:zlib';

import { picture } from '../../nodes/helpers';

/**
 * A small, structurally whole image file whose header declares `width` x `height` pixels: the shape
 * of a decompression bomb (a few KB that decode to gigabytes), made by rewriting a real file's header.
 * PNG: IHDR (with its CRC fixed); JPEG: the SOF0 segment; WebP: the lossy VP8 frame header (14 bits
 * a side at most).
 */
export async function declaring(format: 'png' | 'jpeg' | 'webp', width: number, height: number): Promise<Buffer> {
	const bytes = Buffer.from(await picture(64, 64, format));
	if (format === 'png') {
		bytes.writeUInt32BE(width, 16);
		bytes.writeUInt32BE(height, 20);
		bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
		return bytes;
	}
	if (format === 'jpeg') {
		const sof = bytes.indexOf(Buffer.from([0xff, 0xc0]));
		bytes.writeUInt16BE(height, sof + 5);
		bytes.writeUInt16BE(width, sof + 7);
		return bytes;
	}
	if (bytes.toString('latin1', 12, 16) !== 'VP8 ') throw new Error('expected a lossy WebP');
	bytes.writeUInt16LE(width & 0x3fff, 26);
	bytes.writeUInt16LE(height & 0x3fff, 28);
	return bytes;
}
