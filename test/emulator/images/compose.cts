// Ways a request's input images shape the generated picture (img2img, inpainting, ControlNet, photo merge).
import { createCanvas, type Canvas } from './canvas.cts';
import type { Box } from './text.cts';

type Rgb = [number, number, number];

/** Per-pixel weights 0..1 from an image's luminance (white = 1): masks and ready-made control maps. */
export function luminance(image: Canvas): Float32Array {
	const { data } = image;
	const out = new Float32Array(image.width * image.height);
	for (let p = 0, at = 0; p < out.length; p++, at += 3) {
		out[p] = (0.299 * data[at] + 0.587 * data[at + 1] + 0.114 * data[at + 2]) / 255;
	}
	return out;
}

/** A Sobel edge map (0..1), standing in for the control map the service builds when `controlnet_preprocess` is set. */
export function edges(image: Canvas): Float32Array {
	const { width, height } = image;
	const lum = luminance(image);
	const out = new Float32Array(width * height);
	let max = 0;
	for (let y = 1; y < height - 1; y++) {
		for (let x = 1; x < width - 1; x++) {
			const p = y * width + x;
			const gx = lum[p - width + 1] + 2 * lum[p + 1] + lum[p + width + 1] - lum[p - width - 1] - 2 * lum[p - 1] - lum[p + width - 1];
			const gy = lum[p + width - 1] + 2 * lum[p + width] + lum[p + width + 1] - lum[p - width - 1] - 2 * lum[p - width] - lum[p - width + 1];
			out[p] = (gx * gx + gy * gy) ** 0.5; // not Math.sqrt: see pattern.cts on globals in pixel loops
			if (out[p] > max) max = out[p];
		}
	}
	if (max > 0) for (let p = 0; p < out.length; p++) out[p] /= max;
	return out;
}

/** Scales each pixel's brightness by the control map: weight 0 leaves the picture alone, 1 makes it follow the map fully. */
export function followControl(canvas: Canvas, map: Float32Array, weight: number): void {
	const { data } = canvas;
	for (let p = 0, at = 0; p < map.length; p++, at += 3) {
		const k = 1 - weight + weight * map[p];
		data[at] *= k;
		data[at + 1] *= k;
		data[at + 2] *= k;
	}
}

/** Average colour, optionally weighted per pixel. */
export function meanColour(image: Canvas, weights?: Float32Array): Rgb {
	const { data } = image;
	const sum = [0, 0, 0];
	let total = 0;
	for (let p = 0, at = 0; p < image.width * image.height; p++, at += 3) {
		const w = weights ? weights[p] : 1;
		sum[0] += data[at] * w;
		sum[1] += data[at + 1] * w;
		sum[2] += data[at + 2] * w;
		total += w;
	}
	return total > 0 ? [sum[0] / total, sum[1] / total, sum[2] / total] : [128, 128, 128];
}

/** Moves every pixel `amount` (0..1) of the way toward a colour. */
export function tint(canvas: Canvas, colour: Rgb, amount: number): void {
	const { data } = canvas;
	for (let at = 0; at < data.length; at += 3) {
		data[at] += (colour[0] - data[at]) * amount;
		data[at + 1] += (colour[1] - data[at + 1]) * amount;
		data[at + 2] += (colour[2] - data[at + 2]) * amount;
	}
}

/** Pastes small pictures in a row along the top-right corner, each in a white frame (photo merge shows its sources). */
export function pasteInsets(canvas: Canvas, insets: Canvas[], frame: number): void {
	let right = canvas.width - frame * 2;
	for (const inset of insets) {
		const left = right - inset.width;
		const top = frame * 2;
		if (left < 0) break;
		fillRect(canvas, left - frame, top - frame, inset.width + 2 * frame, inset.height + 2 * frame, [255, 255, 255]);
		for (let y = 0; y < inset.height && top + y < canvas.height; y++) {
			const src = y * inset.width * 3;
			canvas.data.set(inset.data.subarray(src, src + inset.width * 3), ((top + y) * canvas.width + left) * 3);
		}
		right = left - frame * 3;
	}
}

function fillRect(canvas: Canvas, x0: number, y0: number, w: number, h: number, colour: Rgb): void {
	const [left, right] = [Math.max(0, x0), Math.min(canvas.width, x0 + w)];
	const [top, bottom] = [Math.max(0, y0), Math.min(canvas.height, y0 + h)];
	for (let y = top; y < bottom; y++) {
		for (let x = left; x < right; x++) {
			canvas.data.set(colour, (y * canvas.width + x) * 3);
		}
	}
}

/**
 * result = base * (1 - a) + top * a per pixel, where `alpha` is one number or a per-pixel map.
 * Pixels with a = 0 are copied from `base` untouched, so inpainting keeps unmasked pixels exactly.
 */
export function blend(base: Canvas, top: Canvas, alpha: number | Float32Array): Canvas {
	const out = createCanvas(base.width, base.height);
	const a = base.data;
	const b = top.data;
	for (let p = 0, at = 0; p < base.width * base.height; p++, at += 3) {
		const k = typeof alpha === 'number' ? alpha : alpha[p];
		if (k === 0) {
			out.data[at] = a[at];
			out.data[at + 1] = a[at + 1];
			out.data[at + 2] = a[at + 2];
		} else {
			out.data[at] = a[at] + (b[at] - a[at]) * k;
			out.data[at + 1] = a[at + 1] + (b[at + 1] - a[at + 1]) * k;
			out.data[at + 2] = a[at + 2] + (b[at + 2] - a[at + 2]) * k;
		}
	}
	return out;
}

/** Bounding box of the pixels whose weight exceeds one half, or undefined when there are none. */
export function boundingBox(weights: Float32Array, width: number): Box | undefined {
	return boxWhere(weights.length, width, (p) => weights[p] > 0.5);
}

/** Bounding box of the pixels (by index, row-major, `width` per row) for which `inside` holds. */
export function boxWhere(count: number, width: number, inside: (p: number) => boolean): Box | undefined {
	let [left, top, right, bottom] = [width, Infinity, -1, -1];
	for (let p = 0; p < count; p++) {
		if (!inside(p)) continue;
		const x = p % width;
		const y = (p - x) / width;
		if (x < left) left = x;
		if (x > right) right = x;
		if (y < top) top = y;
		bottom = y;
	}
	return right < 0 ? undefined : { left, top, right: right + 1, bottom: bottom + 1 };
}
