import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
	NodeApiError,
	NodeOperationError,
} from 'n8n-workflow';

import { mapWithConcurrency } from '../http/concurrency';
import { asNodeError, errorItem } from '../messages/item-errors';
import { endRun } from '../http/per-run';
import { toolAnswers } from '../tool/tool-answer';
import { credentialsOf } from '../http/api-credential';
import { removeSecrets } from '../messages/safe-text';
import { startExchangeRecord, stoppedRunNote, type BilledWork, type UnitOutcome } from './billed-work';
import { requireSupportedN8n } from './n8n-version';

export interface ItemLoopOptions {
	/** Units of work: one per input item (the default), or 1 for an operation over all of them. */
	count?: number;
	/** Units run at once; results keep input order whatever the answer order. Default 1. */
	concurrency?: number;
	/** The input items a unit's results and error item pair with; default the item of the same index. */
	pairedItem?: (index: number) => IPairedItemData | IPairedItemData[];
	/** What the results hold that OctoAI billed, for the error that stops the run (billed-work.ts). */
	billed?: BilledWork;
}

/**
 * The item loop of every node: up to `concurrency` units at once, results in input order and paired
 * with their inputs. Only this loop knows about Continue On Fail: a failed unit becomes an error item
 * paired like its results and the others go on; without it the first failure (in input order) stops
 * the node and no further unit starts, while units already running are awaited (their requests are
 * billed): the error then says what they made, which n8n drops with the failed node's output.
 * Every error leaves through asNodeError, which scrubs it.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	/** A unit's results; undefined when it stopped before sending anything (the run had failed). */
	work: (index: number) => Promise<INodeExecutionData[] | undefined>,
	options: ItemLoopOptions = {},
): Promise<INodeExecutionData[]> {
	requireSupportedN8n(ctx);
	const count = options.count ?? ctx.getInputData().length;
	const pairedItem = options.pairedItem ?? ((item: number) => ({ item }));
	const continueOnFail = ctx.continueOnFail();
	const secrets = await credentialSecrets(ctx);
	startExchangeRecord(ctx);
	const started = new Set<number>();
	let stop = false;
	const perItem = await mapWithConcurrency(count, options.concurrency ?? 1, async (index) => {
		// Once a unit failed without Continue On Fail the run is over: send no further requests.
		if (stop) return [];
		started.add(index);
		try {
			const results = await work(index);
			if (results === undefined) started.delete(index);
			return results ?? [];
		} catch (error) {
			const wrapped = asNodeError(ctx, error, index, secrets);
			if (!continueOnFail) {
				stop = true;
				return wrapped;
			}
			return [errorItem(wrapped, pairedItem(index))];
		}
	});
	// Every item is done (a rejection above leaves it to the garbage collector): free the run's buffers.
	endRun(ctx);
	const failed = perItem.findIndex((result) => !Array.isArray(result));
	if (failed !== -1) {
		const outcomes: UnitOutcome[] = perItem.map((result, index) =>
			!started.has(index) ? { notStarted: true } : Array.isArray(result) ? { results: result } : { failed: true },
		);
		throw withStoppedRunNote(ctx, perItem[failed] as NodeApiError | NodeOperationError, outcomes, failed, options.billed, secrets);
	}
	// As an agent's tool, files are described in the JSON the agent sees (with a link), never sent as data.
	return toolAnswers(ctx, perItem.flat() as INodeExecutionData[]);
}

/** The error that stops the run, saying what other items made that is not output (stoppedRunNote). */
function withStoppedRunNote(
	ctx: IExecuteFunctions,
	error: NodeApiError | NodeOperationError,
	outcomes: UnitOutcome[],
	failed: number,
	billed: BilledWork | undefined,
	secrets: readonly string[],
): NodeApiError | NodeOperationError {
	const note = stoppedRunNote(ctx, outcomes, failed, billed);
	if (!note) return error;
	// The note is bounded by itself; ids come from answers, so the token is removed here too.
	error.message = `${error.message}; ${removeSecrets(note.summary, secrets)}`;
	error.description = [error.description, removeSecrets(note.details, secrets)].filter(Boolean).join(' ');
	return error;
}

/** An error as it leaves the loop: n8n's error class, the item index, scrubbed of the node's token. */
export async function wrapItemError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): Promise<NodeApiError | NodeOperationError> {
	return asNodeError(ctx, error, itemIndex, await credentialSecrets(ctx));
}

/** Plain JSON results as output items paired with `pairedItem`. */
export function jsonItems(results: IDataObject[], pairedItem: IPairedItemData | IPairedItemData[]): INodeExecutionData[] {
	return results.map((json) => ({ json, pairedItem }));
}

/** The token of the node's credential, for the last scrub of every error (none when there is no credential). */
async function credentialSecrets(ctx: IExecuteFunctions): Promise<string[]> {
	try {
		const credentials = await credentialsOf(ctx);
		return typeof credentials.apiToken === 'string' ? [credentials.apiToken.trim()] : [];
	} catch {
		return [];
	}
}
