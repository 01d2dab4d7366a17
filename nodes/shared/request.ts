import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_INPUT_IMAGE_MB, readInputImage, splitImageSources } from './binary';
import { CHECKPOINT_DEFAULTS, DEFAULTS, type EngineSpec, type ImageEncoding } from './engines';
import { fieldLabel } from './fields';
import { findPromptProblem } from './prompt';
import { parameterLabel } from './properties';
import type { GenerationMode } from './properties/mode';
import { findRequestProblems, type GenerationRequest } from './schema';
import { DEFAULT_POLICY, type RetryPolicy } from './transport';

export interface OutputSettings {
	field: string;
	allInOneItem: boolean;
	dropRemovedForSafety: boolean;
}

export interface ItemRequest {
	body: GenerationRequest;
	policy: RetryPolicy;
	output: OutputSettings;
}

/** Fields whose values are images: never echoed in outputs or error messages. */
export const IMAGE_FIELDS = ['init_image', 'mask_image', 'controlnet_image', 'transfer_images'] as const;

/**
 * Reads one item's parameters and input images into a validated request body. Everything that can be
 * checked locally is checked here, so a bad item fails with a NodeOperationError before any request.
 */
export async function buildItemRequest(
	ctx: IExecuteFunctions,
	engine: EngineSpec,
	i: number,
): Promise<ItemRequest> {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description });
	const param = (name: string, fallback?: unknown) => {
		try {
			return ctx.getNodeParameter(name, i, fallback) as unknown;
		} catch (error) {
			// An expression that cannot be evaluated: say which field holds it.
			throw fail(`${parameterLabel(engine, name)}: ${(error as Error).message}`, (error as { description?: string }).description);
		}
	};
	const options = param('options', {}) as IDataObject;

	const body: GenerationRequest = { prompt: checkedPrompt(param('prompt'), 'prompt', true, fail) };
	const negative = checkedPrompt(param('negativePrompt', ''), 'negative_prompt', false, fail);
	if (negative) body.negative_prompt = negative;
	if (engine.fields.has('prompt_2')) {
		const prompt2 = checkedPrompt(options.prompt2 ?? '', 'prompt_2', false, fail);
		if (prompt2) body.prompt_2 = prompt2;
		const negative2 = checkedPrompt(options.negativePrompt2 ?? '', 'negative_prompt_2', false, fail);
		if (negative2) body.negative_prompt_2 = negative2;
	}

	Object.assign(body, readResolution(param('resolution'), param, fail));
	body.num_images = param('numImages', DEFAULTS.num_images) as number;
	body.sampler = param('sampler', DEFAULTS.sampler) as string;

	const checkpoint = locatorValue(param('checkpoint', ''));
	if (checkpoint) body.checkpoint = checkpoint;
	const checkpointDefaults = CHECKPOINT_DEFAULTS[checkpoint];
	body.steps = (options.steps as number | undefined) ?? checkpointDefaults?.steps ?? DEFAULTS.steps;
	body.cfg_scale = (options.cfgScale as number | undefined) ?? checkpointDefaults?.cfg_scale ?? DEFAULTS.cfg_scale;
	const seed = parseSeed(options.seed, fail);
	if (seed !== undefined) body.seed = seed;
	if (options.clipSkip !== undefined) body.clip_skip = options.clipSkip as number;
	const vae = locatorValue(options.vae);
	if (vae) body.vae = vae;
	const loras = pairs(param('loras', {}), 'loras', 'weight', fail);
	if (loras) body.loras = loras as Record<string, number>;
	const inversions = pairs(param('textualInversions', {}), 'textual_inversions', 'triggerWord', fail);
	if (inversions) body.textual_inversions = inversions as Record<string, string>;
	body.image_encoding = (options.imageEncoding as ImageEncoding | undefined) ?? DEFAULTS.image_encoding;

	if (engine.fields.has('use_refiner') && options.useRefiner !== undefined) {
		body.use_refiner = options.useRefiner as boolean;
	}
	if (engine.fields.has('high_noise_frac') && options.highNoiseFrac !== undefined) {
		body.high_noise_frac = options.highNoiseFrac as number;
	}
	if (engine.fields.has('style_preset') && options.stylePreset !== undefined) {
		body.style_preset = options.stylePreset as string;
	}

	const maxMb = (options.maxInputImageMB as number | undefined) ?? DEFAULT_MAX_INPUT_IMAGE_MB;
	const readImage = async (source: unknown, label: string) =>
		await readInputImage(ctx, i, source, label, maxMb * 1024 * 1024);
	await addModeInputs(readImage, param('mode', 'textToImage') as GenerationMode, body, options, param, fail);
	if (engine.fields.has('controlnet')) await addControlNet(readImage, body, options, param);

	const problems = findRequestProblems(engine, body);
	if (problems.length > 0) {
		const lines = problems.map((p) => `${p.label}${valueNote(body, p.field)} ${p.message}`);
		throw fail(lines[0], lines.length > 1 ? lines.join('\n') : undefined);
	}

	return {
		body,
		policy: {
			timeoutMs: ((options.timeout as number | undefined) ?? DEFAULT_POLICY.timeoutMs / 1000) * 1000,
			maxRetries: (options.maxRetries as number | undefined) ?? DEFAULT_POLICY.maxRetries,
			baseDelayMs: DEFAULT_POLICY.baseDelayMs,
		},
		output: {
			field: String(param('outputField', 'data')).trim() || 'data',
			allInOneItem: options.allImagesInOneItem === true,
			dropRemovedForSafety: options.dropRemovedForSafety === true,
		},
	};
}

type Fail = (message: string, description?: string) => NodeOperationError;
type Param = (name: string, fallback?: unknown) => unknown;

/** " (500)" for short scalar values, so the error shows what the user entered; never image data. */
function valueNote(body: GenerationRequest, field: string): string {
	if ((IMAGE_FIELDS as readonly string[]).includes(field)) return '';
	const value = (body as unknown as Record<string, unknown>)[field];
	if (value === undefined || typeof value === 'object') {
		return Array.isArray(value) ? ` (${value.join(', ')})` : '';
	}
	const text = String(value);
	return text.length <= 60 ? ` (${JSON.stringify(value)})` : '';
}

function checkedPrompt(value: unknown, field: string, required: boolean, fail: Fail): string {
	if (value === undefined || value === null) value = '';
	if (typeof value !== 'string') {
		throw fail(`${fieldLabel(field)} must be text, but the expression gave ${typeof value}`);
	}
	if (required && value.trim() === '') {
		throw fail(`${fieldLabel(field)} is empty`, 'Describe the image to generate.');
	}
	const problem = findPromptProblem(value);
	if (problem) {
		throw fail(
			`${fieldLabel(field)} has a weighting error at character ${problem.position}: ${problem.message}`,
			'Weights look like (words) or (words:1.2); brackets must be balanced.',
		);
	}
	return value.trim();
}

function readResolution(value: unknown, param: Param, fail: Fail): { width: number; height: number } {
	if (value === 'custom') {
		return { width: param('width') as number, height: param('height') as number };
	}
	const match = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(String(value));
	if (!match) throw fail(`Resolution "${String(value)}" is not of the form WIDTHxHEIGHT`);
	return { width: Number(match[1]), height: Number(match[2]) };
}

/** Empty -> random; "42" -> 42; "1, 2, 3" or [1, 2, 3] -> a list (one seed per image). */
export function parseSeed(value: unknown, fail: Fail): number | number[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value;
	const parts = Array.isArray(value) ? value.map(String) : String(value).split(',');
	const seeds = parts.map((part) => {
		const text = part.trim();
		if (!/^-?\d+$/.test(text)) {
			throw fail(
				`${fieldLabel('seed')} "${text}" is not a whole number`,
				'Leave Seed empty for random seeds, or give numbers separated by commas.',
			);
		}
		return Number(text);
	});
	return Array.isArray(value) || String(value).includes(',') ? seeds : seeds[0];
}

/** The chosen value of an asset picker (a resource locator), or of a plain string parameter. */
export function locatorValue(value: unknown): string {
	const raw = value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value;
	return raw === undefined || raw === null ? '' : String(raw).trim();
}

/** A fixedCollection of {name, <valueKey>} rows as the API's name -> value map. */
function pairs(collection: unknown, field: string, valueKey: string, fail: Fail) {
	const rows = ((collection as IDataObject)?.entries ?? []) as IDataObject[];
	if (rows.length === 0) return undefined;
	const result: Record<string, unknown> = {};
	for (const row of rows) {
		const name = locatorValue(row.name);
		if (!name) throw fail(`${fieldLabel(field)}: an entry has no name`);
		if (name in result) throw fail(`${fieldLabel(field)}: "${name}" is listed twice`);
		result[name] = row[valueKey];
	}
	return result;
}

type ReadImage = (source: unknown, label: string) => Promise<string>;

async function addModeInputs(
	readImage: ReadImage,
	mode: GenerationMode,
	body: GenerationRequest,
	options: IDataObject,
	param: Param,
	fail: Fail,
): Promise<void> {
	if (mode === 'imageToImage' || mode === 'inpainting' || mode === 'outpainting') {
		body.init_image = await readImage(param('inputImage'), fieldLabel('init_image'));
	}
	if (mode === 'imageToImage' || mode === 'inpainting') {
		body.strength = param('strength', DEFAULTS.strength) as number;
	}
	if (mode === 'inpainting' || mode === 'outpainting') {
		body.mask_image = await readImage(param('maskImage'), fieldLabel('mask_image'));
	}
	if (mode === 'inpainting' && options.inpaintFullRes !== undefined) {
		body.inpaint_full_res = options.inpaintFullRes as boolean;
		if (options.inpaintFullRes && options.inpaintFullResPadding !== undefined) {
			body.inpaint_full_res_padding = options.inpaintFullResPadding as number;
		}
	}
	if (mode === 'outpainting') body.outpainting = true;
	if (mode === 'photoMerge') {
		const rows = ((param('transferImages', {}) as IDataObject).entries ?? []) as IDataObject[];
		if (rows.length === 0) throw fail(`${fieldLabel('transfer_images')}: add at least one trigger word with photos`);
		const transfer: Record<string, string[]> = {};
		for (const row of rows) {
			const word = String(row.triggerWord ?? '').trim();
			if (!word) throw fail(`${fieldLabel('transfer_images')}: a trigger word is empty`);
			if (!body.prompt.includes(word)) {
				throw fail(
					`${fieldLabel('transfer_images')}: the prompt does not mention the trigger word "${word}"`,
					'Photo merge puts the subject where the prompt names its trigger word.',
				);
			}
			const sources = splitImageSources(row.binaryFields);
			if (sources.length === 0) throw fail(`${fieldLabel('transfer_images')}: "${word}" has no binary fields`);
			transfer[word] = [];
			for (const source of sources) {
				transfer[word].push(await readImage(source, `${fieldLabel('transfer_images')} "${word}"`));
			}
		}
		body.transfer_images = transfer;
	}
}

async function addControlNet(
	readImage: ReadImage,
	body: GenerationRequest,
	options: IDataObject,
	param: Param,
): Promise<void> {
	const choice = String(param('controlNet'));
	body.controlnet = choice === 'custom' ? String(param('controlNetName', '')).trim() : choice;
	body.controlnet_image = await readImage(param('controlImage'), fieldLabel('controlnet_image'));
	body.controlnet_conditioning_scale = param('conditioningScale', DEFAULTS.controlnet_conditioning_scale) as number;
	body.controlnet_preprocess = param('preprocess', false) as boolean;
	if (options.earlyStop !== undefined) body.controlnet_early_stop = options.earlyStop as number;
}
