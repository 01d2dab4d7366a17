import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { quote } from '../messages/quote';

/**
 * What a node's results hold that OctoAI billed (or keeps), so the error that stops a run without
 * Continue On Fail can say what it throws away: n8n drops a node's whole output when it fails.
 */
export interface BilledWork {
	/** What one result is called in messages: "image", "video", "asset", "result". */
	unit: string;
	/** How a result comes to be, in messages: "made" (the default: generated, billed) or "created" (an asset, kept). */
	made?: 'made' | 'created';
	/** How many of them one unit's results hold (default: one per output item). */
	count?(results: INodeExecutionData[]): number;
	/** Ids that find them later (an asset's id); response ids are noted by the exchange itself. */
	ids?(results: INodeExecutionData[]): string[];
}

/** How long OctoAI documents keeping an asynchronous result. */
export const ASYNC_RESULT_KEPT = '24 h';

/** Items and ids a message names; the rest are counted, so a run of 500 items makes no 500-line error. */
const LISTED = 5;
/** Longest id a message repeats (service ids are far shorter; a hostile answer's are cut). */
const ID_MAX = 40;

/** The response ids of asynchronous exchanges OctoAI accepted in a run, by item. */
const exchanges = new WeakMap<IExecuteFunctions, Map<number, string>>();

/** Starts the run's record of accepted exchanges (a context's earlier run, an agent's last call, is forgotten). */
export function startExchangeRecord(ctx: IExecuteFunctions): void {
	exchanges.set(ctx, new Map());
}

/** Notes that OctoAI accepted item `itemIndex`'s request as response `id` (billed from here on). */
export function noteExchange(ctx: IExecuteFunctions, itemIndex: number, id: string): void {
	exchanges.get(ctx)?.set(itemIndex, id);
}

/** Images (or videos) in output items: an item holding a list of them (all in one item) counts each. */
export function mediaCount(items: INodeExecutionData[], listKey: string): number {
	return items.reduce((sum, item) => sum + unitsIn(item, listKey), 0);
}

/** The images (or videos) one output item stands for: its list's length, or itself. */
export function unitsIn(item: INodeExecutionData, listKey: string): number {
	const list = item.json[listKey];
	return Array.isArray(list) ? list.length : 1;
}

/** How each unit of a stopped run ended, by index: its results, its error, or never started. */
export type UnitOutcome = { results: INodeExecutionData[] } | { failed: true } | { notStarted: true };

/**
 * The note the error that stops a run carries: which other items' billed results are not output
 * (they finished before or while the failure happened: requests in flight are awaited, none is
 * abandoned), the response ids to fetch them from the async API, exchanges of other failed items,
 * items billed with nothing to output, and items never sent. Undefined when nothing billed is lost. Bounded: LISTED of each list, the rest counted.
 */
export function stoppedRunNote(
	ctx: IExecuteFunctions,
	outcomes: UnitOutcome[],
	failedIndex: number,
	billed: BilledWork | undefined,
): { summary: string; details: string } | undefined {
	const ids = exchanges.get(ctx) ?? new Map<number, string>();
	const done: number[] = [];
	const failedExchanges: number[] = [];
	const notStarted: number[] = [];
	/** Items whose billed request finished with nothing to output (e.g. every image removed for safety and dropped). */
	const empty: number[] = [];
	let units = 0;
	const keptIds: string[] = [];
	for (const [index, outcome] of outcomes.entries()) {
		if (index === failedIndex) continue;
		if ('notStarted' in outcome) notStarted.push(index);
		else if ('failed' in outcome) {
			if (ids.has(index)) failedExchanges.push(index);
		} else if (billed && outcome.results.length === 0) empty.push(index);
		else if (billed) {
			done.push(index);
			units += billed.count ? billed.count(outcome.results) : outcome.results.length;
			keptIds.push(...(billed.ids?.(outcome.results) ?? []));
		}
	}
	if (done.length === 0 && failedExchanges.length === 0 && empty.length === 0) return undefined;
	const parts: string[] = [];
	let summary =
		failedExchanges.length > 0
			? "the run stopped, and other items' requests OctoAI accepted are not output"
			: `the run stopped after OctoAI billed ${empty.length} other ${plural('item', empty.length)} that had nothing to output`;
	if (done.length > 0 && billed) {
		const made = billed.made ?? 'made';
		const what = `${units} ${plural(billed.unit, units)} already ${made} for ${done.length} other ${plural('item', done.length)}`;
		summary = `the run stopped, and ${what} ${units === 1 ? 'is' : 'are'} not output`;
		const where = made === 'made' ? 'Made at OctoAI (billed)' : 'Created at OctoAI';
		parts.push(`${where} but not output, as n8n drops a failed node's output: ${what} (${itemList(done)}).`);
		const responses = done.flatMap((index) => (ids.has(index) ? [`item ${index}: ${ids.get(index)!}`] : []));
		if (responses.length > 0) parts.push(`Their results stay readable for ${ASYNC_RESULT_KEPT}: GET <Async API Base URL>/v1/responses/<id> for ${listed(responses)}.`);
		if (keptIds.length > 0) parts.push(`They are kept at OctoAI: ${listed(keptIds)}.`);
	}
	if (failedExchanges.length > 0) {
		const responses = failedExchanges.map((index) => `item ${index}: ${ids.get(index)!}`);
		parts.push(`Failed too after OctoAI accepted them (may be billed; GET <Async API Base URL>/v1/responses/<id> within ${ASYNC_RESULT_KEPT}): ${listed(responses)}.`);
	}
	if (empty.length > 0 && billed) {
		parts.push(`Billed by OctoAI with no ${plural(billed.unit, 2)} to output (e.g. every one removed for safety and dropped): ${itemList(empty)}.`);
	}
	if (notStarted.length > 0) parts.push(`Not sent (or not retried) once the run stopped: ${itemList(notStarted)}.`);
	parts.push('Turn on "Continue On Fail" (Settings) to keep every other item\'s results when one fails.');
	return { summary, details: parts.join(' ') };
}

/** "items 0, 1, 4, 7, 9 and 495 more". */
function itemList(indexes: number[]): string {
	return `${plural('item', indexes.length)} ${listed(indexes.map(String))}`;
}

function listed(values: string[]): string {
	const shown = values.slice(0, LISTED).map((value) => (value.length > ID_MAX ? quote(value, ID_MAX) : value));
	const rest = values.length - shown.length;
	return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

function plural(noun: string, count: number): string {
	return count === 1 ? noun : `${noun}s`;
}
