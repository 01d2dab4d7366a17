// The asset library behind GET /v1/assets. Only listing exists so far; the store is built so that
// create/upload/delete and per-tenant private assets can be added as methods without changing callers.

/** Asset kinds (reference §4 `AssetType`). */
export const ASSET_TYPES = ['file', 'checkpoint', 'lora', 'textual_inversion', 'vae', 'latent'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** `BaseEngine` values (reference §4): what an asset is built for. */
export const BASE_ENGINES = [
	'image/stable-diffusion-v1-5', 'image/stable-diffusion-xl-v1-0', 'image/stable-diffusion-v3-medium',
	'image/stable-diffusion-ssd', 'image/controlnet-sd15', 'image/controlnet-sdxl', 'image/flux-dev', 'image/flux-schnell',
	'video/svd', 'audio/tortoise-tts', 'audio/rvc',
	'text/llama-2-7b', 'text/llama-2-13b', 'text/llama-2-70b', 'text/llama-3-8b', 'text/llama-3-70b',
	'text/llama-3.1-8b', 'text/llama-3.1-70b', 'text/llama-3.1-405b',
	'text/codellama-7b', 'text/codellama-13b', 'text/codellama-34b', 'text/codellama-70b',
	'text/mistral-7b', 'text/mistral-nemo', 'text/mixtral-8x7b',
] as const;

export const BASE_ENGINE_TYPES = ['text', 'image', 'audio', 'video'] as const;
export const DATA_TYPES = ['fp16', 'fp32', 'int4', 'int8'] as const;

/** An asset as the API returns it (reference §4, `Asset`). */
export interface Asset {
	id: string;
	name: string;
	asset_type: AssetType;
	data: { asset_type: AssetType; engine?: string; data_type?: string; file_format?: string; trigger_words?: string[] };
	description: string;
	created_at: string;
	size_bytes: number;
	status: 'ready_to_upload' | 'uploading' | 'uploaded' | 'ready' | 'rejected' | 'error' | 'deleted';
	status_details: string;
	tenant_uuid: string;
	is_public?: boolean;
	file_structure?: 'unknown' | 'single_file' | 'multiple_files';
}

/** Query of GET /v1/assets after parsing; every filter optional. */
export interface AssetQuery {
	limit: number;
	offset: number;
	name?: string;
	owner?: string;
	asset_type?: AssetType[];
	engine?: string[];
	/** `text`, `image`, `audio` or `video`: the prefix of the asset's engine. */
	engine_type?: string;
	data_type?: string;
	is_public?: boolean;
}

export interface AssetPage {
	data: Asset[];
	total: number;
	has_more: boolean;
}

/** Owner of the public library; its assets are referred to as `octoai:<name>`. */
export const PUBLIC_OWNER = 'octoai';
const PUBLIC_TENANT = '00000000-0000-4000-8000-0000000c7a10';
const SDXL = 'image/stable-diffusion-xl-v1-0';
const SD15 = 'image/stable-diffusion-v1-5';

// The public assets the reference names, with kinds and engines as it describes them.
const PUBLIC_SEED: Array<[name: string, type: AssetType, engine: string, description: string, extra?: Partial<Asset['data']>]> = [
	['lightning_sdxl', 'checkpoint', SDXL, 'SDXL Lightning: 4-8 steps, cfg 1.4-4'],
	['RealVisXL', 'checkpoint', SDXL, 'Photorealistic SDXL checkpoint'],
	['samaritan', 'checkpoint', SDXL, '3D cartoon style SDXL checkpoint'],
	['crystal-clear', 'checkpoint', SDXL, 'Clean, bright SDXL checkpoint'],
	['realcartoon', 'checkpoint', SD15, 'Cartoon style SD 1.5 checkpoint'],
	['crayon-style', 'lora', SDXL, 'Crayon drawing style LoRA', { trigger_words: ['crayon drawing'] }],
	['add-detail', 'lora', SD15, 'Adds fine detail; weight -1..2', { trigger_words: [] }],
	['NegativeXL', 'textual_inversion', SDXL, 'Negative embedding for SDXL; use in the negative prompt', { trigger_words: ['NegativeXL'] }],
	['sdxl-vae-fp16-fix', 'vae', SDXL, 'SDXL VAE that runs in fp16'],
];

function seedPublicAssets(): Asset[] {
	return PUBLIC_SEED.map(([name, type, engine, description, extra], i) => ({
		id: `asset_01HPUB${String(i + 1).padStart(20, '0')}`,
		name: `${PUBLIC_OWNER}:${name}`,
		asset_type: type,
		data: { asset_type: type, engine, data_type: 'fp16', file_format: 'safetensors', ...extra },
		description,
		created_at: new Date(Date.UTC(2024, 0, 10 + i)).toISOString(),
		size_bytes: type === 'checkpoint' ? 6_938_040_682 : type === 'vae' ? 334_643_268 : type === 'lora' ? 228_463_142 : 131_411,
		status: 'ready',
		status_details: '',
		tenant_uuid: PUBLIC_TENANT,
		is_public: true,
		file_structure: 'single_file',
	}));
}

/** The asset library of one emulator instance. */
export class AssetStore {
	private readonly assets: Asset[] = seedPublicAssets();

	/** One page of the assets visible to the caller, filtered as the query asks, in creation order. */
	list(query: AssetQuery): AssetPage {
		const matching = this.assets.filter((a) => matches(a, query));
		const data = matching.slice(query.offset, query.offset + query.limit);
		return { data, total: matching.length, has_more: query.offset + data.length < matching.length };
	}
}

function matches(asset: Asset, q: AssetQuery): boolean {
	const [owner, bare] = asset.name.includes(':') ? asset.name.split(':', 2) : [undefined, asset.name];
	if (q.name !== undefined && q.name !== asset.name && q.name !== bare) return false;
	if (q.owner !== undefined && q.owner !== owner) return false;
	if (q.asset_type && !q.asset_type.includes(asset.asset_type)) return false;
	if (q.engine && !(asset.data.engine !== undefined && q.engine.includes(asset.data.engine))) return false;
	if (q.engine_type !== undefined && !asset.data.engine?.startsWith(`${q.engine_type}/`)) return false;
	if (q.data_type !== undefined && asset.data.data_type !== q.data_type) return false;
	if (q.is_public !== undefined && (asset.is_public ?? false) !== q.is_public) return false;
	return true;
}
