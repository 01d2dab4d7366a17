import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { showValue } from './number-parameter';

/**
 * One true/false parameter of one item (a top-level name or `options.name`): the fallback when unset,
 * and an error naming the field, the value and the item for anything else an expression gives
 * ("yes", 1, an object), instead of reading it as true or false by accident.
 */
export function readBoolean(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback: boolean): boolean {
	const value: unknown = ctx.getNodeParameter(path, itemIndex, fallback);
	if (value === undefined || value === null) return fallback;
	if (typeof value === 'boolean') return value;
	throw new NodeOperationError(ctx.getNode(), `${label} (${showValue(value)}) must be true or false`, {
		itemIndex,
		description: `Item ${itemIndex}: check the value or the expression that gives it.`,
	});
}
