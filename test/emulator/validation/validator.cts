// Builds the request validator for POST /generate/{engine} from the rules table, once at start-up,
// like stripe-mock builds one validator per operation from its spec.
import { ENGINE_IDS, ENGINE_SETS, LIGHTNING_CHECKPOINT, type EngineId, type EngineRule } from '../rules/engines.cts';
import { CROSS_RULES, FIELDS, fieldApplies, type CrossRule, type FieldSpec } from '../rules/fields.cts';
import { assetRefIssues, type AssetLookup } from './asset-refs.cts';
import * as err from './errors.cts';
import { decodeImage, type DecodedImage } from './images.cts';
import { checkValue, describeLoc, type PendingImage } from './values.cts';

/** A request that passed validation, with the engine's defaults filled in. */
export interface GenerationRequest {
	engine: EngineRule;
	/** Wire (snake_case) fields; absent/null optional fields replaced by their defaults where one exists. */
	params: GenerationParams;
	images: {
		init?: DecodedImage;
		mask?: DecodedImage;
		control?: DecodedImage;
		/** Photo-merge images per trigger word, in request order. */
		transfer: Array<{ word: string; images: DecodedImage[] }>;
	};
}

export interface GenerationParams {
	prompt: string;
	width: number;
	height: number;
	steps: number;
	cfg_scale: number;
	num_images: number;
	strength: number;
	image_encoding: 'png' | 'jpeg';
	seed?: number | Array<number | null>;
	[field: string]: unknown;
}

export type ValidationResult = { ok: true; request: GenerationRequest } | { ok: false; errors: err.ValidationIssue[] };

interface EnginePlan {
	accepted: Map<string, FieldSpec>;
	/** Known fields this engine does not take. */
	foreign: Map<string, FieldSpec>;
	cross: CrossRule[];
}

/**
 * The validator: `validate(engine, body, assets)` resolves to the normalized request or the 422 issues.
 * `assets` resolves asset names as the calling token sees its library.
 */
export type Validator = (engine: EngineRule, body: unknown, assets: AssetLookup) => Promise<ValidationResult>;

/** Compiles the field and cross-field tables into one validator per engine. */
export function buildValidator(fields: FieldSpec[] = FIELDS, crossRules: CrossRule[] = CROSS_RULES): Validator {
	const plans = new Map<EngineId, EnginePlan>();
	for (const id of ENGINE_IDS) {
		const accepted = new Map(fields.filter((f) => fieldApplies(f, id)).map((f) => [f.name, f] as const));
		const foreign = new Map(fields.filter((f) => !fieldApplies(f, id)).map((f) => [f.name, f] as const));
		const cross = crossRules.filter(
			(r) => r.kind !== 'requiredForEngine' || (ENGINE_SETS[r.engines] as readonly EngineId[]).includes(id),
		);
		plans.set(id, { accepted, foreign, cross });
	}

	return async (engine, body, assets) => {
		if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [err.modelType()] };
		const plan = plans.get(engine.id)!;
		const input = body as Record<string, unknown>;
		const errors: err.ValidationIssue[] = [];
		const pending: PendingImage[] = [];
		const params: Record<string, unknown> = {};
		const images: GenerationRequest['images'] = { transfer: [] };
		const failed = new Set<string>();

		for (const spec of plan.accepted.values()) {
			const value = input[spec.name];
			const loc = ['body', spec.name];
			// A null for a nullable field means absent; elsewhere it fails the type check like any wrong type.
			if (value === undefined || (value === null && spec.nullable)) {
				if (spec.required) errors.push(err.missing(loc));
				continue;
			}
			const before = errors.length;
			checkValue(spec, value, loc, errors, pending);
			if (errors.length > before) failed.add(spec.name);
			else params[spec.name] = value;
		}
		for (const key of Object.keys(input)) {
			if (plan.accepted.has(key)) continue;
			// A null for a nullable field is "absent", which is fine even where the engine lacks the field.
			if (plan.foreign.get(key)?.nullable && input[key] === null) continue;
			errors.push(
				err.extraForbidden(
					['body', key],
					plan.foreign.has(key) ? `'${key}' is not supported by engine '${engine.id}'` : `unknown field '${key}'`,
				),
			);
		}

		applyDefaults(engine, plan, params);
		for (const rule of plan.cross) checkCross(rule, engine, params, failed, errors, assets);

		// Decode in parallel, report in request order.
		const decoded = await Promise.all(
			pending.map((p) => decodeImage(Buffer.from(p.base64, 'base64')).then((image) => ({ image }), (e: Error) => ({ problem: e.message }))),
		);
		decoded.forEach((result, i) => {
			const { loc } = pending[i];
			if ('image' in result) placeImage(images, loc, result.image);
			else errors.push(err.valueError(loc, `${describeLoc(loc)} ${result.problem}`));
		});
		if (errors.length > 0) return { ok: false, errors };
		return { ok: true, request: { engine, params: params as GenerationParams, images } };
	};
}

function applyDefaults(engine: EngineRule, plan: EnginePlan, params: Record<string, unknown>): void {
	// The Lightning checkpoint has its own documented defaults (8 steps, cfg 3).
	if (params.checkpoint === LIGHTNING_CHECKPOINT) {
		params.steps ??= 8;
		params.cfg_scale ??= 3;
	}
	for (const spec of plan.accepted.values()) {
		if (params[spec.name] === undefined && spec.default !== undefined) params[spec.name] = spec.default;
	}
	params.width ??= engine.defaultWidth;
	params.height ??= engine.defaultHeight;
}

function checkCross(
	rule: CrossRule,
	engine: EngineRule,
	params: Record<string, unknown>,
	failed: Set<string>,
	errors: err.ValidationIssue[],
	assets: AssetLookup,
): void {
	switch (rule.kind) {
		case 'asset':
			if (params[rule.field] !== undefined && !failed.has(rule.field)) errors.push(...assetRefIssues(rule, engine, params[rule.field], assets));
			return;
		case 'resolution': {
			if (failed.has('width') || failed.has('height')) return;
			const pair = `${params.width}x${params.height}`;
			if (!(engine.resolutions as readonly string[]).includes(pair)) {
				errors.push(
					err.valueError(
						['body'],
						`width x height ${pair} is not supported by engine '${engine.id}'; supported: ${engine.resolutions.join(', ')}`,
					),
				);
			}
			return;
		}
		case 'seedCount': {
			const seed = params.seed;
			if (!Array.isArray(seed) || failed.has('num_images')) return;
			if (seed.length !== params.num_images) {
				errors.push(
					err.valueError(
						['body', 'seed'],
						`a seed list must have exactly num_images (${params.num_images}) entries; it has ${seed.length}`,
					),
				);
			}
			return;
		}
		case 'requiredForEngine':
			if (params[rule.field] === undefined && !failed.has(rule.field)) {
				errors.push(err.missing(['body', rule.field], `for engine '${engine.id}'`));
			}
			return;
		case 'needs': {
			const value = params[rule.field];
			const triggered = rule.when === 'true' ? value === true : value !== undefined || failed.has(rule.field);
			const reported = errors.some((e) => e.type === 'missing' && e.loc.join('.') === `body.${rule.needs}`);
			if (triggered && params[rule.needs] === undefined && !failed.has(rule.needs) && !reported) {
				errors.push(err.missing(['body', rule.needs], `when ${rule.field} is ${rule.when === 'true' ? 'true' : 'set'}`));
			}
			return;
		}
	}
}

/** Files a decoded image under the request field its loc names. */
function placeImage(images: GenerationRequest['images'], loc: err.Loc, image: DecodedImage): void {
	const [, field, word, index] = loc as [string, string, string?, number?];
	if (field === 'init_image') images.init = image;
	else if (field === 'mask_image') images.mask = image;
	else if (field === 'controlnet_image') images.control = image;
	else if (field === 'transfer_images' && word !== undefined && index !== undefined) {
		let group = images.transfer.find((g) => g.word === word);
		if (!group) images.transfer.push((group = { word, images: [] }));
		group.images[index] = image;
	}
}
