// Which list of base64 media a generation answer holds, the limits its streaming read keeps, and the
// error when an answer breaks them (json-media-stream.ts reads it, base64-sink.ts decodes each entry).

/** A response that is cut off, not JSON, too large, or has an image that is not base64. */
export class MediaStreamError extends Error {
	override name = 'MediaStreamError';

	constructor(
		message: string,
		/** The body is cut off or not JSON at all (rather than JSON with a bad or oversized image). */
		readonly notJson = false,
		/** Reading stopped at one of the size limits (MediaStreamLimits). */
		readonly tooLarge = false,
	) {
		super(message);
	}
}

export interface MediaStreamLimits {
	/** Bytes of the response besides the images' base64 (the JSON skeleton). */
	maxOtherBytes: number;
	/** Decoded bytes of one image. */
	maxImageBytes: number;
	/** Decoded bytes of all images of the response together. */
	maxTotalImageBytes: number;
}

export const DEFAULT_MEDIA_STREAM_LIMITS: MediaStreamLimits = {
	maxOtherBytes: 1024 * 1024,
	maxImageBytes: 64 * 1024 * 1024,
	maxTotalImageBytes: 512 * 1024 * 1024,
};

/**
 * Which list of base64 media an answer holds: `images[].image_b64` (generations, utilities) or
 * `videos[].video` (Stable Video Diffusion). `key`'s string values are decoded as they stream;
 * `noun` names one entry in errors.
 */
export interface Base64List {
	list: string;
	key: string;
	noun: string;
}

export const IMAGE_LIST: Base64List = { list: 'images', key: 'image_b64', noun: 'image' };
export const VIDEO_LIST: Base64List = { list: 'videos', key: 'video', noun: 'video' };
