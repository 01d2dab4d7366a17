import { z } from 'zod';

import { LISTED_MAX } from './choice-parameter';
import { supportsResolution, type EngineSpec } from './engines';
import { engineFields, fieldLabel, type EngineRow, type FieldRow, type GenerationRequest } from './registry';
import { describeLimit, describeMaxLength, withinLimit, type NumberLimit } from './registry/values';

export type { GenerationRequest } from './registry';

/**
 * A number within its limit, by the rule every number field of every endpoint follows (withinLimit:
 * finite, so Infinity never goes out as JSON null; whole and exact where the limit says so). What is
 * sent must be a number: the readers (ItemParameters) turn numeric text into one first.
 */
function numberIn(limit: NumberLimit) {
	const message = `must be ${describeLimit(limit)}`;
	// z.number() first: a list given for a seed is then another type, not a number out of bounds.
	return z.number({ invalid_type_error: message }).refine((value) => withinLimit(value, limit), { message });
}

const REQUIRED = { required_error: 'is required' };
const text = (params = {}) => z.string({ invalid_type_error: 'must be text', ...params });
const base64 = (params = {}) =>
	z.string({ invalid_type_error: 'must be a base64-encoded image', ...params }).min(1, { message: 'must be a base64-encoded image' });
const assetName = (params = {}) => z.string({ invalid_type_error: 'must be a name', ...params }).trim().min(1, { message: 'needs a name' });

/** Required fields of every mode must be in every body; a mode's own required inputs come with the mode. */
function mustSend(row: FieldRow): boolean {
	return row.required === true && row.modes === undefined;
}

/** ": a, b, c" for a short list of allowed values; " (N of them)" for a long one. */
function enumList(values: readonly string[]): string {
	const list = values.join(', ');
	return list.length <= LISTED_MAX ? `: ${list}` : ` the field offers (${values.length} of them)`;
}

/** The zod type of one registry row's value. */
function valueSchema(row: EngineRow): z.ZodTypeAny {
	const value = row.value;
	const params = mustSend(row) ? REQUIRED : {};
	switch (value.type) {
		case 'text': {
			let schema = value.maxLength
				? text(params).max(value.maxLength, { message: describeMaxLength(value.maxLength) })
				: text(params);
			if (mustSend(row)) schema = schema.trim().min(1, { message: 'must not be empty' });
			return schema;
		}
		case 'number':
			return numberIn(value.limit);
		case 'boolean':
			return z.boolean({ invalid_type_error: 'must be true or false' });
		case 'enum':
			return z.enum(value.values as [string, ...string[]], {
				// A long list (the style presets) is counted, not spelled out: the field's own list shows them.
				errorMap: () => ({ message: `must be one of the ${value.what ?? 'values'}${enumList(value.values)}` }),
			});
		case 'name':
			return assetName(params);
		case 'image':
			return base64(params);
		case 'seed':
			return z.union([numberIn(value.limit), z.array(numberIn(value.limit)).min(1)]);
		case 'nameMap': {
			const entry = {
				number: z.number({ invalid_type_error: 'weights must be numbers', required_error: 'each LoRA needs a weight' }).finite(),
				text: text().trim().min(1, { message: 'needs a trigger word' }),
				images: z.array(base64()).min(1),
			}[value.of];
			return z.record(assetName(), entry);
		}
		default:
			// Number lists, points and size tables are utility fields; an engine row never has them.
			throw new Error(`${row.label}: no generation request field is a ${value.type}`);
	}
}

const schemaCache = new Map<string, z.ZodType<GenerationRequest>>();

/**
 * The zod schema of one engine's request body, built from the registry rows the engine takes:
 * unknown fields and fields the engine does not take are rejected.
 */
export function requestSchema(engine: EngineSpec): z.ZodType<GenerationRequest> {
	const cached = schemaCache.get(engine.id);
	if (cached) return cached;
	const shape: Record<string, z.ZodTypeAny> = {};
	for (const row of engineFields(engine)) {
		const schema = valueSchema(row);
		shape[row.wire] = mustSend(row) ? schema : schema.optional();
	}
	const schema = z
		.object(shape)
		.strict()
		.superRefine((body, ctx) => crossFieldRules(engine, body as GenerationRequest, ctx)) as unknown as z.ZodType<GenerationRequest>;
	schemaCache.set(engine.id, schema);
	return schema;
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
			const labels = issue.keys.map(fieldLabel).join(', ');
			return { field: keys, label: labels, message: `is not accepted by ${engine.displayName}` };
		}
		return { field, label: fieldLabel(field), message: issue.message };
	});
}
