/**
 * OctoAI's published prices, in one place, and the cost estimates derived from them.
 *
 * Source of every price: OctoAI's public pricing for the Media Gen API, as the OctoAI API documentation
 * published it (the hosted service is offline; README "Cost estimates and the spending guard" lists them too):
 * - SD 1.5: $0.0015 per 512x512, 30-step image; the same with a custom asset (checkpoint, LoRA, textual
 *   inversion, VAE) and for inpainting and outpainting. SD 1.5 fine-tune: $0.10 per 500 steps.
 * - SDXL Lightning (checkpoint octoai:lightning_sdxl): $0.001 per 1024x1024, 4-step image; $0.005 with a
 *   custom asset, LoRA or ControlNet.
 * - Premium samplers (DPM_2, DPM_2_ANCESTRAL, DPM_PLUS_PLUS_SDE_KARRAS, HEUN, KLMS) cost 2x.
 * Nothing else is published: SDXL with its default model (30 steps), ControlNet SD 1.5, SD3, FLUX.1,
 * photo merge, image-to-image, samplers in neither list (the SDK-only ones), SDXL fine-tunes, Stable
 * Video Diffusion and the Image Tools utilities have no price, so their estimate is null with a note saying so; the package never
 * guesses a price.
 *
 * Scaling: each published price names its image size and step count, so an image of another size or
 * step count is estimated in proportion to pixels x steps (a 512x768 SD 1.5 image at 30 steps: 1.5x).
 * A fine-tune price names its step count, so it scales with steps. The basis text on every output says
 * which price was used and the factor applied.
 */
import { LIGHTNING_CHECKPOINT, type EngineId } from '../fields/engines';
import { SAMPLERS } from '../fields/registry/values';

export interface PublishedPrice {
	usd: number;
	/** What the price is for, as published. */
	unit: string;
	/** Image size and steps the price is quoted for (images only). */
	pixels?: number;
	steps?: number;
}

export const PRICES = {
	sd15: { usd: 0.0015, unit: '512x512 SD 1.5 image at 30 steps', pixels: 512 * 512, steps: 30 },
	sdxlLightning: { usd: 0.001, unit: '1024x1024 SDXL Lightning image at 4 steps', pixels: 1024 * 1024, steps: 4 },
	sdxlLightningCustom: {
		usd: 0.005,
		unit: '1024x1024 SDXL Lightning image at 4 steps with a custom asset, LoRA or ControlNet',
		pixels: 1024 * 1024,
		steps: 4,
	},
	sd15FineTune: { usd: 0.1, unit: 'SD 1.5 fine-tune of 500 steps', steps: 500 },
} as const satisfies Record<string, PublishedPrice>;

export const PREMIUM_SAMPLER_FACTOR = 2;
export const PRICE_SOURCE = "OctoAI's published Media Gen pricing";

/** An estimate: `usd` null when OctoAI publishes no price for what was asked; `basis` says why either way. */
export interface CostEstimate {
	usd: number | null;
	basis: string;
}

/** The request fields a generation price depends on (wire names). */
export interface PricedImageRequest {
	width?: number;
	height?: number;
	steps?: number;
	sampler?: string;
	checkpoint?: string;
	loras?: Record<string, unknown>;
	textual_inversions?: Record<string, unknown>;
	vae?: string;
	controlnet?: string;
	transfer_images?: unknown;
	/** Image-to-image, inpainting (with a mask) or outpainting: which of them decides the price. */
	init_image?: unknown;
	mask_image?: unknown;
	outpainting?: unknown;
}

/** Engines without any published price, as the estimate's note names them. */
const UNPUBLISHED: Record<Exclude<EngineId, 'sd' | 'sdxl' | 'controlnet-sdxl'>, string> = {
	'controlnet-sd15': 'ControlNet SD 1.5',
	sd3: 'SD3',
	'flux-dev': 'FLUX.1 Dev',
	'flux-schnell': 'FLUX.1 Schnell',
};

/** The published price lists of samplers: regular ones at the base price, premium ones at 2x. */
const REGULAR = new Set(SAMPLERS.filter((s) => !s.premium && !s.sdkOnly).map((s) => s.value));
const PREMIUM = new Set(SAMPLERS.filter((s) => s.premium).map((s) => s.value));

/**
 * The estimated price of ONE image of the request (multiply by the number of images). Every input
 * the price depends on is walked; anything no published price covers (an engine or model, a sampler
 * in neither list, image-to-image, a size or step count that is not a positive whole number) gives
 * null with the reason, never the nearest price.
 */
export function estimateImageCost(engine: EngineId, request: PricedImageRequest): CostEstimate {
	const price = publishedPrice(engine, request);
	if ('unpriced' in price) return unpriced(price.unpriced);
	const { width, height, steps, sampler } = request as Required<Pick<PricedImageRequest, 'width' | 'height' | 'steps'>> & PricedImageRequest;
	let factor = ((width * height) / price.pixels!) * (steps / price.steps!);
	const notes = [`${width}x${height}, ${steps} steps: x${round(factor)} by pixels x steps`];
	if (sampler !== undefined && PREMIUM.has(sampler)) {
		factor *= PREMIUM_SAMPLER_FACTOR;
		notes.push(`premium sampler ${sampler}: x${PREMIUM_SAMPLER_FACTOR}`);
	}
	return { usd: round(price.usd * factor), basis: `$${price.usd} per ${price.unit} (${PRICE_SOURCE}); ${notes.join('; ')}` };
}

/** The published price that covers the request, or what no published price covers. */
function publishedPrice(engine: EngineId, request: PricedImageRequest): PublishedPrice | { unpriced: string } {
	if (request.transfer_images) return { unpriced: 'photo merge' };
	// The node always sends size and steps; without them, or with values no price scales to, there is no basis.
	const { width, height, steps, sampler } = request;
	if (![width, height, steps].every((n) => Number.isSafeInteger(n) && (n as number) > 0)) {
		return { unpriced: `a request of size ${String(width)}x${String(height)} and ${String(steps)} steps` };
	}
	if (sampler !== undefined && !REGULAR.has(sampler) && !PREMIUM.has(sampler)) {
		return { unpriced: `the sampler ${String(sampler).slice(0, 40)}, which is in neither published list (regular or premium)` };
	}
	const fromImage = !!request.init_image && !request.mask_image && !request.outpainting;
	if (engine === 'sd') {
		// Published: text-to-image, custom assets, inpainting and outpainting; image-to-image is not.
		return fromImage ? { unpriced: 'SD 1.5 image-to-image (only text-to-image, inpainting and outpainting are published)' } : PRICES.sd15;
	}
	if ((engine === 'sdxl' || engine === 'controlnet-sdxl') && request.checkpoint === LIGHTNING_CHECKPOINT) {
		if (request.init_image) return { unpriced: 'SDXL Lightning from an input image (only text-to-image is published)' };
		const extras = engine === 'controlnet-sdxl' || hasEntries(request.loras) || hasEntries(request.textual_inversions) || !!request.vae;
		return extras ? PRICES.sdxlLightningCustom : PRICES.sdxlLightning;
	}
	if (engine === 'sdxl' || engine === 'controlnet-sdxl') {
		const model = engine === 'sdxl' ? 'SDXL' : 'ControlNet SDXL';
		return { unpriced: request.checkpoint ? `${model} with the checkpoint ${request.checkpoint}` : `${model} with its default model` };
	}
	return { unpriced: UNPUBLISHED[engine] ?? `the engine ${String(engine)}` };
}

/** Stable Video Diffusion: OctoAI publishes no price. */
export function estimateVideoCost(): CostEstimate {
	return unpriced('Stable Video Diffusion');
}

/** An Image Tools utility (`what` names it, e.g. "upscaling"): OctoAI publishes no price for any of them. */
export function estimateUtilityCost(what: string): CostEstimate {
	return unpriced(what);
}

/** A LoRA fine-tune of `steps` steps for the given asset-library engine. */
export function estimateTuneCost(assetEngine: string, steps: number): CostEstimate {
	if (assetEngine !== 'image/stable-diffusion-v1-5') return unpriced(`a fine-tune for ${assetEngine || 'an unknown engine'}`);
	if (!Number.isSafeInteger(steps) || steps <= 0) return unpriced(`a fine-tune of ${String(steps)} steps`);
	const price = PRICES.sd15FineTune;
	const factor = steps / price.steps;
	return { usd: round(price.usd * factor), basis: `$${price.usd} per ${price.unit} (${PRICE_SOURCE}); ${steps} steps: x${round(factor)}` };
}

function unpriced(what: string): CostEstimate {
	return { usd: null, basis: `OctoAI publishes no price for ${what}; no estimate` };
}

function hasEntries(map: Record<string, unknown> | undefined): boolean {
	return !!map && Object.keys(map).length > 0;
}

/** Dollar amounts to 6 decimals: no float noise like 0.0030000000000000005 in outputs. */
export function round(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}
