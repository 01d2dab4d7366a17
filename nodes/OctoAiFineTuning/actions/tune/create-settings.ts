import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { quote } from '../../../shared/messages/quote';
import { getAsset } from '../../../shared/platform/assets-api';
import { engineLabel, TUNE_BASES, TUNE_NAME_MAX } from '../../../shared/platform/enums';
import { readChoice } from '../../../shared/fields/choice-parameter';
import { pollSettings } from '../../../shared/platform/polling';
import { readBoolean } from '../../../shared/fields/boolean-parameter';
import { isExpression, noValueError, savedParameter } from '../../../shared/fields/expression-result';
import { readNumber } from '../../../shared/fields/number-parameter';
import { PLATFORM_LIMITS } from '../../../shared/platform/limits';
import { readText } from '../../../shared/fields/text-parameter';
import type { LoraTuneDetails } from '../../../shared/platform/types';
import { locatorValue } from '../../../shared/fields/item-parameters';
import {
	DEFAULT_POLL_SECONDS,
	DEFAULT_STEPS,
	DEFAULT_TIMEOUT_MINUTES,
	DEFAULT_UPLOAD_TIMEOUT_SECONDS,
	defaultEngine,
	ENGINE_OPTIONS,
	UPLOAD_POLL_SECONDS,
} from './create-fields';

/**
 * Every setting of the tune, read and checked (type and range, per field) before any image is read or
 * uploaded: a bad steps, seed or timeout from an expression fails the run before anything is billed.
 */
export function readSettings(ctx: IExecuteFunctions) {
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
export async function resolveBaseCheckpoint(ctx: IExecuteFunctions, engine: string): Promise<LoraTuneDetails['base_checkpoint']> {
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
