import type { IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData } from 'n8n-workflow';

import { asNodeError, errorItem } from '../errors';

/**
 * The item loop of the asset and tune operations that work on one item at a time: each input item's
 * results are paired with it. With Continue On Fail a failed item becomes an error item and the others
 * go on; without it the first failure stops the node.
 */
export async function runPerItem(
	ctx: IExecuteFunctions,
	work: (itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	return await runPerItemData(ctx, async (itemIndex) => (await work(itemIndex)).map((json) => ({ json })));
}

/** As {@link runPerItem}, for work whose results carry binary data as well as JSON. */
export async function runPerItemData(
	ctx: IExecuteFunctions,
	work: (itemIndex: number) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const pairedItem = { item: itemIndex };
		try {
			const results = await work(itemIndex);
			output.push(...results.map((item) => ({ ...item, pairedItem })));
		} catch (error) {
			const wrapped = asNodeError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw wrapped;
			output.push(errorItem(wrapped, pairedItem));
		}
	}
	return output;
}

/**
 * For an operation that runs once over all input items (a tune trained on every item's images): its
 * results, or with Continue On Fail its error, are paired with all input items.
 */
export async function runOnceForAll(
	ctx: IExecuteFunctions,
	work: () => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const pairedItem: IPairedItemData[] = ctx.getInputData().map((_, item) => ({ item }));
	try {
		const results = await work();
		return results.map((json) => ({ json, pairedItem }));
	} catch (error) {
		const wrapped = asNodeError(ctx, error, 0);
		if (!ctx.continueOnFail()) throw wrapped;
		return [errorItem(wrapped, pairedItem)];
	}
}
