import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { IMAGE_INPUT_HINT } from '../../../shared/images/image-source';
import { quote } from '../../../shared/messages/quote';
import { assetList, deleteCreatedAssets, keptNote, withNote } from '../../../shared/platform/asset-cleanup';
import { uploadAsset, waitForAsset } from '../../../shared/platform/asset-upload';
import { getAsset } from '../../../shared/platform/assets-api';
import { engineLabel, TUNE_BASES, TUNE_NAME_MAX } from '../../../shared/platform/enums';
import { readChoice } from '../../../shared/fields/choice-parameter';
import { pollSettings, type PollSettings } from '../../../shared/platform/polling';
import { readBoolean } from '../../../shared/fields/boolean-parameter';
import { isExpression, noValueError, savedParameter } from '../../../shared/fields/expression-result';
import { readNumber } from '../../../shared/fields/number-parameter';
import { PLATFORM_LIMITS } from '../../../shared/platform/properties';
import { modeValidation } from '../../../shared/fields/asset-references';
import { readText } from '../../../shared/fields/text-parameter';
import { tuneResult } from '../../../shared/platform/tune-result';
import { waitForTune } from '../../../shared/platform/tune-wait';
import { createTune } from '../../../shared/platform/tunes-api';
import type { Asset, CreateTuneRequest, LoraTuneDetails } from '../../../shared/platform/types';
import { locatorValue } from '../../../shared/fields/item-parameters';
import { estimateTuneCost } from '../../../shared/run/pricing';
import { BINARY_FIELDS_LABEL, readTrainingImages, type TrainingImage } from './training-images';
import { operationFields } from '../../../shared/editor/operation';

// Plain identifiers: n8n's lint reads `default` statically.
const defaultEngine = TUNE_BASES[0].engine;
const ENGINE_OPTIONS = TUNE_BASES.map((base) => ({ name: base.name, value: base.engine }));
const DEFAULT_STEPS = 500;
const DEFAULT_TIMEOUT_MINUTES = 60;
const DEFAULT_POLL_SECONDS = 10;
const DEFAULT_UPLOAD_TIMEOUT_SECONDS = 300;
const UPLOAD_POLL_SECONDS = 2;

const properties: INodeProperties[] = [
	{
		displayName: 'Tune Name',
		name: 'tuneName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. my-dog',
		description: 'Name of the tune; the new LoRA is named after it',
	},
	{
		displayName: 'Engine',
		name: 'engine',
		type: 'options',
		default: defaultEngine,
		options: ENGINE_OPTIONS,
		description: 'The model family the LoRA is trained for; use it with the engine nodes of that family',
	},
	{
		displayName: 'Base Checkpoint',
		name: 'baseCheckpoint',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		description:
			"Checkpoint to train on. Empty: the engine's default, octoai:default-sd15 for SD 1.5 or octoai:default-sdxl for SDXL.",
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchBaseCheckpoints', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. octoai:default-sd15',
				validation: modeValidation('assetName'),
			},
		],
	},
	{
		displayName: 'Trigger Word',
		name: 'triggerWord',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. sks dog',
		description: 'The word that invokes the trained subject or style in a prompt',
	},
	{
		displayName: 'Steps',
		name: 'steps',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_STEPS,
		description: 'Training steps (OctoAI prices an SD 1.5 tune per 500 steps)',
	},
	{
		displayName: BINARY_FIELDS_LABEL,
		name: 'binaryPropertyName',
		hint: IMAGE_INPUT_HINT,
		type: 'string',
		default: 'data',
		required: true,
		description:
			'The training images, separated by commas: binary field names, http(s) URLs or data URIs. Every input item contributes its images to one tune.',
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description: 'Whether to wait until the tune has finished and output its LoRA; otherwise the node returns the started tune',
	},
	{
		displayName: 'Timeout (Minutes)',
		name: 'timeoutMinutes',
		type: 'number',
		typeOptions: { minValue: 0.01, numberPrecision: 2 },
		default: DEFAULT_TIMEOUT_MINUTES,
		description: 'How long to wait for the tune before failing; the tune itself keeps training',
		displayOptions: { show: { waitForCompletion: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Caption',
				name: 'caption',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.caption }}',
				description: "Caption of each item's images (an expression gives each item its own). Empty: OctoAI captions them with the trigger word.",
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: DEFAULT_POLL_SECONDS,
				description: 'How often to ask whether the tune has finished',
			},
			{
				displayName: 'Resize Images',
				name: 'resizeImages',
				type: 'boolean',
				default: true,
				description: 'Whether OctoAI scales the short edge down to 512 (SD 1.5) or 1024 (SDXL) pixels; it never scales up',
			},
			{
				displayName: 'Seed',
				name: 'seed',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Seed of the training run, for a reproducible LoRA',
			},
			{
				displayName: 'Upload Timeout (Seconds)',
				name: 'uploadTimeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_UPLOAD_TIMEOUT_SECONDS,
				description: "How long each training image's transfer to OctoAI's storage may take, and how long to wait for the uploaded images to be accepted",
			},
		],
	},
];

export const description = operationFields('tune', 'create', properties);

/**
 * Trains one LoRA on the images of all input items: reads and checks every image, resolves the base
 * checkpoint, uploads the images as `file` assets, starts the tune and (by default) waits for it.
 */
export async function execute(this: IExecuteFunctions): Promise<IDataObject[]> {
	const settings = readSettings(this);
	const images = await readTrainingImages(this);
	const baseCheckpoint = await resolveBaseCheckpoint(this, settings.engine);
	// Everything that can be wrong locally was found above: only now is anything created.
	const files = await uploadTrainingImages(this, settings.tuneName, images, settings.uploadWait, settings.transferTimeoutMs);

	const details: LoraTuneDetails = {
		tune_type: 'lora_tune',
		base_checkpoint: baseCheckpoint,
		files: files.map(({ asset, image }) => (image.caption ? { file_id: asset.id, caption: image.caption } : { file_id: asset.id })),
		steps: settings.steps,
		trigger_words: [settings.triggerWord],
	};
	if (settings.seed !== undefined) details.seed = settings.seed;
	if (settings.resizeImages !== undefined) details.resize_images = settings.resizeImages;
	const request: CreateTuneRequest = { name: settings.tuneName, details };
	if (settings.description) request.description = settings.description;

	let tune;
	try {
		tune = await createTune(this, request, 0);
	} catch (error) {
		const assets = files.map((file) => file.asset);
		// Only a refusal (4xx) proves there is no tune. After a timeout, a dropped connection, a 5xx or
		// an answer the node cannot read, the tune may exist and need its images.
		if (isRefusal(error)) throw await discardTrainingImages(this, assets, error);
		throw withNote(
			this,
			error,
			`The tune may have been created all the same: look for "${settings.tuneName}" with Get Many before deleting its training images, ${assetList(assets)}.`,
			0,
		);
	}
	// From here on the tune uses the images: they stay, whatever happens to the tune.
	if (settings.tuneWait) tune = await waitForTune(this, tune, 0, settings.tuneWait);
	// What OctoAI's published price says the tune costs (null for engines without a published price).
	const estimate = estimateTuneCost(details.base_checkpoint.engine ?? '', details.steps);
	return [{ ...(await tuneResult(this, tune, 0)), estimated_cost_usd: estimate.usd, price_basis: estimate.basis }];
}

/**
 * Every setting of the tune, read and checked (type and range, per field) before any image is read or
 * uploaded: a bad steps, seed or timeout from an expression fails the run before anything is billed.
 */
function readSettings(ctx: IExecuteFunctions) {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(ctx.getNode(), message, { itemIndex: 0, description });
	const tuneName = readText(ctx, 0, 'tuneName', 'Tune Name', '', TUNE_NAME_MAX);
	if (!tuneName) throw fail('Tune Name: the tune needs a name');
	const triggerWord = readText(ctx, 0, 'triggerWord', 'Trigger Word');
	if (!triggerWord) throw fail('Trigger Word: the LoRA needs a trigger word', 'Prompts invoke the trained subject with it.');
	// Whether an option was added at all (an added one whose expression gives nothing is an error, not unset).
	const added = (name: string) => savedParameter(ctx, `options.${name}`) !== undefined;
	const limits = PLATFORM_LIMITS;
	const interval = readNumber(ctx, 0, 'options.pollInterval', 'Poll Interval (Seconds)', limits.pollIntervalSeconds, DEFAULT_POLL_SECONDS);
	const uploadTimeout = readNumber(ctx, 0, 'options.uploadTimeout', 'Upload Timeout (Seconds)', limits.timeoutSeconds, DEFAULT_UPLOAD_TIMEOUT_SECONDS);
	const wait = readBoolean(ctx, 0, 'waitForCompletion', 'Wait for Completion', true);
	const minutes = wait ? readNumber(ctx, 0, 'timeoutMinutes', 'Timeout (Minutes)', limits.timeoutMinutes, DEFAULT_TIMEOUT_MINUTES) : 0;
	const resize = !added('resizeImages') ? undefined : readBoolean(ctx, 0, 'options.resizeImages', 'Resize Images', true);
	return {
		tuneName,
		triggerWord,
		engine: readChoice(ctx, 0, 'engine', 'Engine', ENGINE_OPTIONS, defaultEngine) as string,
		description: readText(ctx, 0, 'options.description', 'Description'),
		steps: readNumber(ctx, 0, 'steps', 'Steps', limits.tuneSteps, DEFAULT_STEPS),
		seed: !added('seed') ? undefined : readNumber(ctx, 0, 'options.seed', 'Seed', limits.tuneSeed, 0),
		resizeImages: resize,
		// Image checks take seconds, a tune minutes: uploads are polled at most every UPLOAD_POLL_SECONDS.
		uploadWait: pollSettings(Math.min(UPLOAD_POLL_SECONDS, interval), uploadTimeout),
		transferTimeoutMs: uploadTimeout * 1000,
		tuneWait: wait ? pollSettings(interval, minutes * 60) : undefined,
	};
}

/** The chosen base checkpoint (or the engine's default), checked to be a ready checkpoint of that engine. */
async function resolveBaseCheckpoint(ctx: IExecuteFunctions, engine: string): Promise<LoraTuneDetails['base_checkpoint']> {
	const base = TUNE_BASES.find((entry) => entry.engine === engine);
	const chosen = locatorValue(ctx.getNodeParameter('baseCheckpoint', 0, ''));
	// An expression that gives nothing is an error, not the engine's default checkpoint for a billed tune.
	if (!chosen && isExpression(savedParameter(ctx, 'baseCheckpoint'))) throw noValueError(ctx, 0, 'Base Checkpoint');
	const reference = chosen || base?.defaultCheckpoint;
	if (!reference) {
		throw new NodeOperationError(ctx.getNode(), `Base Checkpoint: choose one for ${engineLabel(engine)}`, { itemIndex: 0 });
	}
	const { asset } = await getAsset(ctx, reference, 0);
	const problem =
		asset.asset_type !== 'checkpoint'
			? `is a ${asset.asset_type.replace('_', ' ')}, not a checkpoint`
			: asset.data.engine && asset.data.engine !== engine
				? `is built for ${engineLabel(asset.data.engine)}, not ${engineLabel(engine)}`
				: asset.status !== 'ready'
					? `is not ready (status: ${asset.status})`
					: undefined;
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `Base Checkpoint: ${quote(reference)} ${problem}`, {
			itemIndex: 0,
			description: 'Pick a ready checkpoint of the chosen engine, or change Engine.',
		});
	}
	return { checkpoint_id: asset.id, engine: asset.data.engine ?? engine, name: asset.name };
}

/**
 * Uploads every image as a `file` asset, then waits for them. All uploads go out before the first
 * wait, so the API checks them side by side; one deadline covers the waits for all of them. When one
 * fails, the images uploaded so far are deleted again: without a tune they only take up the library.
 */
async function uploadTrainingImages(
	ctx: IExecuteFunctions,
	tuneName: string,
	images: TrainingImage[],
	wait: PollSettings,
	transferTimeoutMs: number,
): Promise<Array<{ asset: Asset; image: TrainingImage }>> {
	// Asset names are unique per account: the run's timestamp keeps reruns from colliding.
	const prefix = `${tuneName.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 40)}-${Date.now().toString(36)}`;
	const uploaded: Array<{ asset: Asset; image: TrainingImage }> = [];
	try {
		for (const [index, image] of images.entries()) {
			const asset = await uploadAsset(
				ctx,
				image.itemIndex,
				{ name: `${prefix}-${index + 1}`, asset_type: 'file', data: { asset_type: 'file', file_format: image.fileFormat } },
				image,
				transferTimeoutMs,
			);
			uploaded.push({ asset, image });
		}
		const shared = { ...wait, deadline: Date.now() + wait.timeoutMs };
		for (const entry of uploaded) {
			entry.asset = await waitForAsset(ctx, entry.asset, entry.image.itemIndex, shared, { timeoutAdvice: 'Raise "Upload Timeout (Seconds)" in Options.' });
		}
	} catch (error) {
		throw await discardTrainingImages(ctx, uploaded.map((entry) => entry.asset), error);
	}
	return uploaded;
}

/**
 * Deletes the training images uploaded for a tune that was never created, and says in the error's
 * description what became of them (none are deleted after Stop).
 */
async function discardTrainingImages(ctx: IExecuteFunctions, assets: Asset[], error: unknown) {
	if (assets.length === 0) return error;
	const { deleted, kept } = await deleteCreatedAssets(ctx, assets, 0);
	const notes: string[] = [];
	if (deleted.length === 1) notes.push('The training image uploaded for the tune was deleted again.');
	if (deleted.length > 1) notes.push(`The ${deleted.length} training images uploaded for the tune were deleted again.`);
	if (kept.length > 0) notes.push(keptNote({ one: 'This training image', many: 'These training images' }, kept));
	return withNote(ctx, error, notes.join(' '), 0);
}

/** Whether the API answered with a client error (4xx): it refused the request, so nothing was created. */
function isRefusal(error: unknown): boolean {
	return error instanceof NodeApiError && /^4\d\d$/.test(String(error.httpCode));
}
