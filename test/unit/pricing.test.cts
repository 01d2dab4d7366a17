// The price table: published prices where they apply, scaled by pixels x steps, premium samplers 2x,
// and null (with the reason) wherever OctoAI publishes no price.
import { estimateImageCost, estimateTuneCost, estimateVideoCost, PRICES } from '../../nodes/shared/run/pricing';

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

	// Issue 24, class 5: every input of the estimate walked; what no published price covers is null.
	test.each([
		['DPM_2_KARRAS', 'the sampler DPM_2_KARRAS, which is in neither published list'],
		['LCM', 'the sampler LCM'],
		['K_HEUN', 'the sampler K_HEUN'],
		['EULER', 'the sampler EULER'],
		['k_euler', 'the sampler k_euler'],
	])('a sampler in neither published list (%s) is not priced as a regular one', (sampler, reason) => {
		for (const [engine, request] of [['sd', sd], ['sdxl', lightning]] as const) {
			const estimate = estimateImageCost(engine, { ...request, sampler });
			expect(estimate.usd).toBeNull();
			expect(estimate.basis).toContain(reason);
		}
	});

	test.each([
		['no steps', { width: 512, height: 512 }],
		['zero steps', { ...sd, steps: 0 }],
		['negative width', { ...sd, width: -512 }],
		['fractional steps', { ...sd, steps: 30.5 }],
		['NaN height', { ...sd, height: Number.NaN }],
		['infinite steps', { ...sd, steps: Number.POSITIVE_INFINITY }],
	])('a size or step count no price scales to (%s) is null', (_name, request) => {
		expect(estimateImageCost('sd', request as never)).toEqual({ usd: null, basis: expect.stringContaining('OctoAI publishes no price for a request of size') });
	});

	test('image-to-image is not published; inpainting and outpainting are (SD 1.5)', () => {
		expect(estimateImageCost('sd', { ...sd, init_image: 'b64' }).usd).toBeNull();
		expect(estimateImageCost('sd', { ...sd, init_image: 'b64' }).basis).toContain('SD 1.5 image-to-image');
		expect(estimateImageCost('sd', { ...sd, init_image: 'b64', mask_image: 'b64' }).usd).toBe(0.0015);
		expect(estimateImageCost('sd', { ...sd, init_image: 'b64', outpainting: true }).usd).toBe(0.0015);
		expect(estimateImageCost('sdxl', { ...lightning, init_image: 'b64' }).usd).toBeNull();
		expect(estimateImageCost('sdxl', { ...lightning, init_image: 'b64', mask_image: 'm' }).usd).toBeNull();
	});

	test('every regular sampler is priced at the base, every premium one at 2x', () => {
		for (const sampler of ['DDIM', 'DDPM', 'DPM_PLUS_PLUS_2M_KARRAS', 'DPM_SINGLE', 'DPM_SOLVER_MULTISTEP', 'K_EULER', 'K_EULER_ANCESTRAL', 'PNDM', 'UNI_PC']) {
			expect(estimateImageCost('sd', { ...sd, sampler }).usd).toBe(0.0015);
		}
		for (const sampler of ['DPM_2', 'DPM_2_ANCESTRAL', 'DPM_PLUS_PLUS_SDE_KARRAS', 'HEUN', 'KLMS']) {
			expect(estimateImageCost('sd', { ...sd, sampler }).usd).toBe(0.003);
		}
	});

	test('a fine-tune of steps no price scales to, or of no engine, is null', () => {
		for (const steps of [0, -500, 12.5, Number.NaN]) expect(estimateTuneCost('image/stable-diffusion-v1-5', steps).usd).toBeNull();
		expect(estimateTuneCost('', 500)).toEqual({ usd: null, basis: 'OctoAI publishes no price for a fine-tune for an unknown engine; no estimate' });
	});
});
