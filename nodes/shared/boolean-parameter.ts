import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { quote } from './quote';

/**
 * One true/false parameter of one item (a top-level name or `options.name`): the fallback when unset,
 * and an error naming the field, the value and the item for anything else an expression gives
 * ("yes", 1, an object), instead of reading it as true or false by accident.
 */
export function readBoolean(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback: boolean): boolean {
	return booleanValue(ctx, itemIndex, ctx.getNodeParameter(path, itemIndex, fallback), label) ?? fallback;
}

/** The same rule for a value already read (an Options entry, a collection row): undefined when unset. */
export function booleanValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	throw new NodeOperationError(ctx.getNode(), `${label} (${quote(value)}) must be true or false`, {
		itemIndex,
		description: `Item ${itemIndex}: check the value or the expression that gives it.`,
	});
}
