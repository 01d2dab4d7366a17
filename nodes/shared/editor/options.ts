import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_INPUT_IMAGE_MB as defaultMaxInputImageMb } from '../images/binary';
import { AUTO_CONCURRENCY } from '../http/concurrency';
import type { EngineSpec } from '../fields/engines';
import { FIELDS } from '../fields/registry';
import { pictureOptions } from '../images/fitting/properties';
import {
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_WAIT_MODE,
	RUN_OPTION_LIMITS,
	type WaitMode,
} from '../fields/run-options';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_SECONDS } from '../http/retry-policy';
import { fieldProperties } from './engine-fields';
import { optionsCollection } from './options-collection';
import { spendingProperties } from './spending';

/** Options that shape how the node runs and what it outputs; they are not request fields. */
export const RUN_OPTIONS: INodeProperties[] = [
	{
		displayName: 'All Images in One Item',
		name: 'allImagesInOneItem',
		type: 'boolean',
		default: false,
		description: 'Whether to put all images of a request into one item (data, data_1, …) instead of one item per image',
	},
	{
		displayName: 'Drop Images Removed for Safety',
		name: 'dropRemovedForSafety',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out items for images the safety filter removed, instead of an item with the flag',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: RUN_OPTION_LIMITS.concurrency.min, maxValue: RUN_OPTION_LIMITS.concurrency.max },
		default: AUTO_CONCURRENCY,
		description:
			'How many requests to send at once; 0 is Auto: start with 4 and find what the server sustains (up to 64), backing off on rate limits (429), overload (503) and queueing. Results keep the input order.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWait',
		type: 'number',
		typeOptions: { minValue: RUN_OPTION_LIMITS.maxWait.min, maxValue: RUN_OPTION_LIMITS.maxWait.max },
		default: DEFAULT_MAX_WAIT_SECONDS,
		description:
			'Wait Mode "Asynchronous" only: how long to wait for the result before failing. The error names the response ID; the result stays readable at OctoAI for a while.',
	},
	{
		displayName: 'Max Input Image Size (MB)',
		name: 'maxInputImageMB',
		type: 'number',
		typeOptions: { minValue: 0.1, numberPrecision: 1 },
		default: defaultMaxInputImageMb,
		description: 'Larger input images are refused before sending; they would be slow to upload and are resized by the API anyway',
	},
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: RUN_OPTION_LIMITS.maxRetries.min, maxValue: RUN_OPTION_LIMITS.maxRetries.max },
		default: DEFAULT_MAX_RETRIES,
		description:
			'Retries after a rate limit (429), server error (5xx) or dropped connection. Each retry may be billed as a new generation.',
	},
	{
		displayName: 'Poll Interval (Seconds)',
		name: 'pollInterval',
		type: 'number',
		typeOptions: {
			minValue: RUN_OPTION_LIMITS.pollInterval.min,
			maxValue: RUN_OPTION_LIMITS.pollInterval.max,
			numberPrecision: 1,
		},
		default: DEFAULT_POLL_INTERVAL_SECONDS,
		description: 'Wait Mode "Asynchronous" only: how often to ask whether the result is ready',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_TIMEOUT_SECONDS,
		description: 'How long to wait for one request before giving up',
	},
	{
		displayName: 'Wait Mode',
		name: 'waitMode',
		type: 'options',
		options: [
			{
				name: 'Synchronous',
				value: 'sync',
				description: 'One request, held open until the result is ready',
			},
			{
				name: 'Asynchronous',
				value: 'async',
				description:
					'OctoAI answers at once with a response ID; the node polls until the result is ready (no connection held open)',
			},
		],
		default: DEFAULT_WAIT_MODE,
		description: 'How to wait for the result. Asynchronous suits long generations; see Poll Interval and Max Wait.',
	},
];

/** The run options, with Wait Mode starting at the node's own default (the video node's is "async"). */
export function runOptions(defaultWaitMode: WaitMode): INodeProperties[] {
	return RUN_OPTIONS.map((option) => (option.name === 'waitMode' ? { ...option, default: defaultWaitMode } : option));
}

/** The "Options" collection: the run options, and the optional request fields the engine takes. */
export function optionsProperty(engine: EngineSpec): INodeProperties {
	const fields = FIELDS.filter((row) => row.place === 'options').flatMap((row) => fieldProperties(engine, row, '/mode'));
	return optionsCollection([...runOptions(engine.defaultWaitMode ?? DEFAULT_WAIT_MODE), ...spendingProperties(), ...pictureOptions(engine), ...fields]);
}
