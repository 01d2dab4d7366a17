// The request-field table for POST /generate/{engine}, transcribed from reference/octoai-api.md:
// Part C.1 (the service's own OpenAPI export: defaults, limits, which fields take null) wins over
// Parts A and B (public docs, SDK types). One row per field; the validator is built from these rows.
import { ENGINE_SETS, type EngineId, type EngineSetName } from './engines.cts';
import { IMAGE_ENCODINGS, SCHEDULERS, SDXL_STYLES } from './enums.cts';
import type { Range, ValueSpec } from './values.cts';

export type { Range, ValueSpec } from './values.cts';

/**
 * One request field: its value rule, which engines accept it, its server-side default, and whether
 * an explicit `null` means "absent" (`nullable`; the export's `anyOf [..., null]`) or is refused.
 */
export type FieldSpec = ValueSpec & {
	name: string;
	engines: EngineSetName;
	required?: boolean;
	nullable?: boolean;
	default?: unknown;
};

/** The export's limit on every prompt field. */
export const PROMPT_MAX_CHARS = 10_000;
const PROMPT = { type: 'string', maxLength: PROMPT_MAX_CHARS } as const;

const SEED: ValueSpec & { type: 'integer' } = { type: 'integer', range: { gt: 0, lt: 2 ** 32 } };
const FRACTION: Range = { ge: 0, le: 1 };

export const FIELDS: FieldSpec[] = [
	{ name: 'prompt', ...PROMPT, minLength: 1, required: true, engines: 'all' },
	{ name: 'prompt_2', ...PROMPT, nullable: true, engines: 'sdxlOnly' },
	{ name: 'negative_prompt', ...PROMPT, nullable: true, engines: 'notFlux' },
	{ name: 'negative_prompt_2', ...PROMPT, nullable: true, engines: 'sdxlOnly' },
	{ name: 'sampler', type: 'enum', values: SCHEDULERS, engines: 'notSd3OrFlux', default: 'DDIM' },
	{ name: 'cfg_scale', type: 'number', range: { gt: 0, le: 50 }, engines: 'all', default: 12 },
	{ name: 'width', type: 'integer', nullable: true, engines: 'all' },
	{ name: 'height', type: 'integer', nullable: true, engines: 'all' },
	{ name: 'steps', type: 'integer', range: { gt: 0, le: 200 }, engines: 'all', default: 30 },
	{ name: 'num_images', type: 'integer', range: { ge: 1, le: 16 }, engines: 'all', default: 1 },
	{ name: 'seed', type: 'intOrList', items: SEED, nullable: true, engines: 'all' },
	{ name: 'use_refiner', type: 'boolean', engines: 'sdxlOnly', default: true },
	{ name: 'high_noise_frac', type: 'number', range: FRACTION, engines: 'sdxlOnly', default: 0.8 },
	{ name: 'clip_skip', type: 'integer', range: { ge: 1, le: 12 }, nullable: true, engines: 'notSd3OrFlux' },
	{ name: 'checkpoint', type: 'string', nullable: true, engines: 'notSd3OrFlux' },
	{ name: 'loras', type: 'map', values: { type: 'number' }, valuesNullable: true, nullable: true, engines: 'notSd3' },
	{ name: 'textual_inversions', type: 'map', values: { type: 'string' }, valuesNullable: true, nullable: true, engines: 'notSd3OrFlux' },
	{ name: 'vae', type: 'string', nullable: true, engines: 'notSd3OrFlux' },
	{ name: 'style_preset', type: 'enum', values: SDXL_STYLES, nullable: true, engines: 'sdxlOnly' },
	{ name: 'init_image', type: 'image', nullable: true, engines: 'all' },
	{ name: 'strength', type: 'number', range: { gt: 0, le: 1 }, engines: 'all', default: 0.8 },
	{ name: 'mask_image', type: 'image', nullable: true, engines: 'notSd3' },
	{ name: 'inpaint_full_res', type: 'boolean', engines: 'all', default: false },
	{ name: 'inpaint_full_res_padding', type: 'integer', range: { ge: 0 }, engines: 'all', default: 32 },
	{ name: 'outpainting', type: 'boolean', engines: 'notSd3OrFlux', default: false },
	{ name: 'transfer_images', type: 'map', values: { type: 'list', items: { type: 'image' } }, nullable: true, engines: 'notSd3OrFlux' },
	{ name: 'controlnet', type: 'string', nullable: true, engines: 'controlnetOnly' },
	{ name: 'controlnet_conditioning_scale', type: 'number', range: { ge: 0 }, engines: 'controlnetOnly', default: 1 },
	{ name: 'controlnet_early_stop', type: 'number', range: FRACTION, nullable: true, engines: 'controlnetOnly' },
	{ name: 'controlnet_image', type: 'image', nullable: true, engines: 'controlnetOnly' },
	{ name: 'controlnet_preprocess', type: 'boolean', engines: 'controlnetOnly', default: true },
	{ name: 'image_encoding', type: 'enum', values: IMAGE_ENCODINGS, engines: 'all', default: 'jpeg' },
	{ name: 'log_prompt', type: 'boolean', engines: 'all', default: false },
	// In the April and June 2024 exports (default false); the old Python SDK sent it on every call.
	// Accepted and echoed; the emulator's safety check runs either way.
	{ name: 'enable_safety', type: 'boolean', engines: 'all', default: false },
];

/** Rules that tie fields together, one row each. */
export type CrossRule =
	| { kind: 'needs'; field: string; when: 'present' | 'true'; needs: string }
	| { kind: 'requiredForEngine'; field: string; engines: EngineSetName }
	| { kind: 'seedCount' }
	| { kind: 'resolution' }
	/** The field names an asset (or, `keyed`, each key of the map does) that must fit the engine. */
	| { kind: 'asset'; field: string; asset: AssetRefKind; keyed?: boolean };

/** What an asset-naming field refers to: an asset type of the library, or a public ControlNet. */
export type AssetRefKind = 'checkpoint' | 'lora' | 'textual_inversion' | 'vae' | 'controlnet';

export const CROSS_RULES: CrossRule[] = [
	{ kind: 'resolution' },
	{ kind: 'seedCount' },
	{ kind: 'requiredForEngine', field: 'controlnet_image', engines: 'controlnetOnly' },
	{ kind: 'needs', field: 'mask_image', when: 'present', needs: 'init_image' },
	// Outpainting is init_image on a larger canvas plus a mask marking the new area (reference, modes table).
	{ kind: 'needs', field: 'outpainting', when: 'true', needs: 'init_image' },
	{ kind: 'needs', field: 'outpainting', when: 'true', needs: 'mask_image' },
	// Custom assets must exist for the caller, be ready, and be built for the engine's model family.
	{ kind: 'asset', field: 'checkpoint', asset: 'checkpoint' },
	{ kind: 'asset', field: 'loras', asset: 'lora', keyed: true },
	{ kind: 'asset', field: 'textual_inversions', asset: 'textual_inversion', keyed: true },
	{ kind: 'asset', field: 'vae', asset: 'vae' },
	{ kind: 'asset', field: 'controlnet', asset: 'controlnet' },
];

/** Whether an engine accepts a field, by the row's engine set. */
export function fieldApplies(field: FieldSpec, engine: EngineId): boolean {
	return (ENGINE_SETS[field.engines] as readonly EngineId[]).includes(engine);
}
