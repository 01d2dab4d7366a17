import type { Resolution } from '../../fields/engines';
import type { ImageSize } from '../image-header';
import { nearestResolution, type Placement } from './fit';
import type { Raster } from './raster';

/** How far to extend each side of the image, in pixels of the image or in percent of its width (left, right) or height (top, bottom). */
export interface Extension {
	left: number;
	right: number;
	top: number;
	bottom: number;
	unit: 'pixels' | 'percent';
}

/** The extension in the image's own pixels. */
export function extensionPixels(size: ImageSize, extension: Extension): Omit<Extension, 'unit'> {
	const of = (value: number, side: number) => (extension.unit === 'percent' ? Math.round((side * value) / 100) : Math.round(value));
	return {
		left: of(extension.left, size.width),
		right: of(extension.right, size.width),
		top: of(extension.top, size.height),
		bottom: of(extension.bottom, size.height),
	};
}

/**
 * Where the original image goes on the outpainting canvas: the extended canvas's aspect picks the
 * engine's resolution, the image is scaled to fit that canvas as extended, and whatever the
 * resolution leaves over on an axis goes to that axis's extended sides in their proportion (evenly
 * to both when neither was extended), so the original is never cut or distorted.
 */
export function outpaintPlacement(size: ImageSize, extension: Extension, resolutions: readonly Resolution[]): Placement {
	const px = extensionPixels(size, extension);
	const extended = { width: size.width + px.left + px.right, height: size.height + px.top + px.bottom };
	const [width, height] = nearestResolution(resolutions, extended);
	const scale = Math.min(width / extended.width, height / extended.height);
	const scaled = {
		width: Math.max(1, Math.min(width, Math.round(size.width * scale))),
		height: Math.max(1, Math.min(height, Math.round(size.height * scale))),
	};
	const share = (before: number, after: number, room: number) =>
		before + after === 0 ? Math.floor(room / 2) : Math.round((room * before) / (before + after));
	return {
		source: { left: 0, top: 0, width: size.width, height: size.height },
		scaled,
		left: share(px.left, px.right, width - scaled.width),
		top: share(px.top, px.bottom, height - scaled.height),
		canvas: { width, height },
	};
}

/** The outpainting mask: white (paint) on the whole canvas but the rectangle the original image covers, black (keep). */
export function outpaintMask(placement: Placement): Raster {
	const { canvas, scaled, left, top } = placement;
	const data = new Uint8Array(canvas.width * canvas.height * 3).fill(255);
	for (let y = top; y < top + scaled.height; y++) data.fill(0, (y * canvas.width + left) * 3, (y * canvas.width + left + scaled.width) * 3);
	return { width: canvas.width, height: canvas.height, channels: 3, data };
}

/** An inpainting mask from an image's alpha channel: transparent is white (repaint), opaque black; or the inverse. An image without alpha is wholly opaque. */
export function alphaMask(image: Raster, transparentRepaints: boolean): Raster {
	const pixels = image.width * image.height;
	const data = new Uint8Array(pixels * 3);
	for (let p = 0, q = 0; p < pixels; p++, q += 3) {
		const alpha = image.channels === 4 ? image.data[p * 4 + 3] : 255;
		data[q] = data[q + 1] = data[q + 2] = transparentRepaints ? 255 - alpha : alpha;
	}
	return { width: image.width, height: image.height, channels: 3, data };
}
