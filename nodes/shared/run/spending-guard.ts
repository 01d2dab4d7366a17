import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { round, type CostEstimate } from './pricing';
import { quote } from '../messages/quote';
import type { Spent } from '../tool/execution-tally';
import { numberFromText, withinLimit, type NumberLimit } from '../fields/registry/values';

export const SPENDING_LIMITS = {
	maxImagesPerRun: { min: 1, integer: true },
	maxCostPerRun: { min: 0 },
} as const satisfies Record<string, NumberLimit>;

export interface SpendingLimits {
	maxImages?: number;
	maxCostUsd?: number;
}

/** What one item asks for: how many images (or videos) and what they are estimated to cost each. */
export interface ItemSpend {
	itemIndex: number;
	count: number;
	perUnit: CostEstimate;
}

const LABELS = { maxImagesPerRun: 'Max Images per Run', maxCostPerRun: 'Max Estimated Cost per Run (USD)' } as const;

/**
 * The guard's limits, from the node's Options (node-level settings, read from the first item);
 * undefined when neither is set, so a run without a guard reads items one by one as before.
 */
export function readSpendingLimits(ctx: IExecuteFunctions): SpendingLimits | undefined {
	// Each option on its own: evaluating the whole collection would trip over another option's bad expression.
	const raw = (ctx.getNode().parameters.options ?? {}) as Record<string, unknown>;
	const limits: SpendingLimits = {};
	for (const name of ['maxImagesPerRun', 'maxCostPerRun'] as const) {
		if (raw[name] === undefined) continue;
		let value: unknown;
		try {
			value = ctx.getNodeParameter(`options.${name}`, 0);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), `${LABELS[name]}: ${(error as Error).message}`, { itemIndex: 0 });
		}
		const limit = numberFromText(value);
		if (!withinLimit(limit, SPENDING_LIMITS[name])) {
			throw new NodeOperationError(ctx.getNode(), `${LABELS[name]} (${quote(limit)}) must be a number of at least ${SPENDING_LIMITS[name].min}`, {
				itemIndex: 0,
			});
		}
		if (name === 'maxImagesPerRun') limits.maxImages = limit;
		else limits.maxCostUsd = limit;
	}
	return limits.maxImages === undefined && limits.maxCostUsd === undefined ? undefined : limits;
}

/** The run's totals: units (images or videos) and the estimated cost, null when any item has no price. */
export function runTotals(spends: ItemSpend[]): { units: number; usd: number | null; unpriced?: ItemSpend } {
	const units = spends.reduce((sum, s) => sum + s.count, 0);
	const unpriced = spends.find((s) => s.perUnit.usd === null);
	if (unpriced) return { units, usd: null, unpriced };
	return { units, usd: round(spends.reduce((sum, s) => sum + s.count * (s.perUnit.usd as number), 0)) };
}

/**
 * Throws when the whole run is over a limit. Called after every item was read and validated and
 * before the first request, so a refused run sends nothing. `unit` is "image" or "video".
 */
export function checkSpending(
	ctx: IExecuteFunctions,
	limits: SpendingLimits,
	spends: ItemSpend[],
	unit: string,
	earlier?: Spent,
): void {
	const own = runTotals(spends);
	// As an agent's tool, the limits cap the whole execution: this call plus the earlier calls.
	const totals = earlier ? withEarlier(own, earlier) : own;
	const before = earlier && earlier.units > 0 ? ` and this execution's earlier calls of this tool made ${spentText(earlier, unit)}` : '';
	const items = `${spends.length} item${spends.length === 1 ? '' : 's'}`;
	const refuse = (message: string, description: string) =>
		new NodeOperationError(ctx.getNode(), `${message}; nothing was sent`, { description, itemIndex: 0 });
	if (limits.maxImages !== undefined && totals.units > limits.maxImages) {
		throw refuse(
			`${LABELS.maxImagesPerRun} is ${limits.maxImages}, but this run asks for ${own.units} ${unit}s (${items})${before}`,
			`Lower the number of ${unit}s or input items, or raise ${LABELS.maxImagesPerRun} in Options.`,
		);
	}
	if (limits.maxCostUsd === undefined) return;
	if (totals.usd === null) {
		throw refuse(
			`${LABELS.maxCostPerRun} is $${limits.maxCostUsd}, but the run's cost cannot be estimated: ${unpricedText(totals.unpriced)}`,
			`Remove ${LABELS.maxCostPerRun} from Options to run without a cost check (${LABELS.maxImagesPerRun} still applies).`,
		);
	}
	if (totals.usd > limits.maxCostUsd) {
		throw refuse(
			`${LABELS.maxCostPerRun} is $${limits.maxCostUsd}, but this run's estimate is $${own.usd} (${own.units} ${unit}s, ${items})${before}`,
			`Estimates come from OctoAI's published prices. Lower the ${unit}s, steps or size, or raise ${LABELS.maxCostPerRun} in Options.`,
		);
	}
}

/** This call's totals plus what the execution's earlier calls spent (unknown cost stays unknown). */
function withEarlier(own: ReturnType<typeof runTotals>, earlier: Spent): ReturnType<typeof runTotals> {
	const usd = own.usd === null || earlier.usd === null ? null : round(own.usd + earlier.usd);
	return { ...own, units: own.units + earlier.units, usd };
}

function spentText(spent: Spent, unit: string): string {
	const cost = spent.usd === null ? '' : ` (est. $${round(spent.usd)})`;
	return `${spent.units} ${unit}${spent.units === 1 ? '' : 's'}${cost}`;
}

function unpricedText(unpriced: ItemSpend | undefined): string {
	return unpriced ? `item ${unpriced.itemIndex}: ${unpriced.perUnit.basis}` : "this execution's earlier calls of this tool have no estimate";
}
