// What each media utility does to the pictures of a validated request. Every result is deterministic
// for its request and visibly right: sizes as asked, cut-outs whose alpha keeps the subject, masks
// where the prompt's words are, inpainting only inside what was detected, the product at the height asked.
import sharp from 'sharp';
import { createCanvas, type Canvas } from '../images/canvas.cts';
import { paintPattern } from '../images/pattern.cts';
import { canonicalJson, hash32, seededRandom } from '../images/random.cts';
import { drawCaption } from '../images/text.cts';
import type { DecodedImage } from '../validation/images.cts';
import { area, clip, components, maskBox, subjectMask, SYNONYMS, VOCABULARY, type Box, type Mask } from './regions.cts';

type Params = Record<string, unknown>;
const raw = (width: number, height: number, channels: 1 | 3 | 4) => ({ raw: { width, height, channels } });

async function encodeRgb(rgb: Uint8Array | Buffer, width: number, height: number, encoding: string): Promise<string> {
	const pipeline = sharp(Buffer.from(rgb.buffer, rgb.byteOffset, rgb.length), raw(width, height, 3));
	const bytes = encoding === 'jpeg' ? await pipeline.jpeg({ quality: 90 }).toBuffer() : await pipeline.png({ compressionLevel: 3 }).toBuffer();
	return bytes.toString('base64');
}

/** A mask as the API returns one: a greyscale PNG, white inside. */
async function maskPng(mask: Mask, width: number, height: number): Promise<string> {
	const grey = Buffer.from(mask.map((v) => (v ? 255 : 0)));
	return (await sharp(grey, raw(width, height, 1)).toColourspace('b-w').png().toBuffer()).toString('base64');
}

const boxPair = (box: Box): [[number, number], [number, number]] => [
	[box.left, box.top],
	[box.right, box.bottom],
];

/** POST /upscaling: resampled (Lanczos) to `scale` times the input, or to the one side given, keeping the aspect ratio. */
export async function upscale(p: Params, image: DecodedImage) {
	const modelScale = String(p.model).includes('x2') ? 2 : 4;
	let width: number;
	let height: number;
	if (p.output_image_width !== undefined) {
		width = p.output_image_width as number;
		height = Math.max(1, Math.round((image.height * width) / image.width));
	} else if (p.output_image_height !== undefined) {
		height = p.output_image_height as number;
		width = Math.max(1, Math.round((image.width * height) / image.height));
	} else {
		const scale = (p.scale as number | undefined) ?? modelScale;
		width = Math.max(1, Math.round(image.width * scale));
		height = Math.max(1, Math.round(image.height * scale));
	}
	const rgb = await sharp(image.rgb, raw(image.width, image.height, 3)).resize(width, height, { fit: 'fill', kernel: 'lanczos3' }).raw().toBuffer();
	return { image_b64: await encodeRgb(rgb, width, height, p.output_image_encoding as string), removed_for_safety: false };
}

/** POST /background-removal: a PNG whose alpha keeps the subject; `only_mask` gives the mask; `bgcolor` fills the rest. */
export async function removeBackground(p: Params, image: DecodedImage) {
	const { width, height } = image;
	let mask = subjectMask(image);
	// Alpha matting erodes the matte's edge by `alpha_matting_erode_size` pixels (rembg's trimap step).
	if (p.alpha_matting === true) mask = erode(mask, width, Math.min(32, p.alpha_matting_erode_size as number));
	if (p.only_mask === true) return { image_b64: await maskPng(mask, width, height), removed_for_safety: false };
	const rgba = Buffer.alloc(width * height * 4);
	const bg = p.bgcolor as number[] | undefined;
	for (let px = 0; px < mask.length; px++) {
		const keep = mask[px] === 1;
		for (let c = 0; c < 3; c++) rgba[px * 4 + c] = keep || !bg ? image.rgb[px * 3 + c] : clampByte(bg[c]);
		rgba[px * 4 + 3] = keep ? 255 : bg ? clampByte(bg[3]) : 0;
		if (!keep && !bg) rgba.fill(0, px * 4, px * 4 + 3);
	}
	const bytes = await sharp(rgba, raw(width, height, 4)).png({ compressionLevel: 3 }).toBuffer();
	return { image_b64: bytes.toString('base64'), removed_for_safety: false };
}

const clampByte = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : (v + 0.5) | 0);

function erode(mask: Mask, width: number, size: number): Mask {
	let current = mask;
	for (let i = 0; i < size; i++) {
		current = current.map((v, p) => (v && current[p - 1] && current[p + 1] && current[p - width] && current[p + width] ? 1 : 0));
	}
	return current;
}

/** POST /segment: masks for the prompt's recognised words, the subject inside a box, or the regions under points. */
export async function segment(p: Params, image: DecodedImage) {
	const { width, height } = image;
	const bounds: Array<{ phrase: string; box: ReturnType<typeof boxPair>; score: number }> = [];
	const found: Array<{ mask: Mask; score: number; bound_index: number | null }> = [];
	const perBound = (p.max_num_masks as number) || Infinity;
	if (typeof p.prompt === 'string') {
		const words = [...new Set(p.prompt.toLowerCase().match(/[a-z]+/g) ?? [])].map((w) => SYNONYMS[w]).filter(Boolean);
		const regions = [...new Set(words)]
			.map((word) => ({ word, mask: VOCABULARY[word].region(image), score: VOCABULARY[word].score }))
			.filter((r) => r.score > (p.prompt_object_detection_threshold as number) && area(r.mask) > 0)
			.sort((a, b) => b.score - a.score)
			.slice(0, (p.max_num_bounds as number) || undefined);
		for (const region of regions) {
			const box = maskBox(region.mask, width)!;
			const index = bounds.push({ phrase: region.word, box: boxPair(box), score: region.score }) - 1;
			found.push({ mask: region.mask, score: region.score, bound_index: index });
		}
	} else if (p.bounding_box) {
		const [[left, top], [right, bottom]] = p.bounding_box as number[][];
		const box = { left, top, right, bottom };
		const inside = clip(subjectMask(image), width, box);
		const mask = area(inside) > 0 ? inside : clip(new Uint8Array(width * height).fill(1), width, box);
		found.push({ mask, score: 0.9, bound_index: null });
	} else {
		// Points pick regions: the recognised region (or the subject's parts) under each foreground point, minus those under background points.
		const regions = [...Object.values(VOCABULARY).map((v) => v.region(image)), ...components(subjectMask(image), width, 1)];
		const at = (pt: number[]) => pt[1] * width + pt[0];
		const fg = (p.foreground_points as number[][] | undefined) ?? [];
		const bg = (p.background_points as number[][] | undefined) ?? [];
		const candidates = regions
			.filter((m) => fg.every((pt) => m[at(pt)] === 1) && bg.every((pt) => m[at(pt)] !== 1))
			.sort((a, b) => area(a) - area(b));
		if (candidates.length > 0) found.push({ mask: candidates[0], score: 0.88, bound_index: null });
	}
	const kept = found.filter((_, i) => bounds.length === 0 || found.slice(0, i).filter((f) => f.bound_index === found[i].bound_index).length < perBound);
	const limited = bounds.length === 0 && Number.isFinite(perBound) ? kept.slice(0, perBound) : kept;
	const masks = await Promise.all(
		limited.map(async (f) => ({
			mask_b64: await maskPng(f.mask, width, height),
			bounding_box: boxPair(maskBox(f.mask, width)!),
			bound_index: f.bound_index,
			score: f.score,
		})),
	);
	return { bounds, masks, removed_for_safety: false };
}

/**
 * POST /adetailer: "detects" the subject's separate parts (the emulator's stand-in for faces or hands),
 * keeps those scoring at least `confidence`, and repaints only their padded boxes with a generated
 * pattern at `strength`; everything else is returned unchanged.
 */
export async function adetail(p: Params, image: DecodedImage) {
	const { width, height } = image;
	const parts = components(subjectMask(image), width, Math.max(16, Math.round(width * height * 0.001)));
	const scored = parts.map((mask) => {
		const box = maskBox(mask, width)!;
		return { mask, box, score: area(mask) / ((box.right - box.left) * (box.bottom - box.top)) };
	});
	const detected = scored.filter((d) => d.score >= (p.confidence as number));
	const chosen = [...detected].sort((a, b) => b.score - a.score).slice(0, (p.max_num_detections as number | undefined) ?? undefined);
	const out = Buffer.from(image.rgb);
	const strength = p.strength as number;
	const pad = (p.mask_padding as number) + (p.mask_dilation as number);
	const seed = hash32('adetailer', canonicalJson({ ...p, init_image: undefined, init_image_url: undefined, transfer_images: undefined }));
	for (const [i, d] of chosen.entries()) {
		const box = { left: Math.max(0, d.box.left - pad), top: Math.max(0, d.box.top - pad), right: Math.min(width, d.box.right + pad), bottom: Math.min(height, d.box.bottom + pad) };
		const patch: Canvas = createCanvas(box.right - box.left, box.bottom - box.top);
		paintPattern(patch, seededRandom(seed + i));
		drawCaption(patch, `${String(p.detector)} #${i}`, String(p.prompt ?? ''));
		for (let y = box.top; y < box.bottom; y++) {
			for (let x = box.left; x < box.right; x++) {
				const at = (y * width + x) * 3;
				const from = ((y - box.top) * patch.width + (x - box.left)) * 3;
				for (let c = 0; c < 3; c++) out[at + c] = clampByte(out[at + c] + (patch.data[from + c] - out[at + c]) * strength);
			}
		}
	}
	return {
		image_b64: await encodeRgb(out, width, height, p.image_encoding as string),
		num_objects_detected: detected.length,
		num_objects_inpainted: chosen.length,
		num_removed_for_safety: 0,
		init_image_removed_for_safety: false,
	};
}

/** The seed of each image: the request's (or consecutive ones from it), or one derived from the request. */
function seedsFor(p: Params, count: number): number[] {
	const given = Array.isArray(p.seed) ? (p.seed as Array<number | null>) : p.seed === undefined ? [] : [p.seed as number];
	return Array.from({ length: count }, (_, i) => {
		const s = given[i] ?? (Array.isArray(p.seed) || given.length === 0 ? null : (given[0] as number) + i);
		return s ?? (hash32('creative', canonicalJson({ ...p, product_image_b64: undefined }), i) % (2 ** 32 - 2)) + 1;
	});
}

/**
 * POST /creative-generator: per seed, a generated scene (pattern captioned with the prompt) with the
 * product composited centred, its bottom on the lower fifth, scaled to `target_product_height_px`.
 * The product keeps its own alpha, or is cut out from a plain backdrop like background removal does.
 */
export async function creative(p: Params, product: { bytes: Buffer; image: DecodedImage }) {
	const [width, height] = [p.width as number, p.height as number];
	const meta = await sharp(product.bytes).metadata();
	let rgba: Buffer;
	if (meta.hasAlpha) {
		rgba = await sharp(product.bytes).ensureAlpha().raw().toBuffer();
	} else {
		const mask = subjectMask(product.image);
		rgba = Buffer.alloc(mask.length * 4);
		for (let px = 0; px < mask.length; px++) {
			product.image.rgb.copy(rgba, px * 4, px * 3, px * 3 + 3);
			rgba[px * 4 + 3] = mask[px] * 255;
		}
	}
	// Crop to the product itself so `target_product_height_px` is the product's height, not its photo's.
	const alpha = Uint8Array.from({ length: rgba.length / 4 }, (_, px) => (rgba[px * 4 + 3] > 127 ? 1 : 0));
	const box = maskBox(alpha, product.image.width) ?? { left: 0, top: 0, right: product.image.width, bottom: product.image.height };
	const targetHeight = p.target_product_height_px as number;
	const cut = await sharp(rgba, raw(product.image.width, product.image.height, 4))
		.extract({ left: box.left, top: box.top, width: box.right - box.left, height: box.bottom - box.top })
		.resize({ height: targetHeight, kernel: 'lanczos3' })
		.rotate(p.rotate_deg as number, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
		.png()
		.toBuffer({ resolveWithObject: true });
	const scale = Math.min(1, width / cut.info.width, height / cut.info.height);
	const placed = scale < 1 ? await sharp(cut.data).resize(Math.floor(cut.info.width * scale)).png().toBuffer({ resolveWithObject: true }) : cut;
	const left = Math.round((width - placed.info.width) / 2);
	const top = Math.max(0, Math.min(height - placed.info.height, Math.round(height * 0.85) - placed.info.height));
	const seeds = seedsFor(p, p.num_images as number);
	const images = await Promise.all(
		seeds.map(async (seed) => {
			const scene = createCanvas(width, height);
			paintPattern(scene, seededRandom(hash32('scene', String(p.prompt), String(p.style_preset), seed)));
			drawCaption(scene, `creative  seed ${seed}  product ${targetHeight}px  ${String(p.style_preset)}`, String(p.prompt));
			const bytes = await sharp(Buffer.from(scene.data.buffer, scene.data.byteOffset, scene.data.length), raw(width, height, 3))
				.composite([{ input: placed.data, left, top }])
				.png({ compressionLevel: 3 })
				.toBuffer();
			return { image_b64: bytes.toString('base64'), seed };
		}),
	);
	return { images };
}
