// The price table: published prices where they apply, scaled by pixels x steps, premium samplers 2x,
// and null (with the reason) wherever OctoAI publishes no price.
import { estimateImageCost, estimateTuneCost, estimateVideoCost, PRICES } from '../../nodes/shared/pricing';

const sd = { width: 512, height: 512, steps: 30 };
const lightning = { width: 1024, height: 1024, steps: 4, checkpoint: 'octoai:lightning_sdxl' };

describe('published prices', () => {
	test('SD 1.5: $0.0015 per 512x512 image at 30 steps, also with custom assets and for inpainting', () => {
		expect(estimateImageCost('sd', sd)).toEqual({ usd: 0.0015, basis: expect.stringContaining('$0.0015 per 512x512 SD 1.5 image at 30 steps') });
		expect(estimateImageCost('sd', { ...sd, checkpoint: 'my-model', loras: { style: 0.7 }, vae: 'v' }).usd).toBe(0.0015);
	});

	test('scaled in proportion to pixels x steps, and the basis says so', () => {
		const tall = estimateImageCost('sd', { width: 512, height: 768, steps: 60 });
		expect(tall.usd).toBe(0.0045);
		expect(tall.basis).toContain('512x768, 60 steps: x3 by pixels x steps');
	});

	test('SDXL Lightning: $0.001 per 1024x1024 image at 4 steps; $0.005 with a LoRA, custom asset or ControlNet', () => {
		expect(estimateImageCost('sdxl', lightning).usd).toBe(0.001);
		expect(estimateImageCost('sdxl', { ...lightning, steps: 8 }).usd).toBe(0.002);
		expect(estimateImageCost('sdxl', { ...lightning, loras: { a: 1 } }).usd).toBe(0.005);
		expect(estimateImageCost('sdxl', { ...lightning, textual_inversions: { a: 'w' } }).usd).toBe(0.005);
		expect(estimateImageCost('controlnet-sdxl', { ...lightning, controlnet: 'octoai:canny_sdxl' }).usd).toBe(0.005);
	});

	test('premium samplers cost 2x', () => {
		const premium = estimateImageCost('sd', { ...sd, sampler: 'HEUN' });
		expect(premium.usd).toBe(0.003);
		expect(premium.basis).toContain('premium sampler HEUN: x2');
		expect(estimateImageCost('sd', { ...sd, sampler: 'K_EULER' }).usd).toBe(0.0015);
	});

	test('no published price: null with the reason, never a guess', () => {
		for (const [engine, request, what] of [
			['sdxl', { width: 1024, height: 1024, steps: 30 }, 'SDXL with its default model'],
			['sdxl', { width: 1024, height: 1024, steps: 30, checkpoint: 'octoai:RealVisXL' }, 'SDXL with the checkpoint octoai:RealVisXL'],
			['controlnet-sd15', { ...sd, controlnet: 'octoai:canny_sd15' }, 'ControlNet SD 1.5'],
			['sd', { ...sd, transfer_images: { word: ['x'] } }, 'photo merge'],
			['flux-schnell', { width: 1024, height: 1024, steps: 4 }, 'FLUX.1 Schnell'],
			['sd3', { width: 1024, height: 1024, steps: 28 }, 'SD3'],
		] as const) {
			expect(estimateImageCost(engine, request)).toEqual({ usd: null, basis: `OctoAI publishes no price for ${what}; no estimate` });
		}
		expect(estimateVideoCost()).toEqual({ usd: null, basis: 'OctoAI publishes no price for Stable Video Diffusion; no estimate' });
	});

	test('fine-tunes: SD 1.5 $0.10 per 500 steps, scaled by steps; SDXL unpublished', () => {
		expect(estimateTuneCost('image/stable-diffusion-v1-5', 500).usd).toBe(PRICES.sd15FineTune.usd);
		expect(estimateTuneCost('image/stable-diffusion-v1-5', 1500).usd).toBe(0.3);
		expect(estimateTuneCost('image/stable-diffusion-xl-v1-0', 500).usd).toBeNull();
	});
});
