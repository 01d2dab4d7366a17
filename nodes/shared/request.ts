import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_INPUT_IMAGE_MB, readInputImage, splitImageSources } from './binary';
import { CHECKPOINT_DEFAULTS, DEFAULTS, type EngineSpec, type ImageEncoding } from './engines';
import { fieldLabel } from './fields';
import { ItemParameters } from './item-parameters';
import { findPromptProblem } from './prompt';
import { GENERATION_MODES, type GenerationMode } from './properties/mode';
import { RUN_OPTION_LIMITS } from './run-options';
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
	const params = new ItemParameters(ctx, engine, i);
	const option = (name: string) => params.option(name);

	const body: GenerationRequest = { prompt: checkedPrompt(params, params.get('prompt'), 'prompt', true) };
	const negative = checkedPrompt(params, params.get('negativePrompt', ''), 'negative_prompt', false);
	if (negative) body.negative_prompt = negative;
	if (engine.fields.has('prompt_2')) {
		const prompt2 = checkedPrompt(params, option('prompt2'), 'prompt_2', false);
		if (prompt2) body.prompt_2 = prompt2;
		const negative2 = checkedPrompt(params, option('negativePrompt2'), 'negative_prompt_2', false);
		if (negative2) body.negative_prompt_2 = negative2;
	}

	Object.assign(body, readResolution(params));
	body.num_images = params.get('numImages', DEFAULTS.num_images) as number;
	body.sampler = params.get('sampler', DEFAULTS.sampler) as string;

	const checkpoint = params.assetName(params.get('checkpoint', ''), fieldLabel('checkpoint'));
	if (checkpoint) body.checkpoint = checkpoint;
	const checkpointDefaults = CHECKPOINT_DEFAULTS[checkpoint];
	body.steps = (option('steps') as number | undefined) ?? checkpointDefaults?.steps ?? DEFAULTS.steps;
	body.cfg_scale = (option('cfgScale') as number | undefined) ?? checkpointDefaults?.cfg_scale ?? DEFAULTS.cfg_scale;
	const seed = parseSeed(params, option('seed'));
	if (seed !== undefined) body.seed = seed;
	const clipSkip = option('clipSkip');
	if (clipSkip !== undefined) body.clip_skip = clipSkip as number;
	const vae = params.assetName(option('vae'), fieldLabel('vae'));
	if (vae) body.vae = vae;
	const loras = pairs(params, params.get('loras', {}), 'loras', 'weight');
	if (loras) body.loras = loras as Record<string, number>;
	const inversions = pairs(params, params.get('textualInversions', {}), 'textual_inversions', 'triggerWord');
	if (inversions) body.textual_inversions = inversions as Record<string, string>;
	body.image_encoding = (option('imageEncoding') as ImageEncoding | undefined) ?? DEFAULTS.image_encoding;

	const engineOptions = [
		['use_refiner', 'useRefiner'],
		['high_noise_frac', 'highNoiseFrac'],
		['style_preset', 'stylePreset'],
	] as const;
	for (const [field, name] of engineOptions) {
		const value = engine.fields.has(field) ? option(name) : undefined;
		if (value !== undefined) (body as unknown as IDataObject)[field] = value as never;
	}

	const limits = RUN_OPTION_LIMITS;
	const maxMb = params.boundedOption('maxInputImageMB', limits.maxInputImageMB, DEFAULT_MAX_INPUT_IMAGE_MB);
	const readImage = async (source: unknown, label: string) =>
		await readInputImage(ctx, i, source, label, maxMb * 1024 * 1024);
	await addModeInputs(params, readImage, body);
	if (engine.fields.has('controlnet')) await addControlNet(params, readImage, body);

	const problems = findRequestProblems(engine, body);
	if (problems.length > 0) {
		const lines = problems.map((p) => `${p.label}${valueNote(body, p.field)} ${p.message}`);
		throw params.fail(lines[0], lines.length > 1 ? lines.join('\n') : undefined);
	}

	return {
		body,
		policy: {
			timeoutMs: params.boundedOption('timeout', limits.timeout, DEFAULT_POLICY.timeoutMs / 1000) * 1000,
			maxRetries: params.boundedOption('maxRetries', limits.maxRetries, DEFAULT_POLICY.maxRetries),
			baseDelayMs: DEFAULT_POLICY.baseDelayMs,
		},
		output: {
			field: String(params.get('outputField', 'data')).trim() || 'data',
			allInOneItem: option('allImagesInOneItem') === true,
			dropRemovedForSafety: option('dropRemovedForSafety') === true,
		},
	};
}

/** " (500)" for short scalar values, so the error shows what the user entered; never image data. */
function valueNote(body: GenerationRequest, field: string): string {
	if ((IMAGE_FIELDS as readonly string[]).includes(field)) return '';
	const value = (body as unknown as Record<string, unknown>)[field];
	if (value === undefined || typeof value === 'object') {
		return Array.isArray(value) ? ` (${value.join(', ')})` : '';
	}
	// String(NaN) rather than JSON's "null", so the note shows what the field really held.
	const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
	return text.length <= 60 ? ` (${text})` : '';
}

function checkedPrompt(params: ItemParameters, value: unknown, field: string, required: boolean): string {
	if (value === undefined || value === null) value = '';
	if (typeof value !== 'string') {
		throw params.fail(`${fieldLabel(field)} must be text, but the expression gave ${typeof value}`);
	}
	if (required && value.trim() === '') {
		throw params.fail(`${fieldLabel(field)} is empty`, 'Describe the image to generate.');
	}
	const problem = findPromptProblem(value);
	if (problem) {
		throw params.fail(
			`${fieldLabel(field)} has a weighting error at character ${problem.position}: ${problem.message}`,
			'Weights look like (words) or (words:1.2); brackets must be balanced.',
		);
	}
	return value.trim();
}

function readResolution(params: ItemParameters): { width: number; height: number } {
	const value = params.get('resolution');
	if (value === 'custom') {
		return { width: params.get('width') as number, height: params.get('height') as number };
	}
	const match = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(String(value));
	if (!match) throw params.fail(`Resolution "${String(value)}" is not of the form WIDTHxHEIGHT`);
	return { width: Number(match[1]), height: Number(match[2]) };
}

/** Empty -> random; "42" -> 42; "1, 2, 3" or [1, 2, 3] -> a list (one seed per image). */
export function parseSeed(params: ItemParameters, value: unknown): number | number[] | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return value;
	const parts = Array.isArray(value) ? value.map(String) : String(value).split(',');
	const seeds = parts.map((part) => {
		const text = part.trim();
		if (!/^-?\d+$/.test(text)) {
			throw params.fail(
				`${fieldLabel('seed')} "${text}" is not a whole number`,
				'Leave Seed empty for random seeds, or give numbers separated by commas.',
			);
		}
		return Number(text);
	});
	return Array.isArray(value) || String(value).includes(',') ? seeds : seeds[0];
}

/** A fixedCollection of {name, <valueKey>} rows as the API's name -> value map. */
function pairs(params: ItemParameters, collection: unknown, field: string, valueKey: string) {
	const rows = ((collection as IDataObject)?.entries ?? []) as IDataObject[];
	if (rows.length === 0) return undefined;
	const result: Record<string, unknown> = {};
	for (const row of rows) {
		const name = params.assetName(row.name, `${fieldLabel(field)} name`);
		if (!name) throw params.fail(`${fieldLabel(field)}: an entry has no name`);
		if (name in result) throw params.fail(`${fieldLabel(field)}: "${name}" is listed twice`);
		result[name] = row[valueKey];
	}
	return result;
}

type ReadImage = (source: unknown, label: string) => Promise<string>;

async function addModeInputs(params: ItemParameters, readImage: ReadImage, body: GenerationRequest): Promise<void> {
	const mode = params.get('mode', 'textToImage') as GenerationMode;
	if (!GENERATION_MODES.includes(mode)) {
		throw params.fail(`Mode "${String(mode)}" is not one of ${GENERATION_MODES.join(', ')}`);
	}
	if (mode === 'imageToImage' || mode === 'inpainting' || mode === 'outpainting') {
		body.init_image = await readImage(params.get('inputImage'), fieldLabel('init_image'));
	}
	if (mode === 'imageToImage' || mode === 'inpainting') {
		body.strength = params.get('strength', DEFAULTS.strength) as number;
	}
	if (mode === 'inpainting' || mode === 'outpainting') {
		body.mask_image = await readImage(params.get('maskImage'), fieldLabel('mask_image'));
	}
	if (mode === 'inpainting') {
		const fullRes = params.option('inpaintFullRes');
		if (fullRes !== undefined) body.inpaint_full_res = fullRes as boolean;
		const padding = params.option('inpaintFullResPadding');
		if (fullRes === true && padding !== undefined) body.inpaint_full_res_padding = padding as number;
	}
	if (mode === 'outpainting') body.outpainting = true;
	if (mode === 'photoMerge') body.transfer_images = await readTransferImages(params, readImage, body.prompt);
}

async function readTransferImages(
	params: ItemParameters,
	readImage: ReadImage,
	prompt: string,
): Promise<Record<string, string[]>> {
	const label = fieldLabel('transfer_images');
	const rows = ((params.get('transferImages', {}) as IDataObject).entries ?? []) as IDataObject[];
	if (rows.length === 0) throw params.fail(`${label}: add at least one trigger word with photos`);
	const transfer: Record<string, string[]> = {};
	for (const row of rows) {
		const word = String(row.triggerWord ?? '').trim();
		if (!word) throw params.fail(`${label}: a trigger word is empty`);
		if (!prompt.includes(word)) {
			throw params.fail(
				`${label}: the prompt does not mention the trigger word "${word}"`,
				'Photo merge puts the subject where the prompt names its trigger word.',
			);
		}
		const sources = splitImageSources(row.binaryFields);
		if (sources.length === 0) throw params.fail(`${label}: "${word}" has no binary fields`);
		transfer[word] = [];
		for (const source of sources) transfer[word].push(await readImage(source, `${label} "${word}"`));
	}
	return transfer;
}

async function addControlNet(params: ItemParameters, readImage: ReadImage, body: GenerationRequest): Promise<void> {
	const choice = String(params.get('controlNet'));
	body.controlnet = choice === 'custom' ? String(params.get('controlNetName', '') ?? '').trim() : choice;
	body.controlnet_image = await readImage(params.get('controlImage'), fieldLabel('controlnet_image'));
	body.controlnet_conditioning_scale = params.get('conditioningScale', DEFAULTS.controlnet_conditioning_scale) as number;
	body.controlnet_preprocess = params.get('preprocess', false) as boolean;
	const earlyStop = params.option('earlyStop');
	if (earlyStop !== undefined) body.controlnet_early_stop = earlyStop as number;
}
