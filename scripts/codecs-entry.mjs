// The image codecs the shipped nodes use, bundled by scripts/bundle-codecs.mjs into
// dist/nodes/shared/vendor/codecs.js at build (n8n takes no runtime dependencies). All are pure
// JavaScript: fast-png (with pako for zlib), jpeg-js, and image-in-browser's WebP decoder (a port of
// libwebp's, lossy, lossless and alpha); nothing here reaches a Node built-in.
export { decode as decodePng, encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { WebPDecoder } from 'image-in-browser/lib/src/formats/webp-decoder.js';

export const decodeJpeg = jpeg.decode;

/** A still WebP as 8-bit RGBA (the decoder writes four channels for every kind), or undefined when it cannot read it. */
export function decodeWebp(data) {
	const image = new WebPDecoder().decode({ bytes: data, frameIndex: 0 });
	if (!image || image.numChannels !== 4 || image.bitsPerChannel !== 8) return undefined;
	return { width: image.width, height: image.height, data: image.toUint8Array() };
}
