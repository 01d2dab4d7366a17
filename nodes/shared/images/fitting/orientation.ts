import type { Raster } from './raster';

/**
 * A JPEG's EXIF orientation (1-8; 1 when it has none): how a camera that stored the pixels sideways
 * says to turn them. Phones store most portrait photos as landscape pixels with orientation 6, and
 * every viewer shows them turned, so fitting turns them first. Read from the APP1 "Exif" segment's
 * first IFD (tag 0x0112), in the byte order its TIFF header gives; anything malformed counts as 1.
 */
export function jpegOrientation(bytes: Buffer): number {
	for (let at = 2; at + 4 <= bytes.length; ) {
		if (bytes[at] !== 0xff) return 1;
		const marker = bytes[at + 1];
		if (marker === 0xda || marker === 0xd9) return 1;
		const length = bytes.readUInt16BE(at + 2);
		if (marker === 0xe1 && bytes.toString('latin1', at + 4, at + 10) === 'Exif\0\0') {
			return exifOrientation(bytes.subarray(at + 10, Math.min(bytes.length, at + 2 + length)));
		}
		at += 2 + length;
	}
	return 1;
}

function exifOrientation(tiff: Buffer): number {
	if (tiff.length < 8) return 1;
	const little = tiff.toString('latin1', 0, 2) === 'II';
	const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
	const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
	const ifd = u32(4);
	if (ifd + 2 > tiff.length) return 1;
	const entries = u16(ifd);
	for (let n = 0; n < entries; n++) {
		const entry = ifd + 2 + n * 12;
		if (entry + 12 > tiff.length) return 1;
		if (u16(entry) !== 0x0112) continue;
		const value = u16(entry + 8);
		return value >= 1 && value <= 8 ? value : 1;
	}
	return 1;
}

/** Where output pixel (x, y) comes from in a source of width w and height h, per orientation. */
const SOURCE_OF: Record<number, (x: number, y: number, w: number, h: number) => [number, number]> = {
	2: (x, y, w) => [w - 1 - x, y],
	3: (x, y, w, h) => [w - 1 - x, h - 1 - y],
	4: (x, y, _w, h) => [x, h - 1 - y],
	5: (x, y) => [y, x],
	6: (x, y, _w, h) => [y, h - 1 - x],
	7: (x, y, w, h) => [w - 1 - y, h - 1 - x],
	8: (x, y, w) => [w - 1 - y, x],
};

/** The raster turned and mirrored as its orientation says, so it looks as viewers show it. */
export function applyOrientation(raster: Raster, orientation: number): Raster {
	const sourceOf = SOURCE_OF[orientation];
	if (!sourceOf) return raster;
	const { width: w, height: h, channels: ch } = raster;
	const [width, height] = orientation >= 5 ? [h, w] : [w, h];
	const src = raster.data;
	const data = new Uint8Array(src.length);
	for (let y = 0, o = 0; y < height; y++) {
		for (let x = 0; x < width; x++, o += ch) {
			const [sx, sy] = sourceOf(x, y, w, h);
			const at = (sy * w + sx) * ch;
			data[o] = src[at]; data[o + 1] = src[at + 1]; data[o + 2] = src[at + 2];
			if (ch === 4) data[o + 3] = src[at + 3];
		}
	}
	return { width, height, channels: ch, data };
}
