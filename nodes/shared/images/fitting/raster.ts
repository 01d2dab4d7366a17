/**
 * Decoded pictures as the fitting code handles them: 8-bit RGB or RGBA, row by row, and the one
 * resampler every fit, canvas and mask goes through.
 */

export interface Raster {
	width: number;
	height: number;
	/** 3 (red, green, blue) for a picture without transparency, 4 (and alpha) with it. */
	channels: 3 | 4;
	/** width * height * channels bytes. */
	data: Uint8Array;
}

/** Source pixels and their weights for each output pixel along one axis. */
interface Taps {
	first: Int32Array;
	count: Int32Array;
	weights: Float32Array;
	/** Weights per output pixel (the widest tap). */
	stride: number;
}

/**
 * One axis's taps: area averaging when shrinking (every source pixel counts by how much of it the
 * output pixel covers, so a 12-megapixel photo shrinks without aliasing), linear interpolation when
 * growing. `from`/`span` select the part of the source that maps onto the `to` output pixels.
 */
function axisTaps(from: number, span: number, to: number, size: number): Taps {
	const scale = span / to;
	const stride = scale > 1 ? Math.ceil(scale) + 2 : 2;
	const first = new Int32Array(to);
	const count = new Int32Array(to);
	const weights = new Float32Array(to * stride);
	for (let out = 0; out < to; out++) {
		if (scale > 1) {
			const start = from + out * scale;
			const end = start + scale;
			const lo = Math.floor(start);
			let n = 0;
			for (let src = lo; src < end && n < stride; src++, n++) {
				weights[out * stride + n] = (Math.min(end, src + 1) - Math.max(start, src)) / scale;
			}
			first[out] = lo;
			count[out] = n;
		} else {
			const centre = Math.min(Math.max(from + (out + 0.5) * scale - 0.5, 0), size - 1);
			const lo = Math.min(Math.floor(centre), size - 1);
			const t = centre - lo;
			first[out] = lo;
			count[out] = lo + 1 < size ? 2 : 1;
			weights[out * stride] = count[out] === 2 ? 1 - t : 1;
			weights[out * stride + 1] = t;
		}
	}
	// Area taps may reach one past the edge at the last pixel: clamp them onto it.
	for (let out = 0; out < to; out++) {
		while (count[out] > 0 && first[out] + count[out] > size) count[out]--;
	}
	return { first, count, weights, stride };
}

export interface Region {
	left: number;
	top: number;
	width: number;
	height: number;
}

/**
 * The `region` of `source` (fractional edges allowed) scaled to width x height, one output row at a
 * time: the source rows under it are summed by their vertical weights into one row buffer, which is
 * then resampled horizontally. Besides the source and the output it holds that single row, so
 * shrinking a 12-megapixel photo costs no second full-size copy. The output has the source's channels.
 */
export function resample(source: Raster, region: Region, width: number, height: number): Raster {
	const xTaps = axisTaps(region.left, region.width, width, source.width);
	const yTaps = axisTaps(region.top, region.height, height, source.height);
	const ch = source.channels;
	const row = new Float32Array(source.width * ch);
	const src = source.data;
	const data = new Uint8Array(width * height * ch);
	// Only the columns the horizontal taps read are summed.
	const colFrom = xTaps.first[0] * ch;
	const colTo = (xTaps.first[width - 1] + xTaps.count[width - 1]) * ch;
	for (let y = 0; y < height; y++) {
		row.fill(0, colFrom, colTo);
		let rowTotal = 0;
		for (let k = 0; k < yTaps.count[y]; k++) {
			const w = yTaps.weights[y * yTaps.stride + k];
			const base = (yTaps.first[y] + k) * source.width * ch;
			for (let at = colFrom; at < colTo; at++) row[at] += src[base + at] * w;
			rowTotal += w;
		}
		const rowNorm = rowTotal > 0 ? 1 / rowTotal : 0;
		for (let x = 0; x < width; x++) {
			let r = 0, g = 0, b = 0, a = 0, total = 0;
			for (let k = 0; k < xTaps.count[x]; k++) {
				const w = xTaps.weights[x * xTaps.stride + k];
				const at = (xTaps.first[x] + k) * ch;
				r += row[at] * w; g += row[at + 1] * w; b += row[at + 2] * w;
				if (ch === 4) a += row[at + 3] * w;
				total += w;
			}
			const o = (y * width + x) * ch;
			const norm = total > 0 ? rowNorm / total : 0;
			data[o] = Math.round(r * norm); data[o + 1] = Math.round(g * norm); data[o + 2] = Math.round(b * norm);
			if (ch === 4) data[o + 3] = Math.round(a * norm);
		}
	}
	return { width, height, channels: ch, data };
}

/** `inner` placed at (left, top) of a width x height canvas; the rest repeats inner's nearest edge pixel, or is `colour` (RGBA; an RGB canvas takes its RGB). */
export function placeOnCanvas(inner: Raster, width: number, height: number, left: number, top: number, colour?: readonly number[]): Raster {
	const ch = inner.channels;
	const data = new Uint8Array(width * height * ch);
	const fill = colour?.slice(0, ch);
	for (let y = 0; y < height; y++) {
		const iy = Math.min(Math.max(y - top, 0), inner.height - 1);
		const insideY = y - top === iy;
		for (let x = 0; x < width; x++) {
			const ix = Math.min(Math.max(x - left, 0), inner.width - 1);
			const o = (y * width + x) * ch;
			if (fill && !(insideY && x - left === ix)) data.set(fill, o);
			else data.set(inner.data.subarray((iy * inner.width + ix) * ch, (iy * inner.width + ix + 1) * ch), o);
		}
	}
	return { width, height, channels: ch, data };
}
