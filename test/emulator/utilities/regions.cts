// What the emulator can "see" in a picture: the parts its utilities find, segment and cut out.
// Deliberately simple and deterministic: a plain backdrop is the colour along the border, the subject
// is what differs from it, the sky is the band along the top edge that keeps the top rows' colour and
// the ground the same along the bottom edge. The example scenes (a product on a plain backdrop, a
// landscape under a sky) are drawn so these rules find what a person sees.
import { boxWhere } from '../images/compose.cts';
import type { DecodedImage } from '../validation/images.cts';

/** One weight per pixel, 0 (outside) or 1 (inside). */
export type Mask = Uint8Array;

export interface Box {
	left: number;
	top: number;
	/** Exclusive. */
	right: number;
	bottom: number;
}

/** Colour distance beyond which a pixel is not "the same" as a reference colour. */
const SAME_COLOUR = 48;

// Operators only, no Math.* per pixel (see images/pattern.cts on globals in pixel loops under jest).
const abs = (v: number) => (v < 0 ? -v : v);
const distance = (rgb: Buffer, at: number, ref: number[]) => abs(rgb[at] - ref[0]) + abs(rgb[at + 1] - ref[1]) + abs(rgb[at + 2] - ref[2]);

function mean(image: DecodedImage, pixels: Iterable<number>): number[] {
	const sum = [0, 0, 0];
	let n = 0;
	for (const p of pixels) {
		sum[0] += image.rgb[p * 3];
		sum[1] += image.rgb[p * 3 + 1];
		sum[2] += image.rgb[p * 3 + 2];
		n++;
	}
	return n === 0 ? [255, 255, 255] : sum.map((s) => s / n);
}

function* borderPixels(width: number, height: number): Generator<number> {
	for (let x = 0; x < width; x++) {
		yield x;
		yield (height - 1) * width + x;
	}
	for (let y = 1; y < height - 1; y++) {
		yield y * width;
		yield y * width + width - 1;
	}
}

function* rowPixels(width: number, from: number, to: number): Generator<number> {
	for (let p = from * width; p < to * width; p++) yield p;
}

/** The subject: pixels that differ from the backdrop colour (the mean colour along the border). */
export function subjectMask(image: DecodedImage): Mask {
	const backdrop = mean(image, borderPixels(image.width, image.height));
	const mask = new Uint8Array(image.width * image.height);
	for (let p = 0; p < mask.length; p++) mask[p] = distance(image.rgb, p * 3, backdrop) > SAME_COLOUR * 1.5 ? 1 : 0;
	return mask;
}

/**
 * A band along the top (`sky`) or bottom (`ground`) edge: the rows, from that edge inwards, whose mean
 * colour stays close to the edge rows' colour (at most 70% of the height), and within them the pixels
 * of that colour (so a peak reaching into the sky stays out of the mask).
 */
export function bandMask(image: DecodedImage, edge: 'top' | 'bottom'): Mask {
	const { width, height } = image;
	const edgeRows = Math.max(1, Math.round(height * 0.02));
	const row = (y: number) => mean(image, rowPixels(width, y, y + 1));
	const ref = edge === 'top' ? mean(image, rowPixels(width, 0, edgeRows)) : mean(image, rowPixels(width, height - edgeRows, height));
	const mask = new Uint8Array(width * height);
	const limit = Math.round(height * 0.7);
	for (let i = 0; i < limit; i++) {
		const y = edge === 'top' ? i : height - 1 - i;
		const rowColour = row(y);
		const gap = abs(rowColour[0] - ref[0]) + abs(rowColour[1] - ref[1]) + abs(rowColour[2] - ref[2]);
		if (gap > SAME_COLOUR * 2) break;
		for (let x = 0; x < width; x++) {
			const p = y * width + x;
			mask[p] = distance(image.rgb, p * 3, ref) <= SAME_COLOUR * 2 ? 1 : 0;
		}
	}
	return mask;
}

export const invert = (mask: Mask): Mask => mask.map((v) => 1 - v);

export function area(mask: Mask): number {
	let n = 0;
	for (const v of mask) n += v;
	return n;
}

/** The smallest box holding every pixel of the mask, or undefined when it is empty. */
export function maskBox(mask: Mask, width: number): Box | undefined {
	return boxWhere(mask.length, width, (p) => mask[p] !== 0);
}

/** The mask's pixels inside the box only. */
export function clip(mask: Mask, width: number, box: Box): Mask {
	return mask.map((v, p) => {
		const x = p % width;
		const y = (p - x) / width;
		return v && x >= box.left && x < box.right && y >= box.top && y < box.bottom ? 1 : 0;
	});
}

/** Connected parts of a mask (4-neighbour), largest first; parts under `minArea` pixels are left out. */
export function components(mask: Mask, width: number, minArea: number): Mask[] {
	const label = new Int32Array(mask.length).fill(-1);
	const parts: Array<{ pixels: number[] }> = [];
	const stack: number[] = [];
	for (let start = 0; start < mask.length; start++) {
		if (!mask[start] || label[start] !== -1) continue;
		const id = parts.length;
		const pixels: number[] = [];
		label[start] = id;
		stack.push(start);
		while (stack.length > 0) {
			const p = stack.pop()!;
			pixels.push(p);
			const x = p % width;
			for (const q of [p - width, p + width, x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1]) {
				if (q >= 0 && q < mask.length && mask[q] && label[q] === -1) {
					label[q] = id;
					stack.push(q);
				}
			}
		}
		parts.push({ pixels });
	}
	return parts
		.filter((part) => part.pixels.length >= minArea)
		.sort((a, b) => b.pixels.length - a.pixels.length)
		.map((part) => {
			const out = new Uint8Array(mask.length);
			for (const p of part.pixels) out[p] = 1;
			return out;
		});
}

/** Words the segmenter recognises, each with the region it stands for and a fixed confidence. */
export const VOCABULARY: Record<string, { region: (image: DecodedImage) => Mask; score: number }> = {
	sky: { region: (image) => bandMask(image, 'top'), score: 0.86 },
	ground: { region: (image) => bandMask(image, 'bottom'), score: 0.78 },
	background: { region: (image) => invert(subjectMask(image)), score: 0.74 },
	subject: { region: subjectMask, score: 0.81 },
};
/** Other words for the same regions. */
export const SYNONYMS: Record<string, string> = {
	sky: 'sky', skies: 'sky', clouds: 'sky',
	ground: 'ground', grass: 'ground', floor: 'ground', field: 'ground', hills: 'ground',
	background: 'background', backdrop: 'background',
	subject: 'subject', product: 'subject', object: 'subject', foreground: 'subject', bottle: 'subject', person: 'subject',
};
