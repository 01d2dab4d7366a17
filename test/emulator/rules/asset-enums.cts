// Enumerations of the asset library and fine-tuning APIs, transcribed from reference/octoai-api.md
// Part B §4 and §5. tests/rules.test.cts cross-checks them against the SDK's own runtime schemas.

/** `AssetType`. There is no `controlnet` asset type; public ControlNets live in their own table. */
export const ASSET_TYPES = ['file', 'checkpoint', 'lora', 'textual_inversion', 'vae', 'latent'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Asset `Status`. `uploading` is never reported: the emulator cannot see a transfer in progress. */
export const ASSET_STATUSES = ['ready_to_upload', 'uploading', 'uploaded', 'ready', 'rejected', 'error', 'deleted'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const TRANSFER_API_TYPES = ['presigned-url', 'sts', 'gcp-oauth', 'any'] as const;
export type TransferApiType = (typeof TRANSFER_API_TYPES)[number];

export const DATA_TYPES = ['fp16', 'fp32', 'int4', 'int8'] as const;
/** `FileFormat`: how model weights are stored. */
export const FILE_FORMATS = ['safetensors', 'pt'] as const;
/** `FileExtension`: what a `file` asset holds. */
export const FILE_EXTENSIONS = ['unknown', 'png', 'jpg', 'jpeg', 'txt', 'mp3', 'wav', 'jsonl'] as const;
export type FileExtension = (typeof FILE_EXTENSIONS)[number];
export const FILE_STRUCTURES = ['unknown', 'single_file', 'multiple_files'] as const;
export const BASE_ENGINE_TYPES = ['text', 'image', 'audio', 'video'] as const;

/** `BaseEngine` of the asset library (26 values): what an asset is built for. */
export const BASE_ENGINES = [
	'image/stable-diffusion-v1-5', 'image/stable-diffusion-xl-v1-0', 'image/stable-diffusion-v3-medium',
	'image/stable-diffusion-ssd', 'image/controlnet-sd15', 'image/controlnet-sdxl', 'image/flux-dev', 'image/flux-schnell',
	'video/svd', 'audio/tortoise-tts', 'audio/rvc',
	'text/llama-2-7b', 'text/llama-2-13b', 'text/llama-2-70b', 'text/llama-3-8b', 'text/llama-3-70b',
	'text/llama-3.1-8b', 'text/llama-3.1-70b', 'text/llama-3.1-405b',
	'text/codellama-7b', 'text/codellama-13b', 'text/codellama-34b', 'text/codellama-70b',
	'text/mistral-7b', 'text/mistral-nemo', 'text/mixtral-8x7b',
] as const;

/** Fine-tuning's `BaseEngine` (16 values): the asset list minus SD3, FLUX, SVD, Llama 3/3.1 and mistral-nemo. */
export const TUNE_BASE_ENGINES = BASE_ENGINES.filter((e) => !/^(image\/stable-diffusion-v3|image\/flux-|video\/svd$|text\/llama-3|text\/mistral-nemo$)/.test(e));

/** Base checkpoints a LoRA can be tuned on: the families the reference's `resize_images` names (SD 1.5, SDXL). */
export const TUNABLE_ENGINES = ['image/stable-diffusion-v1-5', 'image/stable-diffusion-xl-v1-0'] as const;

export const TUNE_STATUSES = ['pending', 'running', 'succeeded', 'cancelled', 'failed'] as const;
export type TuneStatus = (typeof TUNE_STATUSES)[number];
export const TUNE_TYPES = ['lora_tune', 'text_to_speech_latent_tune', 'text_to_speech_rvc_tune', 'text_to_speech_tortoise_tune'] as const;

/** How error messages name an engine's model family. */
export const ENGINE_LABELS: Readonly<Record<string, string>> = {
	'image/stable-diffusion-v1-5': 'SD 1.5',
	'image/stable-diffusion-xl-v1-0': 'SDXL',
	'image/stable-diffusion-v3-medium': 'SD3',
	'image/stable-diffusion-ssd': 'SSD',
	'image/controlnet-sd15': 'ControlNet SD 1.5',
	'image/controlnet-sdxl': 'ControlNet SDXL',
	'image/flux-dev': 'FLUX dev',
	'image/flux-schnell': 'FLUX schnell',
};

export const engineLabel = (engine: string): string => ENGINE_LABELS[engine] ?? engine;
