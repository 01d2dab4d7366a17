import { z } from 'zod';

import {
	IMAGE_ENCODINGS,
	LIMITS,
	SAMPLERS,
	STYLE_PRESETS,
	supportsResolution,
	type EngineOnlyField,
	type EngineSpec,
	type NumberLimit,
} from './engines';
import { fieldLabel } from './fields';

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
}

/** Human wording of a numeric limit, e.g. "a whole number greater than 0 and at most 200". */
export function describeLimit(limit: NumberLimit): string {
	const kind = limit.integer ? 'a whole number' : 'a number';
	const low = `${limit.minExclusive ? 'greater than' : 'at least'} ${limit.min}`;
	if (limit.max === undefined) return `${kind} ${low}`;
	const high = `${limit.maxExclusive ? 'less than' : 'at most'} ${limit.max}`;
	return `${kind} ${low} and ${high}`;
}

function numberIn(limit: NumberLimit) {
	const text = describeLimit(limit);
	// finite(): Infinity and 1e309 would go out as JSON null.
	let schema = z.number({ invalid_type_error: `must be ${text}` }).finite({ message: `must be ${text}` });
	if (limit.integer) schema = schema.int({ message: `must be ${text}` });
	schema = limit.minExclusive
		? schema.gt(limit.min, { message: `must be ${text}` })
		: schema.gte(limit.min, { message: `must be ${text}` });
	if (limit.max !== undefined) {
		schema = limit.maxExclusive
			? schema.lt(limit.max, { message: `must be ${text}` })
			: schema.lte(limit.max, { message: `must be ${text}` });
	}
	return schema;
}

const text = z.string({ invalid_type_error: 'must be text' });
const flag = z.boolean({ invalid_type_error: 'must be true or false' });
const base64 = z.string().min(1, { message: 'must be a base64-encoded image' });
const assetName = z.string().trim().min(1, { message: 'needs a name' });

const samplerValues = SAMPLERS.map((s) => s.value) as [string, ...string[]];
const styleValues = STYLE_PRESETS as [string, ...string[]];

function oneOf(values: readonly [string, ...string[]], what: string) {
	return z.enum(values as [string, ...string[]], {
		errorMap: () => ({ message: `must be one of the ${what}: ${values.join(', ')}` }),
	});
}

const COMMON_FIELDS = {
	prompt: z.string({ required_error: 'is required' }).trim().min(1, { message: 'must not be empty' }),
	negative_prompt: text.optional(),
	sampler: oneOf(samplerValues, 'samplers').optional(),
	cfg_scale: numberIn(LIMITS.cfg_scale).optional(),
	steps: numberIn(LIMITS.steps).optional(),
	num_images: numberIn(LIMITS.num_images).optional(),
	seed: z.union([numberIn(LIMITS.seed), z.array(numberIn(LIMITS.seed)).min(1)]).optional(),
	width: numberIn({ min: 1, integer: true }).optional(),
	height: numberIn({ min: 1, integer: true }).optional(),
	clip_skip: numberIn(LIMITS.clip_skip).optional(),
	checkpoint: assetName.optional(),
	loras: z
		.record(assetName, z.number({ invalid_type_error: 'weights must be numbers', required_error: 'each LoRA needs a weight' }).finite())
		.optional(),
	textual_inversions: z.record(assetName, text.min(1, { message: 'needs a trigger word' })).optional(),
	vae: assetName.optional(),
	init_image: base64.optional(),
	strength: numberIn(LIMITS.strength).optional(),
	mask_image: base64.optional(),
	inpaint_full_res: flag.optional(),
	inpaint_full_res_padding: numberIn(LIMITS.inpaint_full_res_padding).optional(),
	outpainting: flag.optional(),
	transfer_images: z.record(assetName, z.array(base64).min(1)).optional(),
	image_encoding: oneOf(IMAGE_ENCODINGS, 'image encodings').optional(),
};

const ENGINE_ONLY_FIELDS: Record<EngineOnlyField, Record<string, z.ZodTypeAny>> = {
	prompt_2: { prompt_2: text.optional() },
	negative_prompt_2: { negative_prompt_2: text.optional() },
	use_refiner: { use_refiner: flag.optional() },
	high_noise_frac: { high_noise_frac: numberIn(LIMITS.high_noise_frac).optional() },
	style_preset: { style_preset: oneOf(styleValues, 'SDXL style presets').optional() },
	controlnet: {
		controlnet: assetName,
		controlnet_image: z.string({ required_error: 'is required on ControlNet engines' }).min(1),
		controlnet_conditioning_scale: numberIn(LIMITS.controlnet_conditioning_scale).optional(),
		controlnet_early_stop: numberIn(LIMITS.controlnet_early_stop).optional(),
		controlnet_preprocess: flag.optional(),
	},
};

const schemaCache = new Map<string, z.ZodType<GenerationRequest>>();

/** The zod schema of one engine's request body; unknown and inapplicable fields are rejected. */
export function requestSchema(engine: EngineSpec): z.ZodType<GenerationRequest> {
	const cached = schemaCache.get(engine.id);
	if (cached) return cached;
	const shape: Record<string, z.ZodTypeAny> = { ...COMMON_FIELDS };
	for (const field of engine.fields) Object.assign(shape, ENGINE_ONLY_FIELDS[field]);
	const schema = z
		.object(shape)
		.strict()
		.superRefine((body, ctx) => crossFieldRules(engine, body as GenerationRequest, ctx));
	schemaCache.set(engine.id, schema as unknown as z.ZodType<GenerationRequest>);
	return schema as unknown as z.ZodType<GenerationRequest>;
}

function crossFieldRules(engine: EngineSpec, body: GenerationRequest, ctx: z.RefinementCtx) {
	const [defaultWidth, defaultHeight] = engine.resolutions[0];
	const width = body.width ?? defaultWidth;
	const height = body.height ?? defaultHeight;
	if (!supportsResolution(engine, width, height)) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['width'],
			message: `${width}x${height} is not a resolution ${engine.displayName} supports; use one of ${engine.resolutions
				.map(([w, h]) => `${w}x${h}`)
				.join(', ')}`,
		});
	}
	if (Array.isArray(body.seed) && body.seed.length !== (body.num_images ?? 1)) {
		ctx.addIssue({
			code: z.ZodIssueCode.custom,
			path: ['seed'],
			message: `lists ${body.seed.length} seeds but ${fieldLabel('num_images')} is ${body.num_images ?? 1}; give one seed per image`,
		});
	}
	if (body.mask_image !== undefined && body.init_image === undefined) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['mask_image'], message: 'needs an input image' });
	}
	if (body.outpainting && body.mask_image === undefined) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['outpainting'], message: 'needs a mask image' });
	}
}

export interface RequestProblem {
	field: string;
	label: string;
	message: string;
}

/** Validates a request body for an engine; returns one readable problem per invalid field. */
export function findRequestProblems(engine: EngineSpec, body: unknown): RequestProblem[] {
	const result = requestSchema(engine).safeParse(body);
	if (result.success) return [];
	return result.error.issues.map((issue) => {
		const field = String(issue.path[0] ?? '');
		if (issue.code === z.ZodIssueCode.unrecognized_keys) {
			const keys = issue.keys.join(', ');
			return { field: keys, label: keys, message: `is not accepted by ${engine.displayName}` };
		}
		return { field, label: fieldLabel(field), message: issue.message };
	});
}
