import { crc32, deflateSync } from 'node:zlib';

import { picture } from '../../nodes/helpers.cts';

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

/**
 * A genuine bomb, whole and valid: a 1-bit greyscale PNG of `side` x `side` black pixels, whose
 * zeros deflate about a thousand to one (30000 a side: about 110 KB of file, 112 MB of image data).
 */
export function pngBomb(side = 30000): Buffer {
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(side, 0);
	header.writeUInt32BE(side, 4);
	header[8] = 1; // bit depth 1, colour type 0 (greyscale), deflate, no filter method, no interlace
	// Each row: a filter byte (0) and side / 8 bytes of black pixels, all zeros.
	const raw = Buffer.alloc((1 + Math.ceil(side / 8)) * side);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw, { level: 9 })),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
