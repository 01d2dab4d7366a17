import type { IExecuteFunctions } from 'n8n-workflow';

import type { RequestContext } from '../http/api-request';
import { octoAiRequest } from '../http/transport';
import { collectPages, stoppedWalk } from './pages';
import { readPolicyUntil, RETRY_POLICY, SEND_ONCE_POLICY } from './policies';
import { compactQuery, segment } from './query';
import { objectShape, tunePageShape, tuneShape } from '../http/response-shapes';
import type { CreateTuneRequest, Page, Tune } from './types';

/** Filters of GET /v1/tunes. */
/** What a 404 of a call on one tune most likely means. */
const TUNE_NOT_FOUND = 'Check the tune ID.';

export interface TuneFilters {
	name?: string;
	tune_type?: string;
	base_checkpoint_id?: string;
	trigger_words?: string[];
	engine?: string;
}

/** Starts a fine-tune; sent once, never retried (a duplicate would be trained and billed). */
export async function createTune(ctx: IExecuteFunctions, body: CreateTuneRequest, itemIndex: number): Promise<Tune> {
	return await octoAiRequest<Tune>(
		ctx,
		{ api: 'platform', method: 'POST', path: '/v1/tune', body: body as never, shape: tuneShape, notFound: 'Check the base checkpoint and the training image assets.' },
		itemIndex,
		SEND_ONCE_POLICY,
	);
}

/** A tune by id; `deadline`: the wait's, when read by one. */
export async function getTune(ctx: RequestContext, tuneId: string, itemIndex: number, deadline?: number): Promise<Tune> {
	return await octoAiRequest<Tune>(
		ctx,
		{ api: 'platform', method: 'GET', path: `/v1/tune/${segment(ctx, tuneId, 'Tune', itemIndex)}`, shape: tuneShape, notFound: TUNE_NOT_FOUND },
		itemIndex,
		readPolicyUntil(deadline),
	);
}

export async function listTunesPage(
	ctx: RequestContext,
	filters: TuneFilters,
	offset: number,
	limit: number,
	itemIndex: number,
): Promise<Page<Tune>> {
	return await octoAiRequest<Page<Tune>>(
		ctx,
		{ api: 'platform', method: 'GET', path: '/v1/tunes', qs: compactQuery({ ...filters, offset, limit }), shape: tunePageShape },
		itemIndex,
		RETRY_POLICY,
	);
}

/** Every matching tune (walking the pages), or the first `max`. */
export async function listTunes(ctx: RequestContext, filters: TuneFilters, itemIndex: number, max: number | undefined, advice: string): Promise<Tune[]> {
	return await collectPages((offset, limit) => listTunesPage(ctx, filters, offset, limit, itemIndex), max).catch(
		stoppedWalk(ctx, 'tunes', itemIndex, advice),
	);
}

export async function cancelTune(ctx: IExecuteFunctions, tuneId: string, itemIndex: number): Promise<Tune> {
	return await octoAiRequest<Tune>(
		ctx,
		{ api: 'platform', method: 'POST', path: `/v1/tune/${segment(ctx, tuneId, 'Tune', itemIndex)}/cancel`, shape: tuneShape, notFound: TUNE_NOT_FOUND },
		itemIndex,
		RETRY_POLICY,
	);
}

export async function deleteTune(ctx: IExecuteFunctions, tuneId: string, itemIndex: number): Promise<Record<string, unknown>> {
	return await octoAiRequest<Record<string, unknown>>(
		ctx,
		{ api: 'platform', method: 'DELETE', path: `/v1/tune/${segment(ctx, tuneId, 'Tune', itemIndex)}`, shape: objectShape, notFound: TUNE_NOT_FOUND },
		itemIndex,
		RETRY_POLICY,
	);
}
