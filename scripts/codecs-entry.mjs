// The image codecs the shipped nodes use, bundled by scripts/bundle-codecs.mjs into
// dist/nodes/shared/images/vendor/codecs.js at build (n8n takes no runtime dependencies). All are pure
// JavaScript: fast-png (with pako for zlib), jpeg-js, and image-in-browser's WebP decoder (a port of
// libwebp's, lossy, lossless and alpha); nothing here reaches a Node built-in.
export { decode as decodePng, encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { WebPDecoder } from 'image-in-browser/lib/src/formats/webp-decoder.js';

/**
 * A JPEG as 8-bit RGB, with jpeg-js patched to hold less (scripts/jpeg-memory-patches.mjs): its
 * colour conversion's own RGB output is the result for three-component files (nearly every photo),
 * instead of being copied once more into an RGBA buffer as jpeg.decode does. Grey and Adobe CMYK
 * files go through jpeg-js's conversion to RGB. The limits are jpeg.decode's options of that name;
 * past the memory one, the error names `size` (the header's, "8000x8000") and says what to do.
 */
export function decodeJpegRgb(data, { maxResolutionInMP, maxMemoryUsageInMB, size }) {
	try {
		return decodeWithinLimits(data, maxResolutionInMP, maxMemoryUsageInMB);
	} catch (error) {
		if (!/maxMemoryUsageInMB/.test(error?.message)) throw error;
		throw new Error(`it is a ${size} JPEG that needs more than the ${maxMemoryUsageInMB} MB its decoding may use; send a smaller photo, or set Fit Input Image to Stretch`);
	}
}

function decodeWithinLimits(data, maxResolutionInMP, maxMemoryUsageInMB) {
	const { JpegImage } = jpeg.decode;
	const decoder = new JpegImage();
	decoder.opts = { colorTransform: undefined, useTArray: true, formatAsRGBA: false, tolerantDecoding: true, maxResolutionInMP, maxMemoryUsageInMB };
	JpegImage.resetMaxMemoryUsage(maxMemoryUsageInMB * 1024 * 1024);
	decoder.parse(data);
	const { width, height } = decoder;
	JpegImage.requestMemoryAllocation(width * height * 3);
	if (decoder.components.length === 3) return { width, height, data: decoder.getData(width, height) };
	const image = { width, height, data: new Uint8Array(width * height * 3) };
	decoder.copyToImageData(image, false);
	return image;
}

/** A still WebP as 8-bit RGBA (the decoder writes four channels for every kind), or undefined when it cannot read it. */
export function decodeWebp(data) {
	const image = new WebPDecoder().decode({ bytes: data, frameIndex: 0 });
	if (!image || image.numChannels !== 4 || image.bitsPerChannel !== 8) return undefined;
	return { width: image.width, height: image.height, data: image.toUint8Array() };
}
