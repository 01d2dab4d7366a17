import type { INodeProperties } from 'n8n-workflow';

import { IMAGE_INPUT_HINT } from '../../../shared/images/image-source';
import { TUNE_BASES } from '../../../shared/platform/enums';
import { modeValidation } from '../../../shared/fields/asset-references';
import { optionsCollection } from '../../../shared/editor/options-collection';
import { BINARY_FIELDS_LABEL } from './training-images';

// The editor fields of Tune > Create; create-settings.ts reads them.
// Plain identifiers: n8n's lint reads `default` statically.
export const defaultEngine = TUNE_BASES[0].engine;
export const ENGINE_OPTIONS = TUNE_BASES.map((base) => ({ name: base.name, value: base.engine }));
export const DEFAULT_STEPS = 500;
export const DEFAULT_TIMEOUT_MINUTES = 60;
export const DEFAULT_POLL_SECONDS = 10;
export const DEFAULT_UPLOAD_TIMEOUT_SECONDS = 300;
export const UPLOAD_POLL_SECONDS = 2;

export const createProperties: INodeProperties[] = [
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
	optionsCollection([
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
	]),
];
