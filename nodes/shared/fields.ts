/**
 * What users call each request field. Field builders use these as display names and validation
 * errors use them to name the field, so the error text matches what the user sees in the editor.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
	prompt: 'Prompt',
	negative_prompt: 'Negative Prompt',
	prompt_2: 'Prompt 2',
	negative_prompt_2: 'Negative Prompt 2',
	sampler: 'Sampler',
	cfg_scale: 'CFG Scale',
	steps: 'Steps',
	num_images: 'Number of Images',
	seed: 'Seed',
	width: 'Width',
	height: 'Height',
	use_refiner: 'Use Refiner',
	high_noise_frac: 'High Noise Fraction',
	clip_skip: 'CLIP Skip',
	checkpoint: 'Checkpoint',
	loras: 'LoRAs',
	textual_inversions: 'Textual Inversions',
	vae: 'VAE',
	style_preset: 'Style Preset',
	init_image: 'Input Image',
	strength: 'Strength',
	mask_image: 'Mask Image',
	inpaint_full_res: 'Inpaint at Full Resolution',
	inpaint_full_res_padding: 'Full Resolution Padding',
	outpainting: 'Outpainting',
	transfer_images: 'Photo Merge Images',
	controlnet: 'ControlNet',
	controlnet_image: 'Control Image',
	controlnet_conditioning_scale: 'Conditioning Scale',
	controlnet_early_stop: 'Early Stop',
	controlnet_preprocess: 'Preprocess Control Image',
	image_encoding: 'Image Encoding',
};

export function fieldLabel(wireKey: string): string {
	return FIELD_LABELS[wireKey] ?? wireKey;
}
