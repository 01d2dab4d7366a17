import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import {
	ASSET_NAME_MAX,
	ASSET_NAME_PATTERN,
	ASSET_TYPE_OPTIONS,
	DATA_TYPE_OPTIONS,
	FILE_EXTENSIONS,
	IMAGE_ENGINE_OPTIONS,
	MODEL_ASSET_TYPES,
	MODEL_FILE_FORMAT_OPTIONS,
	TRIGGER_WORD_ASSET_TYPES,
} from '../../../shared/platform/enums';
import { apiOptions } from '../../../shared/fields/display-names';
import { optionsCollection } from '../../../shared/editor/options-collection';
import { pollSettings, type PollSettings } from '../../../shared/platform/polling';
import { readNumber } from '../../../shared/fields/number-parameter';
import { readText } from '../../../shared/fields/text-parameter';
import { readChoice, type Choices } from '../../../shared/fields/choice-parameter';
import { quote } from '../../../shared/messages/quote';
import { PLATFORM_LIMITS } from '../../../shared/platform/limits';
import { readList } from '../../../shared/fields/list-parameter';
import { readBoolean } from '../../../shared/fields/boolean-parameter';
import { modeValidation, readReference } from '../../../shared/fields/asset-references';
import type { Reference } from '../../../shared/editor/operation';
import type { AssetData, CreateAssetRequest } from '../../../shared/platform/types';

export const DEFAULT_READY_TIMEOUT_SECONDS = 300;
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;

/** The asset to act on: picked from the user's own assets, or given by ID or by name. */
export const assetLocator: INodeProperties = {
	displayName: 'Asset',
	name: 'asset',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The asset, from your library, by ID, or by name (a public one as octoai:name)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchOwnAssets', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. asset_01abc…',
			validation: modeValidation('assetId'),
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. my-lora, owner:my-lora or octoai:add-detail',
			validation: modeValidation('assetName'),
		},
	],
};

/** The asset reference a locator parameter holds (an id or a name; the API takes both). */
export function readAssetReference(ctx: IExecuteFunctions, itemIndex: number): string {
	return readReference(ctx, itemIndex, 'asset', 'Asset', { id: ['assetId'], name: ['assetName'], list: ['assetId'] });
}

const showForModels = { show: { '/assetType': MODEL_ASSET_TYPES } };

/** Name, kind, engine and trigger words of a new asset, plus the creation options; shared by both create operations. */
export function newAssetProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Name',
			name: 'assetName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. my-style-lora',
			description: 'Unique name in your library; generation requests refer to the asset by it',
		},
		{
			displayName: 'Asset Type',
			name: 'assetType',
			type: 'options',
			default: 'lora',
			options: ASSET_TYPE_OPTIONS,
		},
		{
			displayName: 'Engine',
			name: 'engine',
			type: 'options',
			default: 'image/stable-diffusion-xl-v1-0',
			options: IMAGE_ENGINE_OPTIONS,
			description: 'The model family the weights are built for',
			displayOptions: { show: { assetType: MODEL_ASSET_TYPES } },
		},
		{
			displayName: 'Trigger Words',
			name: 'triggerWords',
			type: 'string',
			default: '',
			placeholder: 'e.g. my-style',
			description: 'Words that invoke it in a prompt, separated by commas',
			displayOptions: { show: { assetType: TRIGGER_WORD_ASSET_TYPES } },
		},
	];
}

/** The Options collection of both create operations; `extra` holds operation-specific entries. */
export function newAssetOptions(extra: INodeProperties[] = []): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Data Type',
			name: 'dataType',
			type: 'options',
			default: 'fp16',
			options: DATA_TYPE_OPTIONS,
			description: 'Numeric precision of the weights',
			displayOptions: showForModels,
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
		},
		{
			displayName: 'File Format',
			name: 'fileFormat',
			type: 'options',
			default: 'safetensors',
			options: MODEL_FILE_FORMAT_OPTIONS,
			description: 'Format of the weights file. Unset: taken from the file name where it tells.',
			displayOptions: showForModels,
		},
		{
			displayName: 'File Extension',
			name: 'fileExtension',
			type: 'options',
			default: 'png',
			options: apiOptions(FILE_EXTENSIONS),
			description: 'Kind of file. Unset: taken from the file itself where it tells.',
			displayOptions: { show: { '/assetType': ['file'] } },
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.1, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description: 'How often to ask whether the asset is ready',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_READY_TIMEOUT_SECONDS,
			description: 'How long to wait for the asset to become ready before failing',
		},
		{
			displayName: 'Wait Until Ready',
			name: 'waitUntilReady',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait until OctoAI has checked the file and the asset is ready to use; otherwise the node returns the asset as it is',
		},
		...extra,
	];
	return optionsCollection(options);
}

/** The create request (without url or transfer type) and the wait settings from the parameters of one item. */
export function readNewAsset(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { request: Omit<CreateAssetRequest, 'url' | 'transfer_api_type'>; wait: PollSettings | undefined } {
	const name = readText(ctx, itemIndex, 'assetName', 'Name', '', ASSET_NAME_MAX);
	if (!name) throw new NodeOperationError(ctx.getNode(), 'Name: the asset needs a name', { itemIndex });
	if (!ASSET_NAME_PATTERN.test(name)) {
		throw new NodeOperationError(ctx.getNode(), `Name (${quote(name)}) may hold only letters, digits, "_" and "-"`, { itemIndex });
	}
	const assetType = readChoice(ctx, itemIndex, 'assetType', 'Asset Type', ASSET_TYPE_OPTIONS) as string;
	const data: AssetData = { asset_type: assetType };
	const choice = (name: string, label: string, choices: Choices) => readChoice(ctx, itemIndex, `options.${name}`, label, choices);
	if (MODEL_ASSET_TYPES.includes(assetType)) {
		data.engine = readChoice(ctx, itemIndex, 'engine', 'Engine', IMAGE_ENGINE_OPTIONS);
		data.data_type = choice('dataType', 'Data Type', DATA_TYPE_OPTIONS);
		data.file_format = choice('fileFormat', 'File Format', MODEL_FILE_FORMAT_OPTIONS);
	} else {
		data.file_format = choice('fileExtension', 'File Extension', FILE_EXTENSIONS);
	}
	// Unset options are left out of the request.
	for (const key of ['data_type', 'file_format'] as const) if (data[key] === undefined) delete data[key];
	if (TRIGGER_WORD_ASSET_TYPES.includes(assetType)) {
		const words = readList(ctx, itemIndex, 'triggerWords', 'Trigger Words');
		if (words.length > 0) data.trigger_words = words;
	}
	const request: Omit<CreateAssetRequest, 'url' | 'transfer_api_type'> = { name, asset_type: assetType, data };
	const description = readText(ctx, itemIndex, 'options.description', 'Description');
	if (description) request.description = description;
	// Read now, so a bad timeout fails the item before the asset is created.
	return { request, wait: readWait(ctx, itemIndex) };
}

/** Poll settings from the item's Options, or undefined when "Wait Until Ready" is off. */
function readWait(ctx: IExecuteFunctions, itemIndex: number): PollSettings | undefined {
	if (!readBoolean(ctx, itemIndex, 'options.waitUntilReady', 'Wait Until Ready', true)) return undefined;
	const timeoutLabel = 'Timeout (Seconds)';
	const settings = pollSettings(
		readNumber(ctx, itemIndex, 'options.pollInterval', 'Poll Interval (Seconds)', PLATFORM_LIMITS.pollIntervalSeconds, DEFAULT_POLL_INTERVAL_SECONDS),
		readNumber(ctx, itemIndex, 'options.timeout', timeoutLabel, PLATFORM_LIMITS.timeoutSeconds, DEFAULT_READY_TIMEOUT_SECONDS),
	);
	return { ...settings, raisedBy: timeoutLabel };
}

/** The asset locator and its reader, for the operations on one asset. */
export const assetReference: Reference = { locator: assetLocator, read: readAssetReference };
