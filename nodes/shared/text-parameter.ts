import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * One text parameter of one item, trimmed ('' when unset). Numbers become their digits; an object or a
 * list from an expression is refused with the field's label, since it would otherwise be sent as
 * "[object Object]" in a name or a field name.
 */
export function readText(ctx: IExecuteFunctions, itemIndex: number, path: string, label: string, fallback = ''): string {
	const value = ctx.getNodeParameter(path, itemIndex, fallback) as unknown;
	return textValue(ctx, itemIndex, value, label);
}

/** The same check for a value already read (a row of a collection, a picked value). */
export function textValue(ctx: IExecuteFunctions, itemIndex: number, value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	const what = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
	throw new NodeOperationError(ctx.getNode(), `${label} must be text, but the expression gave ${what}`, { itemIndex });
}
