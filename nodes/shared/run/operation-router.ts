import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { runItems } from './item-loop';
import type { BilledWork } from './billed-work';

/** One operation of a resource/operation node, run for one input item. */
export type ItemOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

/** An operation whose results are plain JSON objects, one output item each. */
export type JsonOperation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

/** Adapts a JSON operation to the router: each object becomes one item. */
export function jsonOperation(operation: JsonOperation): ItemOperation {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		return (await operation.call(this, itemIndex)).map((json) => ({ json }));
	};
}

/**
 * The execute of the resource/operation nodes: the chosen operation from the table, run once per input
 * item in the shared item loop, every result paired with its item. `billed` names what the operations
 * that make something at OctoAI output, for the error that stops a run (run/billed-work.ts).
 */
export async function routeOperation(
	ctx: IExecuteFunctions,
	operations: Record<string, ItemOperation>,
	billed: Partial<Record<string, BilledWork>> = {},
): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	// Own-property check: a name such as "constructor" must not reach Object.prototype.
	const execute = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
	if (!execute) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	}
	return [
		await runItems(
			ctx,
			async (itemIndex) => (await execute.call(ctx, itemIndex)).map((item) => ({ ...item, pairedItem: { item: itemIndex } })),
			{ billed: Object.hasOwn(billed, operation) ? billed[operation] : undefined },
		),
	];
}
