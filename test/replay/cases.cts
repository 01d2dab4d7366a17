// Request bodies shaped like the calls public apps made to the live OctoAI image service (found by
// searching public code for `image.octoai.run/generate/...`, `X-OctoAI-Async`, `octoai:` names and
// the official clients' `infer`/`infer_async`), written for this project: the field choices and
// value kinds follow those apps, the prompts and values are our own. `app` says what kind of app
// each case models; `expect` is what the service would have answered (reference Part C).

/** What a case's fixture provides at run time (images and ids that cannot be written literally). */
export interface Fixtures {
	photo: string;
	mask: string;
	depthMap: string;
	/** Id of a private SDXL LoRA of the calling account, as `asset_01...`. */
	privateLoraId: string;
	/** A base64 JPEG larger than the asynchronous 10 MB limit. */
	hugePhoto: string;
}

export type Expected =
	| { status: 200; images: number; format: 'jpeg' | 'png'; width: number; height: number }
	| { status: 422; at: Array<string | number>; type: string }
	| { status: 413 };

export interface ReplayCase {
	app: string;
	engine: string;
	/** `fetch`: a plain HTTP client; `async`: X-OctoAI-Async: 1, then poll_url, then response_url (both official clients' flow). */
	mode: 'fetch' | 'async';
	body: (f: Fixtures) => Record<string, unknown>;
	expect: Expected;
}

const sdxl1024 = { status: 200, images: 1, format: 'jpeg', width: 1024, height: 1024 } as const;

export const CASES: ReplayCase[] = [
	{
		app: 'recipe generator (Next.js server action, @octoai/client infer): Lightning checkpoint, wide banner, Watercolor preset',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'a bowl of ramen on a wooden table next to its ingredients, a sign reading "Ramen"',
			negative_prompt: 'blurry image, distortion, low-res, poor quality',
			checkpoint: 'octoai:lightning_sdxl',
			width: 1536,
			height: 640,
			num_images: 1,
			sampler: 'DDIM',
			steps: 8,
			cfg_scale: 3,
			use_refiner: true,
			high_noise_frac: 0.8,
			style_preset: 'Watercolor',
		}),
		expect: { status: 200, images: 1, format: 'jpeg', width: 1536, height: 640 },
	},
	{
		app: 'chat bot command (axios from a messaging bot): public checkpoint and LoRA, landscape size, Karras sampler',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'wooden cabin on a snowy mountain',
			negative_prompt: 'blurry, low-res, poor quality',
			checkpoint: 'octoai:crystal-clear',
			loras: { 'octoai:add-detail': 0.5 },
			width: 1344,
			height: 768,
			num_images: 1,
			sampler: 'DPM_PLUS_PLUS_2M_KARRAS',
			steps: 30,
			cfg_scale: 7.5,
		}),
		expect: { status: 200, images: 1, format: 'jpeg', width: 1344, height: 768 },
	},
	{
		app: 'LLM agent tool (Python requests): Lightning with a premium sampler, refiner off, base preset',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'A beautiful image of a lighthouse',
			checkpoint: 'octoai:lightning_sdxl',
			width: 1024,
			height: 1024,
			num_images: 1,
			sampler: 'DPM_PLUS_PLUS_SDE_KARRAS',
			steps: 8,
			cfg_scale: 3,
			use_refiner: false,
			style_preset: 'base',
		}),
		expect: sdxl1024,
	},
	{
		app: 'LangChain OctoAIEndpoint (model_kwargs merged into the body): the documented defaults written out',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'a cat flying over the moon',
			width: 1024,
			height: 1024,
			num_images: 1,
			sampler: 'DDIM',
			steps: 30,
			cfg_scale: 12,
			use_refiner: true,
			high_noise_frac: 0.8,
			style_preset: 'base',
		}),
		expect: sdxl1024,
	},
	{
		app: 'image studio web form (Express + @octoai/client infer): count and size from form fields, a display-name preset',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'a clay figure of a fox',
			negative_prompt: 'text, watermark',
			num_images: 4,
			width: 896,
			height: 1152,
			sampler: 'DDIM',
			steps: 30,
			cfg_scale: 12,
			use_refiner: true,
			high_noise_frac: 0.8,
			style_preset: 'Craft Clay',
		}),
		expect: { status: 200, images: 4, format: 'jpeg', width: 896, height: 1152 },
	},
	{
		app: 'browser demo (fetch with only a prompt): everything else from the service defaults, JPEG',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'a red bicycle leaning on a brick wall' }),
		expect: sdxl1024,
	},
	{
		app: 'Next.js route handler (fetch with X-OctoAI-Async: 1, then polling): LCM checkpoint and sampler, 4 steps',
		engine: 'sdxl',
		mode: 'async',
		body: () => ({
			prompt: 'a fox in a meadow',
			negative_prompt: '',
			style_preset: 'Watercolor',
			sampler: 'LCM',
			checkpoint: 'octoai:lcm_sdxl',
			steps: 4,
			cfg_scale: 1.3,
			width: 1024,
			height: 1024,
		}),
		expect: sdxl1024,
	},
	{
		app: 'poster app (@octoai/client inferAsync): its own LoRA referenced by asset id, with the LCM checkpoint',
		engine: 'sdxl',
		mode: 'async',
		body: (f) => ({
			prompt: 'a city skyline at night in art deco style',
			negative_prompt: 'blurry, distortion, low-res, poor quality, day',
			style_preset: 'base',
			checkpoint: 'octoai:lcm_sdxl',
			sampler: 'LCM',
			loras: { [f.privateLoraId]: 1 },
			steps: 30,
			cfg_scale: 2,
			width: 1024,
			height: 1024,
		}),
		expect: sdxl1024,
	},
	{
		app: 'Streamlit product-shot app (Python client infer_async): ControlNet named without octoai:, depth map input',
		engine: 'controlnet-sdxl',
		mode: 'async',
		body: (f) => ({
			prompt: 'a perfume bottle on a marble table, studio light',
			negative_prompt: 'low quality',
			width: 1024,
			height: 1024,
			style_preset: 'base',
			num_images: 1,
			steps: 30,
			cfg_scale: 7.5,
			use_refiner: false,
			high_noise_frac: 0.8,
			controlnet: 'depth_sdxl',
			controlnet_conditioning_scale: 0.95,
			controlnet_image: f.depthMap,
		}),
		expect: sdxl1024,
	},
	{
		app: 'Python SDK 0.x ImageGenerator: sends enable_safety on every call, with a seed and JPEG asked',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'an astronaut riding a horse',
			negative_prompt: 'blurry',
			width: 1024,
			height: 1024,
			num_images: 1,
			sampler: 'K_EULER_ANCESTRAL',
			steps: 30,
			cfg_scale: 7,
			seed: 1234,
			use_refiner: true,
			high_noise_frac: 0.8,
			image_encoding: 'jpeg',
			enable_safety: true,
		}),
		expect: sdxl1024,
	},
	{
		app: 'guide-following app (ADetailer guide style): public checkpoint named without octoai:',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'portrait of a woman in a garden', checkpoint: 'RealVisXL', steps: 20, cfg_scale: 7 }),
		expect: sdxl1024,
	},
	{
		app: 'LoRA guide copy: two public LoRAs stacked on a product shot',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({
			prompt: 'commercial photography, luxury perfume bottle, snowy, studio light',
			negative_prompt: 'blurry photo, distortion, low-res, poor quality',
			loras: { 'octoai:add-detail': 0.3, 'octoai:more_art': 1 },
			width: 1024,
			height: 1024,
			num_images: 1,
			sampler: 'DPM_PLUS_PLUS_2M_KARRAS',
			steps: 20,
			cfg_scale: 7.5,
			use_refiner: false,
		}),
		expect: sdxl1024,
	},
	{
		app: 'inpainting tool (guide style): LCM checkpoint, low cfg, init image and mask, PNG asked',
		engine: 'sdxl',
		mode: 'fetch',
		body: (f) => ({
			prompt: 'a vase of sunflowers',
			sampler: 'LCM',
			steps: 6,
			cfg_scale: 1.4,
			width: 1024,
			height: 1024,
			checkpoint: 'octoai:lcm_sdxl',
			init_image: f.photo,
			mask_image: f.mask,
			image_encoding: 'png',
		}),
		expect: { status: 200, images: 1, format: 'png', width: 1024, height: 1024 },
	},
	{
		app: 'model-comparison page: a Juggernaut checkpoint from the public catalogue',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'a knight in a misty forest', checkpoint: 'octoai:rundiffusion-juggernaut-xii', sampler: 'DPM_PLUS_PLUS_2M_KARRAS', steps: 25, cfg_scale: 6 }),
		expect: sdxl1024,
	},
	{
		app: 'Python app serializing unset options as None: nullable fields sent as null',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'a sailing boat', negative_prompt: null, seed: null, style_preset: null, loras: null, checkpoint: null, clip_skip: null }),
		expect: sdxl1024,
	},
	{
		app: 'A1111 migrant: clip_skip 2 as in its old UI',
		engine: 'sd',
		mode: 'fetch',
		body: () => ({ prompt: 'anime girl under cherry blossoms', clip_skip: 2, width: 512, height: 768, sampler: 'DPM_PLUS_PLUS_2M_KARRAS', steps: 25, cfg_scale: 7 }),
		expect: { status: 200, images: 1, format: 'jpeg', width: 512, height: 768 },
	},
	{
		app: 'A1111 migrant: clip_skip 0 (its "off"), which the service refuses',
		engine: 'sd',
		mode: 'fetch',
		body: () => ({ prompt: 'a castle', clip_skip: 0 }),
		expect: { status: 422, at: ['body', 'clip_skip'], type: 'greater_than_equal' },
	},
	{
		app: 'form app sending an emptied number field as null: cfg_scale is not nullable',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'a lake', cfg_scale: null, steps: 30 }),
		expect: { status: 422, at: ['body', 'cfg_scale'], type: 'float_type' },
	},
	{
		app: 'chat bot passing a whole conversation as the prompt: over 10,000 characters',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'draw this: '.padEnd(10_050, 'and then a dragon, ') }),
		expect: { status: 422, at: ['body', 'prompt'], type: 'string_too_long' },
	},
	{
		app: 'preset dropdown filled with lower-cased names: "watercolor" is not a preset (case-sensitive)',
		engine: 'sdxl',
		mode: 'fetch',
		body: () => ({ prompt: 'a harbour', style_preset: 'watercolor' }),
		expect: { status: 422, at: ['body', 'style_preset'], type: 'enum' },
	},
	{
		app: 'phone upload sent straight to the async endpoint: a photo over the 10 MB request limit',
		engine: 'sdxl',
		mode: 'async',
		body: (f) => ({ prompt: 'make it autumn', init_image: f.hugePhoto, strength: 0.6 }),
		expect: { status: 413 },
	},
	{
		app: 'asynchronous batch (Python infer_async in a loop) whose body the service refuses: the 422 arrives with the result',
		engine: 'sdxl',
		mode: 'async',
		body: () => ({ prompt: 'a tiger', width: 1000, height: 1000 }),
		expect: { status: 422, at: ['body'], type: 'value_error' },
	},
];
