import type { GenerationRequest } from '../validation/validator.cts';
import { createCanvas, encode, resizeTo, type Canvas } from './canvas.cts';
import { blend, boundingBox, edges, followControl, luminance, meanColour, pasteInsets, tint } from './compose.cts';
import { paintPattern } from './pattern.cts';
import { hash32, seededRandom } from './random.cts';
import { imageSeeds, pictureFingerprint, requestFingerprint } from './seeds.cts';
import { drawCaption, type Box } from './text.cts';

/** One entry of `images` in the response, as the reference's ImageGenerationResponse lists it. */
export interface ImageGeneration {
	image_b64: string | null;
	seed: number;
	removed_for_safety: boolean;
	safety_score: number;
}

/** Shared per-request inputs, resized once and reused for every image of the request. */
interface Prepared {
	init?: Canvas;
	/** Per-pixel or uniform share of the generated picture over the init image. */
	alpha: number | Float32Array;
	control?: { map: Float32Array; weight: number };
	merge?: { colour: [number, number, number]; insets: Canvas[]; frame: number };
	outpaintColour?: [number, number, number];
	/** Where the caption goes: inside the masked area when inpainting, so kept pixels stay untouched. */
	captionBox?: Box;
	tags: string[];
}

/**
 * Generates every image of a validated request: deterministic per (request, seed), visibly derived
 * from the input images, captioned with the prompt and key parameters, encoded as the request asks.
 * A prompt containing `safetyWord` yields images removed for safety instead.
 */
export async function generateImages(req: GenerationRequest, safetyWord: string): Promise<ImageGeneration[]> {
	const seeds = imageSeeds(req);
	const fingerprint = requestFingerprint(req);
	const picture = pictureFingerprint(req);
	const flagged = safetyWord !== '' && req.params.prompt.toLowerCase().includes(safetyWord.toLowerCase());
	if (flagged) {
		return seeds.map((seed) => ({ image_b64: null, seed, removed_for_safety: true, safety_score: 0.9 + (hash32(fingerprint, seed) % 1000) / 10000 }));
	}
	const prepared = await prepare(req);
	return Promise.all(
		seeds.map(async (seed) => {
			const canvas = paint(req, prepared, hash32(picture, seed), seed);
			const bytes = await encode(canvas, req.params.image_encoding);
			return { image_b64: bytes.toString('base64'), seed, removed_for_safety: false, safety_score: (hash32('safety', fingerprint, seed) % 500) / 10000 };
		}),
	);
}

function paint(req: GenerationRequest, prepared: Prepared, pictureSeed: number, seed: number): Canvas {
	const { width, height, steps, cfg_scale: cfg, prompt } = req.params;
	const canvas = createCanvas(width, height);
	paintPattern(canvas, seededRandom(pictureSeed));
	if (prepared.control) followControl(canvas, prepared.control.map, prepared.control.weight);
	if (prepared.outpaintColour) tint(canvas, prepared.outpaintColour, 0.4);
	if (prepared.merge) {
		tint(canvas, prepared.merge.colour, 0.3);
		pasteInsets(canvas, prepared.merge.insets, prepared.merge.frame);
	}
	const header = [req.engine.id, `seed ${seed}`, `steps ${steps}`, `cfg ${cfg}`, `${width}x${height}`, ...prepared.tags].join('  ');
	drawCaption(canvas, header, prompt, prepared.captionBox);
	return prepared.init ? blend(prepared.init, canvas, prepared.alpha) : canvas;
}

async function prepare(req: GenerationRequest): Promise<Prepared> {
	const { width, height, strength } = req.params;
	const { init, mask, control, transfer } = req.images;
	const prepared: Prepared = { alpha: 1, tags: [] };
	if (init) {
		prepared.init = await resizeTo(init, width, height);
		prepared.alpha = strength;
		prepared.tags.push(`strength ${strength}`);
		if (mask) {
			const weights = luminance(await resizeTo(mask, width, height));
			prepared.captionBox = boundingBox(weights, width) ?? { left: 0, top: 0, right: 0, bottom: 0 };
			for (let p = 0; p < weights.length; p++) weights[p] *= strength;
			prepared.alpha = weights;
			if (req.params.outpainting === true) {
				// New canvas area takes on the colours of the picture being extended.
				const keep = weights.map((w) => (w === 0 ? 1 : 0));
				prepared.outpaintColour = meanColour(prepared.init, keep);
			}
		}
		prepared.tags.unshift(mask ? (req.params.outpainting === true ? 'outpaint' : 'inpaint') : 'img2img');
	}
	if (control) {
		const controlCanvas = await resizeTo(control, width, height);
		const scale = req.params.controlnet_conditioning_scale as number;
		// No early stop (the export's null) means the ControlNet applies to every step.
		const earlyStop = (req.params.controlnet_early_stop as number | undefined) ?? 1;
		// Grows with the conditioning scale but stays below 1 so some generated colour always shows.
		const weight = (earlyStop * scale) / (scale + 0.25);
		// A ready-made control map is used as is; a built edge map is lifted so the picture between edges stays visible.
		const map = req.params.controlnet_preprocess === true ? edges(controlCanvas).map((e) => 0.35 + 0.65 * e) : luminance(controlCanvas);
		prepared.control = { map, weight };
		prepared.tags.push(`controlnet ${scale}`);
	}
	const sources = transfer.flatMap((group) => group.images);
	if (sources.length > 0) {
		const side = Math.max(8, Math.round(Math.min(width, height) / 6));
		const insets = await Promise.all(sources.slice(0, 4).map((img) => resizeTo(img, side, side)));
		const colours = await Promise.all(sources.map(async (img) => meanColour(await resizeTo(img, 32, 32))));
		const colour = [0, 1, 2].map((c) => colours.reduce((sum, rgb) => sum + rgb[c], 0) / colours.length) as [number, number, number];
		prepared.merge = { colour, insets, frame: Math.max(2, Math.round(Math.min(width, height) / 256)) };
		prepared.tags.push(`merge ${transfer.map((g) => g.word).join(',')}`);
	}
	return prepared;
}
