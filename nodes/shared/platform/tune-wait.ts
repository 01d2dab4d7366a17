import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';

import { answerText } from '../messages/answer-values';
import { formatDuration, lastStatus, pollUntil, readNoting, type PollSettings } from './polling';
import { getTune } from './tunes-api';
import type { Tune } from './types';

const FINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Polls a tune until it succeeded and returns it. A failed or cancelled tune fails with the API's
 * `status_details`; the deadline fails with an error naming the tune, which keeps training.
 */
export async function waitForTune(
	ctx: IExecuteFunctions,
	tune: Tune,
	itemIndex: number,
	settings: PollSettings,
): Promise<Tune> {
	const final = await pollUntil(
		ctx,
		itemIndex,
		settings,
		// A throttled status read retries only while the wait's deadline allows (Retry-After may be minutes).
		async (deadline) =>
			await readNoting(
				ctx,
				itemIndex,
				getTune(ctx, tune.id, itemIndex, deadline),
				`Fine-tune "${tune.name}" (${tune.id}) was created and may keep training at OctoAI (billed): get it later with the Get operation and tune ID ${tune.id}, or cancel it with Cancel.`,
			),
		(current) => FINAL_STATUSES.has(current.status),
		(last) =>
			new NodeOperationError(
				ctx.getNode(),
				`Fine-tune "${tune.name}" (${tune.id}) did not finish within ${formatDuration(settings.timeoutMs)} (status: ${lastStatus(last)})`,
				{
					itemIndex,
					description: `It keeps training at OctoAI: get it later with the Get operation and tune ID ${tune.id}, cancel it with Cancel, or raise "Timeout (Minutes)".`,
				},
			),
	);
	if (final.status === 'succeeded') return final;
	const details = answerText(final.status_details);
	// No `status` key in the error object: n8n would read it as an HTTP code.
	const response: JsonObject = {
		message: `tune ${final.status}`,
		tune_id: final.id,
		tune_status: final.status,
		status_details: details ?? '',
	};
	const what = final.status === 'failed' ? 'failed' : 'was cancelled';
	throw new NodeApiError(ctx.getNode(), response, {
		message: `Fine-tune "${tune.name}" (${tune.id}) ${what}${details ? `: ${details}` : ''}`,
		description:
			final.status === 'failed'
				? 'Check the training images (clear PNG or JPEG pictures of the subject) and the base checkpoint, then run again.'
				: 'The tune was cancelled before it finished.',
		itemIndex,
	});
}
