import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { textValue } from './text-parameter';

/** Names that are not plain keys of a JavaScript object: a binary field named so would be lost. */
const RESERVED_FIELD_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The binary field an output goes to, from its parameter's value: text (an object or a list from an
 * expression is refused rather than becoming "[object Object]"), the fallback when blank, and never a
 * name an object cannot hold as its own key.
 */
export function outputFieldName(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string, fallback: string): string {
	const field = textValue(ctx, itemIndex, value, label) || fallback;
	if (RESERVED_FIELD_NAMES.has(field)) {
		throw new NodeOperationError(ctx.getNode(), `${label} "${field}" is a reserved name; choose another, e.g. "${fallback}"`, { itemIndex });
	}
	return field;
}
