import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { quote } from '../messages/quote';
import { describeMaxLength } from './registry/values';
import { showInvisible, unusableTextProblem } from './text-rules';

/**
 * One text parameter of one item, trimmed ('' when unset). Numbers become their digits; an object or a
 * list from an expression is refused with the field's label, since it would otherwise be sent as
 * "[object Object]" in a name or a field name.
 */
export function readText(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback = '', maxLength?: number): string {
	const value = ctx.getNodeParameter(path, itemIndex, fallback) as unknown;
	return textValue(ctx, itemIndex, value, label, maxLength);
}

/**
 * The same check for a value already read (a row of a collection, a picked value). `maxLength`: the
 * longest text the API takes there, so a longer one fails here, naming the field, not after a request.
 */
export function textValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string, maxLength?: number): string {
	if (value === undefined || value === null) return '';
	let text: string;
	if (typeof value === 'string') text = value.trim();
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else {
		const what = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
		throw new NodeOperationError(ctx.getNode(), `${label} must be text, but the expression gave ${what}`, { itemIndex });
	}
	refuseUnusableText(ctx, itemIndex, text, label);
	if (maxLength !== undefined && text.length > maxLength) {
		throw new NodeOperationError(ctx.getNode(), `${label} (${quote(text)}) ${describeMaxLength(maxLength)}`, {
			itemIndex,
			description: `Item ${itemIndex}: check the value or the expression that gives it.`,
		});
	}
	return text;
}

/**
 * Refuses a text OctoAI cannot take (text-rules.ts: only invisible characters, control characters,
 * unpaired surrogates), naming the field, the item and the value with its hidden characters shown.
 */
export function refuseUnusableText(ctx: IExecuteFunctions, itemIndex: number, text: string, label: string): void {
	const problem = unusableTextProblem(text);
	if (!problem) return;
	throw new NodeOperationError(ctx.getNode(), `${label} ${problem} in item ${itemIndex} (got ${showInvisible(text)})`, {
		itemIndex,
		description: 'Remove the character, or check the expression or the data that gives this field.',
	});
}
