// The public `octoai:` library: the assets the reference names (Part A "Assets and naming", Part B §5's
// base checkpoints) and those OctoAI's own guides used (Part C.5: LCM, Juggernaut, more_art...), with
// kinds and engines as they describe them; and the public ControlNets, which are not an asset type
// (reference §4) and so are only accepted by generation, never listed.
import type { AssetType } from './asset-enums.cts';

/** Owner of the public library; its assets are referred to as `octoai:<name>`. */
export const PUBLIC_OWNER = 'octoai';
/** tenant_uuid of the public assets. */
export const PUBLIC_TENANT_UUID = '00000000-0000-4000-8000-0000000c7a10';

const SDXL = 'image/stable-diffusion-xl-v1-0';
const SD15 = 'image/stable-diffusion-v1-5';

export interface PublicAssetRow {
	/** Without the `octoai:` prefix. */
	name: string;
	type: AssetType;
	engine: string;
	description: string;
	trigger_words?: string[];
}

// Rows are only ever appended: a row's position gives its asset id, which must not change.
export const PUBLIC_ASSETS: PublicAssetRow[] = [
	{ name: 'lightning_sdxl', type: 'checkpoint', engine: SDXL, description: 'SDXL Lightning: 4-8 steps, cfg 1.4-4' },
	{ name: 'RealVisXL', type: 'checkpoint', engine: SDXL, description: 'Photorealistic SDXL checkpoint' },
	{ name: 'samaritan', type: 'checkpoint', engine: SDXL, description: '3D cartoon style SDXL checkpoint' },
	{ name: 'crystal-clear', type: 'checkpoint', engine: SDXL, description: 'Clean, bright SDXL checkpoint' },
	{ name: 'realcartoon', type: 'checkpoint', engine: SD15, description: 'Cartoon style SD 1.5 checkpoint' },
	{ name: 'crayon-style', type: 'lora', engine: SDXL, description: 'Crayon drawing style LoRA', trigger_words: ['crayon drawing'] },
	{ name: 'add-detail', type: 'lora', engine: SDXL, description: 'Adds fine detail; weight -1..2', trigger_words: [] },
	{ name: 'NegativeXL', type: 'textual_inversion', engine: SDXL, description: 'Negative embedding for SDXL; use in the negative prompt', trigger_words: ['NegativeXL'] },
	{ name: 'sdxl-vae-fp16-fix', type: 'vae', engine: SDXL, description: 'SDXL VAE that runs in fp16' },
	{ name: 'default-sd15', type: 'checkpoint', engine: SD15, description: 'Stable Diffusion 1.5 base checkpoint (fine-tuning base)' },
	{ name: 'default-sdxl', type: 'checkpoint', engine: SDXL, description: 'Stable Diffusion XL 1.0 base checkpoint (fine-tuning base)' },
	{ name: 'lcm_sdxl', type: 'checkpoint', engine: SDXL, description: 'Latent consistency SDXL checkpoint: LCM sampler, about 4 steps, cfg about 1.3' },
	{ name: 'more_art', type: 'lora', engine: SDXL, description: 'Artistic detail LoRA', trigger_words: [] },
	{ name: 'product_photography_v1', type: 'lora', engine: SDXL, description: 'Product photography LoRA', trigger_words: [] },
	{ name: 'rundiffusion-juggernaut-v9', type: 'checkpoint', engine: SDXL, description: 'Juggernaut XL v9 by RunDiffusion' },
	{ name: 'rundiffusion-juggernaut-v9-lightning', type: 'checkpoint', engine: SDXL, description: 'Juggernaut XL v9 Lightning by RunDiffusion' },
	{ name: 'rundiffusion-juggernaut-xi', type: 'checkpoint', engine: SDXL, description: 'Juggernaut XL XI by RunDiffusion' },
	{ name: 'rundiffusion-juggernaut-xi-lightning', type: 'checkpoint', engine: SDXL, description: 'Juggernaut XL XI Lightning by RunDiffusion' },
	{ name: 'rundiffusion-juggernaut-xii', type: 'checkpoint', engine: SDXL, description: 'Juggernaut XL XII by RunDiffusion' },
];

/** Public ControlNets, by name without the prefix, with the `BaseEngine` a ControlNet engine must match. */
export const PUBLIC_CONTROLNETS: Readonly<Record<string, string>> = {
	canny_sdxl: 'image/controlnet-sdxl',
	depth_sdxl: 'image/controlnet-sdxl',
	openpose_sdxl: 'image/controlnet-sdxl',
	canny_sd15: 'image/controlnet-sd15',
	depth_sd15: 'image/controlnet-sd15',
	openpose_sd15: 'image/controlnet-sd15',
	inpaint_sd15: 'image/controlnet-sd15',
	ip2p_sd15: 'image/controlnet-sd15',
	lineart_sd15: 'image/controlnet-sd15',
	scribble_sd15: 'image/controlnet-sd15',
	tile_sd15: 'image/controlnet-sd15',
};

/** The engine of a public ControlNet named with or without `octoai:` (clients used both), else undefined. */
export function publicControlnet(ref: string): string | undefined {
	const bare = ref.startsWith(`${PUBLIC_OWNER}:`) ? ref.slice(PUBLIC_OWNER.length + 1) : ref;
	return Object.prototype.hasOwnProperty.call(PUBLIC_CONTROLNETS, bare) ? PUBLIC_CONTROLNETS[bare] : undefined;
}
