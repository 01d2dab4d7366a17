import { declaredImageSize, formatImageSize, type ImageSize } from '../image-header';

/**
 * What the bundled WebP decoder (image-in-browser) will decode, read before it allocates. Its chunk
 * walk reads every chunk to the end of what it is given and decodes the LAST VP8 or VP8L chunk, at
 * the size that chunk's own header gives (VP8's two upscaling bits included, each multiplying a side
 * by up to four), whatever the first chunk or VP8X said. The header check (image-header.ts) reads
 * only the first chunk, so a file is decoded only when the decoder's walk and ours must agree: every
 * chunk inside the RIFF, exactly one VP8 or VP8L chunk, at most one VP8X and first, no animation, and
 * the image chunk declaring the very size the header passed the limit with.
 */

/** Far more than a still image has (VP8X, ICCP, ALPH, the image, EXIF, XMP and a few unknown ones). */
const MAX_CHUNKS = 64;

/** The bytes the decoder is to be given (the RIFF, without anything after it), or why it is refused. */
export type WebpCheck = { bytes: Uint8Array; problem?: undefined } | { problem: string };

/** Checks a WebP file (RIFF....WEBP already sniffed) as the decoder will walk it. */
export function checkWebpForDecoding(bytes: Buffer): WebpCheck {
	const end = Math.min(bytes.length, 8 + bytes.readUInt32LE(4));
	const header = declaredImageSize(bytes);
	let image: { chunk: string; size?: ImageSize } | undefined;
	let count = 0;
	for (let at = 12; at < end; count++) {
		if (count === MAX_CHUNKS) return { problem: `it has more than ${MAX_CHUNKS} chunks` };
		if (at + 8 > end) return { problem: `it has ${end - at} stray bytes after its last chunk` };
		const chunk = bytes.toString('latin1', at, at + 4);
		const length = bytes.readUInt32LE(at + 4);
		const name = JSON.stringify(chunk.trim());
		// The decoder moves on by the length read (even-padded): one that runs past the file would
		// make it read the next "chunk" from inside this one's data, or from before it.
		if (length > end - at - 8) return { problem: `its ${name} chunk runs past the end of the file` };
		if (chunk === 'ANIM' || chunk === 'ANMF') return { problem: 'it is an animated WebP; only a still image can be fitted' };
		if (chunk === 'VP8X') {
			if (length > 0 && (bytes[at + 8] & 0x02) !== 0) return { problem: 'it is an animated WebP; only a still image can be fitted' };
			if (at !== 12) return { problem: 'its VP8X chunk is not the first, or there are two' };
			// The decoder reads ten bytes of it whatever its length says.
			if (length !== 10) return { problem: `its VP8X chunk is ${length} bytes, not 10` };
		}
		if (chunk === 'VP8 ' || chunk === 'VP8L') {
			if (image) return { problem: `it has a second image chunk (${image.chunk.trim()}, then ${chunk.trim()}); the decoder would decode the last` };
			image = { chunk, size: frameSize(bytes.subarray(at + 8, at + 8 + length), chunk) };
		}
		at += 8 + length + (length & 1);
	}
	if (!image) return { problem: 'it has no WebP image data' };
	const kind = image.chunk.trim();
	if (!image.size) return { problem: `its ${kind} image data has no readable size` };
	if (!header || image.size.width !== header.width || image.size.height !== header.height) {
		return { problem: `its ${kind} image data declares ${formatImageSize(image.size)} pixels, not the ${header ? formatImageSize(header) : 'unknown size'} of its header` };
	}
	return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, end) };
}

/** The size as the decoder reads it: VP8's 16-bit fields whole (upscaling bits and all), VP8L's 14-bit fields plus one. */
function frameSize(data: Buffer, chunk: string): ImageSize | undefined {
	if (chunk === 'VP8 ') {
		if (data.length < 10 || data.readUIntBE(3, 3) !== 0x9d012a) return undefined;
		return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
	}
	if (data.length < 5 || data[0] !== 0x2f) return undefined;
	const bits = data.readUInt32LE(1);
	return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
}
