import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { expressionGaveNothing, noValueError } from './expression-result';
import { quote } from '../messages/quote';
import { describeLimit, numberFromText, withinLimit, type NumberLimit } from './registry/values';

/**
 * One number parameter of one item (a top-level name or `options.name`), checked for type and range:
 * the fallback only when the user left it unset (an expression that gives nothing is an error), plain
 * numeric text as its number, and an error naming the field, the value and the item for other text,
 * NaN, Infinity, an object or an out-of-range number from an expression, instead of silently using a
 * default (or a value that would make a loop or a timer misbehave).
 */
export function readNumber(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	label: string,
	limit: NumberLimit,
	fallback: number,
): number {
	let value: unknown;
	try {
		value = ctx.getNodeParameter(path, itemIndex, fallback);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${label}: ${(error as Error).message}`, { itemIndex });
	}
	if (expressionGaveNothing(ctx, path, value)) throw noValueError(ctx, itemIndex, label);
	if (value === undefined) return fallback;
	const number = numberFromText(value);
	if (!withinLimit(number, limit)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} (${quote(number)}) must be ${describeLimit(limit)}`,
			{ itemIndex, description: `Item ${itemIndex}: check the value or the expression that gives it.` },
		);
	}
	return number;
}
