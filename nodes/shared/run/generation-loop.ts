import { NodeOperationError, sleep, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { AUTO_MAX, sharedLimit } from '../http/adaptive-limit';
import { AUTO_CONCURRENCY, AUTO_CONCURRENCY_VERSION, SharedBackoff, type Permit, type RequestGate } from '../http/concurrency';
import { errorItem } from '../messages/item-errors';
import { runItems, wrapItemError } from './item-loop';
import { mediaCount, unitsIn } from './billed-work';
import { round, type CostEstimate } from './pricing';
import { checkSpending, readSpendingLimits, runTotals, type ItemSpend } from './spending-guard';
import { executionTally } from '../tool/execution-tally';
import { isToolCall } from '../tool/tool-mode';
import { CREDENTIAL_TYPE, credentialsOf } from '../http/api-credential';
import { requireSupportedN8n } from './n8n-version';

/** What a generation node does per item, split so the whole run can be checked before anything is sent. */
export interface GenerationWork<R> {
	/** Reads and validates one item into a request; local only, never sends anything. */
	prepare(itemIndex: number): Promise<R>;
	/** How many images (or videos) the request asks for and their estimated price each. */
	spend(request: R, itemIndex: number): Omit<ItemSpend, 'itemIndex'>;
	/** Sends the request and turns the answer into output items. */
	send(request: R, itemIndex: number, backoff: RequestGate): Promise<INodeExecutionData[]>;
	/** "image" or "video", for the guard's messages. */
	unit: string;
	/** The output JSON key of an item holding all of a request's images or videos ("images"). */
	listKey: string;
}

type Prepared<R> = { request: R } | { error: unknown };

/**
 * The generation nodes' run on the one item loop (runItems), with the spending guard in front: with
 * Max Images / Max Estimated Cost per Run set, every item is read and validated first and the whole
 * run is checked before the first request, so a refused run sends nothing; the prepared requests are
 * then sent as they are (inputs are not read twice). Without a limit, items are read one by one.
 * `concurrency` is a fixed number of items at once, or AUTO_CONCURRENCY for the adaptive limit.
 */
export async function runGeneration<R>(
	ctx: IExecuteFunctions,
	concurrency: number,
	work: GenerationWork<R>,
): Promise<INodeExecutionData[][]> {
	// Before the spending guard's preflight, which reads items and may download their images.
	requireSupportedN8n(ctx);
	const count = ctx.getInputData().length;
	const continueOnFail = ctx.continueOnFail();
	const limits = readSpendingLimits(ctx);
	let preflight: Array<Prepared<R>> | undefined;
	if (limits) {
		preflight = [];
		for (let itemIndex = 0; itemIndex < count; itemIndex++) {
			try {
				preflight.push({ request: await work.prepare(itemIndex) });
			} catch (error) {
				if (!continueOnFail) throw await wrapItemError(ctx, error, itemIndex);
				preflight.push({ error });
			}
		}
		const spends = preflight.flatMap((p, itemIndex) =>
			'request' in p ? [{ itemIndex, ...work.spend(p.request, itemIndex) }] : [],
		);
		// As an agent's tool the node runs once per call: the limits then hold for the whole execution.
		const tally = isToolCall(ctx) ? executionTally(ctx) : undefined;
		try {
			checkSpending(ctx, limits, spends, work.unit, tally?.spent);
			// Counted when allowed, before anything is sent (no await in between), so parallel calls see it.
			const totals = runTotals(spends);
			tally?.add({ units: totals.units, usd: totals.usd });
		} catch (refusal) {
			const refused = await wrapItemError(ctx, refusal, 0);
			if (!continueOnFail) throw refused;
			// The whole run is refused: every item gets the refusal (or its own error), so the error output sees them all.
			const items: INodeExecutionData[] = [];
			for (const [itemIndex, p] of preflight.entries()) {
				items.push(errorItem('error' in p ? await wrapItemError(ctx, p.error, itemIndex) : refused, { item: itemIndex }));
			}
			return [items];
		}
	}
	const auto = concurrency === AUTO_CONCURRENCY;
	const backoff = new RunGate(ctx, auto ? await autoLimit(ctx) : new SharedBackoff(ctx.getNode().typeVersion >= AUTO_CONCURRENCY_VERSION), continueOnFail);
	const send = async (itemIndex: number) => {
		const prepared = preflight?.[itemIndex];
		if (prepared && 'error' in prepared) throw prepared.error;
		let slot: ReservedSlot | undefined;
		try {
			// Auto takes items up to its ceiling: each takes its slot before its request (input images
			// included) is built, so no more bodies are held than the limit lets out.
			if (auto && !prepared) slot = await ReservedSlot.take(backoff, ctx.getExecutionCancelSignal());
			const request = prepared ? prepared.request : await work.prepare(itemIndex);
			return await work.send(request, itemIndex, slot ?? backoff);
		} catch (error) {
			// A request still waiting for its turn when the run stopped was never sent: no result, no error.
			if (error === backoff.stoppedError) return undefined;
			if (!continueOnFail) backoff.stop();
			throw await wrapItemError(ctx, error, itemIndex);
		} finally {
			slot?.dispose();
		}
	};
	// Auto: items are taken up to the limiter's ceiling; the limiter decides how many requests go out.
	const billed = { unit: work.unit, count: (results: INodeExecutionData[]) => mediaCount(results, work.listKey) };
	return [await runItems(ctx, send, { concurrency: auto ? AUTO_MAX : concurrency, billed })];
}

/** The adaptive limit shared by every run of this credential and Image API base URL (adaptive-limit.ts). */
async function autoLimit(ctx: IExecuteFunctions): Promise<RequestGate> {
	const credentialId = ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	let baseUrl = '';
	try {
		baseUrl = String((await credentialsOf(ctx)).imageBaseUrl ?? '').trim();
	} catch {
		// No readable credential: the first request says so, naming the field; one limiter serves such runs.
	}
	return sharedLimit(credentialId, baseUrl);
}

/**
 * Puts the estimate on every output item: `estimated_cost_usd` (per image or video; for an item
 * holding several, their sum) and `price_basis`, the published price used or why there is none.
 */
export function withCost(items: INodeExecutionData[], estimate: CostEstimate, listKey: string): INodeExecutionData[] {
	for (const item of items) {
		const size = unitsIn(item, listKey);
		item.json.estimated_cost_usd = estimate.usd === null ? null : round(estimate.usd * size);
		item.json.price_basis = estimate.basis;
	}
	return items;
}

/**
 * The run's view of its gate: once an item fails without Continue On Fail, requests still waiting
 * for their turn (a pause, or a slot of the Auto limit) are not sent, as no further item starts.
 */
class RunGate implements RequestGate {
	private readonly stopped = new AbortController();
	/** What a request that was still waiting gets; the loop drops it (the run fails with the item's own error). */
	readonly stoppedError: NodeOperationError;

	constructor(
		ctx: IExecuteFunctions,
		private readonly inner: RequestGate,
		private readonly continueOnFail: boolean,
	) {
		this.stoppedError = new NodeOperationError(ctx.getNode(), 'The run stopped at a failed item before this request was sent');
	}

	get freeRateLimitRetries(): boolean {
		return this.inner.freeRateLimitRetries;
	}

	stop(): void {
		this.stopped.abort();
	}

	async enter(signal?: AbortSignal): Promise<Permit> {
		if (this.stopped.signal.aborted) throw this.stoppedError;
		const waitFor = signal ? AbortSignal.any([signal, this.stopped.signal]) : this.stopped.signal;
		const permit = await this.inner
			.enter(waitFor)
			.catch(async (error: unknown) => (this.stopped.signal.aborted && !signal?.aborted ? undefined : await Promise.reject(error)));
		if (!permit) throw this.stoppedError;
		if (this.continueOnFail) return permit;
		// A failed item frees its slot before its error reaches the run (a few promise steps later):
		// one turn of the event loop lets that error stop the run before this request goes out.
		await sleep(0);
		if (!this.stopped.signal.aborted) return permit;
		permit.release();
		throw this.stoppedError;
	}
}

/**
 * A slot of the run's gate taken before an item's request is built: the request's first attempt
 * uses it, later attempts (retries, reads) enter the gate as usual. Released if never used.
 */
class ReservedSlot implements RequestGate {
	private constructor(
		private readonly inner: RequestGate,
		private reserved: Permit | undefined,
	) {}

	static async take(inner: RequestGate, signal?: AbortSignal): Promise<ReservedSlot> {
		return new ReservedSlot(inner, await inner.enter(signal));
	}

	get freeRateLimitRetries(): boolean {
		return this.inner.freeRateLimitRetries;
	}

	async enter(signal?: AbortSignal): Promise<Permit> {
		const permit = this.reserved;
		this.reserved = undefined;
		return permit ?? (await this.inner.enter(signal));
	}

	dispose(): void {
		this.reserved?.release();
		this.reserved = undefined;
	}
}
