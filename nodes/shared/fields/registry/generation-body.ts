/** The request body as sent to `POST /generate/{engine}` (wire names, snake_case). */
export interface GenerationRequest {
	prompt: string;
	negative_prompt?: string;
	prompt_2?: string;
	negative_prompt_2?: string;
	sampler?: string;
	cfg_scale?: number;
	steps?: number;
	num_images?: number;
	seed?: number | number[];
	width?: number;
	height?: number;
	use_refiner?: boolean;
	high_noise_frac?: number;
	clip_skip?: number;
	checkpoint?: string;
	loras?: Record<string, number>;
	textual_inversions?: Record<string, string>;
	vae?: string;
	style_preset?: string;
	init_image?: string;
	strength?: number;
	mask_image?: string;
	inpaint_full_res?: boolean;
	inpaint_full_res_padding?: number;
	outpainting?: boolean;
	transfer_images?: Record<string, string[]>;
	controlnet?: string;
	controlnet_image?: string;
	controlnet_conditioning_scale?: number;
	controlnet_early_stop?: number;
	controlnet_preprocess?: boolean;
	image_encoding?: 'png' | 'jpeg';
	log_prompt?: boolean;
}

export type WireKey = keyof GenerationRequest;
