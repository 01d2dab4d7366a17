import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_MAX_INPUT_IMAGE_MB } from '../images/binary';
import { readSizedInputImage, splitImageSources } from '../images/image-source';
import { CHECKPOINT_DEFAULTS, type EngineSpec } from '../fields/engines';
import { ItemParameters } from '../fields/item-parameters';
import { engineFieldLookup } from '../editor';
import { outputFieldName } from '../fields/output-field';
import { quote, QUOTE_MAX } from '../messages/quote';
import { findPromptProblem } from '../fields/prompt';
import { engineFields, engineModes, fieldApplies, isImageField, type EngineRow, type FieldRow, type GenerationRequest } from '../fields/registry';
import { DEFAULT_MODE, modeName, type GenerationMode } from '../fields/registry/modes';
import { numberFromText } from '../fields/registry/values';
import { parseSeeds } from '../fields/row-value';
import type { WaitSettings } from './async-inference';
import { DEFAULT_WAIT_MODE, RUN_OPTION_LIMITS } from '../fields/run-options';
import { readRetryPolicy, readWaitSettings } from './run-settings';
import { findRequestProblems } from '../fields/schema';
import type { SizedImages } from '../images/image-pairs';
import { prepareImages } from '../images/fitting/prepare';
import { buildsMask, readPictureSettings } from '../images/fitting/settings';
import type { RetryPolicy } from '../http/retry-policy';
import type { ImageSize } from '../images/image-header';

export interface OutputSettings {
	field: string;
	allInOneItem: boolean;
	dropRemovedForSafety: boolean;
	/** What the node did to the input images (images/fitting/prepare.ts), for the output; undefined when nothing. */
	inputImages?: IDataObject[];
}

export interface ItemRequest {
	body: GenerationRequest;
	policy: RetryPolicy;
	output: OutputSettings;
	wait: WaitSettings;
}

type ReadImage = (source: unknown, label: string) => Promise<{ base64: string; size?: ImageSize; bytes: Buffer }>;

/** What reading one row needs besides the row: the item's parameters, its image reader, the body so far. */
interface ReadContext {
	params: ItemParameters;
	engine: EngineSpec;
	readImage: ReadImage;
	body: GenerationRequest;
	size?: { width: number; height: number };
	/** The single input images read so far, by wire name, with their labels and declared sizes. */
	images: SizedImages;
}

/**
 * Reads one item's parameters and input images into a validated request body, field by field from
 * the registry rows the engine takes in the item's mode. Everything that can be checked locally is
 * checked here, so a bad item fails with a NodeOperationError before any request.
 */
export async function buildItemRequest(ctx: IExecuteFunctions, engine: EngineSpec, i: number): Promise<ItemRequest> {
	const params = new ItemParameters(ctx, engineFieldLookup(engine), i);
	const limits = RUN_OPTION_LIMITS;
	const maxMb = params.boundedOption('maxInputImageMB', limits.maxInputImageMB, DEFAULT_MAX_INPUT_IMAGE_MB);
	const read: ReadContext = {
		params,
		engine,
		body: {} as GenerationRequest,
		readImage: async (source, label) =>
			await readSizedInputImage(ctx, i, source, label, { bytes: maxMb * 1024 * 1024, raisedBy: params.labelIfPresent('maxInputImageMB', 'options') }),
		images: {},
	};
	const mode = readMode(params, engine);
	const pictures = readPictureSettings(ctx, params, engine, mode);
	const wait = readWaitSettings(params, engine.defaultWaitMode ?? DEFAULT_WAIT_MODE);
	const body = read.body as unknown as IDataObject;
	for (const row of engineFields(engine)) {
		if (!fieldApplies(engine, row, mode)) continue;
		if (row.wire === 'mask_image' && buildsMask(pictures)) continue;
		const value = await readField(read, row);
		if (value !== undefined) body[row.wire] = value as IDataObject[string];
	}
	// Options the node always sends: a checkpoint's own default first, then the row's.
	const checkpointDefaults = CHECKPOINT_DEFAULTS[read.body.checkpoint ?? ''] as IDataObject | undefined;
	for (const row of engineFields(engine)) {
		if (row.sendDefault && body[row.wire] === undefined) body[row.wire] = checkpointDefaults?.[row.wire] ?? row.default;
	}

	const inputImages = prepareImages(params, engine, read.body, read.images, pictures);
	const problems = findRequestProblems(engine, read.body);
	if (problems.length > 0) {
		const lines = problems.map((p) => `${p.label}${valueNote(read.body, p.field)} ${p.message}`);
		throw params.fail(lines[0], lines.length > 1 ? lines.join('\n') : undefined);
	}

	return {
		body: read.body,
		policy: readRetryPolicy(params),
		output: {
			field: outputFieldName(ctx, i, params.get('outputField', 'data'), params.label('outputField'), 'data'),
			allInOneItem: params.booleanOption('allImagesInOneItem', false),
			dropRemovedForSafety: params.booleanOption('dropRemovedForSafety', false),
			inputImages,
		},
		wait,
	};
}

/** The item's mode, refused when the engine does not offer it (e.g. set in workflow JSON). */
function readMode(params: ItemParameters, engine: EngineSpec): GenerationMode {
	const mode = params.get('mode', DEFAULT_MODE) as GenerationMode;
	const offered = engineModes(engine);
	if (!offered.includes(mode)) {
		throw params.fail(
			`Mode ${quote(mode)} is not offered by ${engine.displayName}`,
			`${engine.displayName} offers ${offered.map(modeName).join(', ')}.`,
		);
	}
	return mode;
}

/** One row's value for the request body, read the way the row says; undefined leaves it out. */
async function readField(read: ReadContext, row: EngineRow): Promise<unknown> {
	const { params } = read;
	const raw = () => (row.place === 'options' ? params.option(row.param) : params.get(row.param, row.default));
	switch (row.read) {
		case 'prompt':
			return checkedPrompt(params, raw(), row) || undefined;
		case 'value':
			// True/false rows read through the one shared rule; others are checked by the schema.
			return row.value.type === 'boolean' ? params.boolean(raw(), row.label) : raw();
		case 'asset':
			return params.assetName(raw(), row.label) || undefined;
		case 'image': {
			const image = await read.readImage(raw(), row.label);
			read.images[row.wire] = { label: row.label, size: image.size, bytes: image.bytes };
			return image.base64;
		}
		case 'pairs':
			return pairs(params, raw(), row);
		case 'seed':
			if (row.value.type !== 'seed') throw new Error(`${row.label}: a seed row needs a seed value`);
			return parseSeeds(raw(), row.value, (why, hint) => params.fail(`${row.label} ${why}`, hint));
		case 'photos':
			return await readTransferImages(read, raw(), row.label);
		case 'mode':
			return true;
		case 'size':
			read.size ??= readResolution(params);
			return read.size[row.wire as 'width' | 'height'];
		case 'controlnet': {
			// Through the text rule, so an object from an expression is refused, not sent as "[object Object]".
			const choice = params.assetName(raw(), row.label);
			return choice === 'custom' ? params.assetName(params.get(`${row.param}Name`, ''), row.label) : choice;
		}
	}
}

/** How much of a value too long to show whole a request error repeats. */
const LONG_VALUE_SHOWN = 40;

/** " (500)", so the error shows what the user entered, a long text or list shortened; never image data. */
function valueNote(body: GenerationRequest, field: string): string {
	if (isImageField(field)) return '';
	const value = (body as unknown as Record<string, unknown>)[field];
	if (Array.isArray(value)) {
		const listed = value.join(', ');
		return ` (${listed.length <= QUOTE_MAX ? listed : `${listed.slice(0, QUOTE_MAX)}… (${value.length} entries)`})`;
	}
	if (value === undefined || typeof value === 'object') return '';
	// String(NaN) rather than JSON's "null", so the note shows what the field really held.
	const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
	// A long value is cut shorter than other quotes: the message may list the allowed values too.
	return ` (${text.length <= QUOTE_MAX ? text : quote(value, LONG_VALUE_SHOWN)})`;
}

function checkedPrompt(params: ItemParameters, value: unknown, row: FieldRow): string {
	if (value === undefined || value === null) value = '';
	if (typeof value !== 'string') {
		throw params.fail(`${row.label} must be text, but the expression gave ${typeof value}`);
	}
	if (row.required && value.trim() === '') {
		throw params.fail(`${row.label} is empty`, 'Describe the image to generate.');
	}
	params.usableText(value.trim(), row.label);
	const problem = findPromptProblem(value);
	if (problem) {
		throw params.fail(
			`${row.label} has a weighting error at character ${problem.position}: ${problem.message}`,
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
	if (!match) throw params.fail(`Resolution ${quote(value)} is not of the form WIDTHxHEIGHT`);
	return { width: Number(match[1]), height: Number(match[2]) };
}

/**
 * A fixedCollection of {name, <value field>} rows as the API's name -> value map. Built through a Map
 * and Object.fromEntries so names such as "constructor" or "__proto__" are ordinary keys.
 */
function pairs(params: ItemParameters, collection: unknown, row: FieldRow) {
	const entries = ((collection as IDataObject)?.entries ?? []) as IDataObject[];
	if (entries.length === 0) return undefined;
	const { name: valueKey, type: valueType } = row.entry!.valueField;
	const result = new Map<string, unknown>();
	for (const entry of entries) {
		const name = params.assetName(entry.name, `${row.label} name`);
		if (!name) throw params.fail(`${row.label}: an entry has no name`);
		if (result.has(name)) throw params.fail(`${row.label}: ${quote(name)} is listed twice`);
		const value = entry[valueKey];
		// A trigger word of only spaces is as empty as '', which the schema refuses.
		const text = typeof value === 'string' ? params.usableText(value.trim(), `${row.label} ${quote(name)}`) : value;
		result.set(name, valueType === 'number' ? numberFromText(value) : text);
	}
	return Object.fromEntries(result);
}

async function readTransferImages(read: ReadContext, collection: unknown, label: string): Promise<Record<string, string[]>> {
	const { params, readImage } = read;
	const prompt = read.body.prompt;
	const rows = ((collection ?? {}) as IDataObject).entries as IDataObject[] | undefined ?? [];
	if (rows.length === 0) throw params.fail(`${label}: add at least one trigger word with photos`);
	const transfer = new Map<string, string[]>();
	for (const row of rows) {
		const word = params.text(row.triggerWord, `${label} trigger word`);
		if (!word) throw params.fail(`${label}: a trigger word is empty`);
		if (!prompt.includes(word)) {
			throw params.fail(
				`${label}: the prompt does not mention the trigger word ${quote(word)}`,
				'Photo merge puts the subject where the prompt names its trigger word.',
			);
		}
		const sources = splitImageSources(row.binaryFields);
		if (sources.length === 0) throw params.fail(`${label}: ${quote(word)} has no images`);
		const images: string[] = [];
		for (const source of sources) images.push((await readImage(source, `${label} ${quote(word)}`)).base64);
		transfer.set(word, images);
	}
	return Object.fromEntries(transfer);
}
