import type { IExecuteFunctions } from 'n8n-workflow';

import { expressionGaveNothing, noValueError } from './expression-result';
import { textValue } from './text-parameter';

/**
 * A comma-separated list parameter ("a, b"), or a list from an expression, as trimmed, non-empty
 * strings; an entry that is not text (an object, a list) is refused with the field's label.
 */
export function readList(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string): string[] {
	const value: unknown = ctx.getNodeParameter(path, itemIndex, '');
	if (expressionGaveNothing(ctx, path, value)) throw noValueError(ctx, itemIndex, label);
	const entries = Array.isArray(value) ? value : [textValue(ctx, itemIndex, value, label)].flatMap((text) => text.split(','));
	return entries.map((entry) => textValue(ctx, itemIndex, entry, label)).filter(Boolean);
}
