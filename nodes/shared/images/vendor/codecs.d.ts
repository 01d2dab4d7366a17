// Types of dist/nodes/shared/images/vendor/codecs.js, which the build bundles from scripts/codecs-entry.mjs
// (fast-png, jpeg-js and image-in-browser's WebP decoder, pure JavaScript). Only what the node uses is declared.

export interface DecodedPng {
	width: number;
	height: number;
	data: Uint8Array | Uint16Array;
	depth: number;
	channels: number;
	/** Indexed images: [r, g, b] or [r, g, b, a] per index. */
	palette?: number[][];
}

export function decodePng(data: Uint8Array, options?: { checkCrc?: boolean }): DecodedPng;

export function encodePng(image: { width: number; height: number; data: Uint8Array; channels: number; depth: 8 }): Uint8Array;

/**
 * A JPEG as 8-bit RGB (jpeg-js, patched at bundling to hold less and to a budget of scans:
 * scripts/jpeg-*-patches.mjs); throws past the limits, past the memory one naming `size` ("8000x8000").
 */
export function decodeJpegRgb(data: Uint8Array, limits: { maxResolutionInMP: number; maxMemoryUsageInMB: number; size: string }): { width: number; height: number; data: Uint8Array };

/** A still WebP (lossy, lossless, with or without alpha) as 8-bit RGBA; undefined when the decoder cannot read it. */
export function decodeWebp(data: Uint8Array): { width: number; height: number; data: Uint8Array } | undefined;
