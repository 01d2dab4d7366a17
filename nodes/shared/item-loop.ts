import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency, SharedBackoff } from './concurrency';
import { asNodeError, errorItem } from './errors';
import { round, type CostEstimate } from './pricing';
import { checkSpending, readSpendingLimits, type ItemSpend } from './spending-guard';

/** What a generation node does per item, split so the loop can check the whole run before sending. */
export interface ItemWork<R> {
	/** Reads and validates one item into a request; local only, never sends anything. */
	prepare(itemIndex: number): Promise<R>;
	/** How many images (or videos) the request asks for and their estimated price each. */
	spend(request: R, itemIndex: number): Omit<ItemSpend, 'itemIndex'>;
	/** Sends the request and turns the answer into output items. */
	send(request: R, itemIndex: number, backoff: SharedBackoff): Promise<INodeExecutionData[]>;
	/** "image" or "video", for the guard's messages. */
	unit: string;
}

type Prepared<R> = { request: R } | { error: ReturnType<typeof asNodeError> };

/**
 * The item loop of the generation nodes: up to `concurrency` items at once, results in input order.
 * Only this loop knows about Continue On Fail: a failed item becomes an error item paired with its
 * input and the other items go on; without it the first failure (in input order) stops the node.
 * With a spending limit set (Max Images / Max Estimated Cost per Run), every item is read and
 * validated first and the whole run is checked before the first request, so a refused run sends
 * nothing; the prepared requests are then sent as they are (inputs are not read twice).
 */
export async function runItems<R>(ctx: IExecuteFunctions, concurrency: number, work: ItemWork<R>): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	const prepare = async (itemIndex: number): Promise<Prepared<R>> => {
		try {
			return { request: await work.prepare(itemIndex) };
		} catch (error) {
			return { error: asNodeError(ctx, error, itemIndex) };
		}
	};

	const limits = readSpendingLimits(ctx);
	let preflight: Array<Prepared<R>> | undefined;
	if (limits) {
		preflight = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const prepared = await prepare(itemIndex);
			if ('error' in prepared && !continueOnFail) throw prepared.error;
			preflight.push(prepared);
		}
		const spends = preflight.flatMap((p, itemIndex) => ('request' in p ? [{ itemIndex, ...work.spend(p.request, itemIndex) }] : []));
		try {
			checkSpending(ctx, limits, spends, work.unit);
		} catch (refusal) {
			const refused = asNodeError(ctx, refusal, 0);
			if (!continueOnFail) throw refused;
			// The whole run is refused: every item gets the refusal (or its own error), so the error output sees them all.
			return [preflight.map((p, itemIndex) => errorItem('error' in p ? p.error : refused, { item: itemIndex }))];
		}
	}

	const backoff = new SharedBackoff();
	let stop = false;
	const perItem = await mapWithConcurrency(items.length, concurrency, async (itemIndex) => {
		// Once an item failed without Continue On Fail the run is over: send no further requests.
		if (stop) return [];
		const prepared = preflight ? preflight[itemIndex] : await prepare(itemIndex);
		let error = 'error' in prepared ? prepared.error : undefined;
		if ('request' in prepared) {
			try {
				return await work.send(prepared.request, itemIndex, backoff);
			} catch (sendError) {
				error = asNodeError(ctx, sendError, itemIndex);
			}
		}
		if (!continueOnFail) {
			stop = true;
			return error!;
		}
		return [errorItem(error!, { item: itemIndex })];
	});
	const firstError = perItem.find((result) => !Array.isArray(result));
	if (firstError) throw firstError;
	return [perItem.flat() as INodeExecutionData[]];
}

/**
 * Puts the estimate on every output item: `estimated_cost_usd` (per image or video; for an item
 * holding several, their sum) and `price_basis`, the published price used or why there is none.
 */
export function withCost(items: INodeExecutionData[], estimate: CostEstimate, listKey: string): INodeExecutionData[] {
	for (const item of items) {
		const list = item.json[listKey];
		const count = Array.isArray(list) ? list.length : 1;
		item.json.estimated_cost_usd = estimate.usd === null ? null : round(estimate.usd * count);
		item.json.price_basis = estimate.basis;
	}
	return items;
}
