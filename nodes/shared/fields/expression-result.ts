import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * The rule every reader of node parameters follows: an expression that gives nothing (n8n turns a
 * failing one into an empty value) is an error naming its field, never a silent default.
 */

/** The parameter at `path` ("steps", "options.seed") as saved in the workflow, before evaluation. */
export function savedParameter(ctx: IExecuteFunctions, path: string): unknown {
	let value: unknown = ctx.getNode().parameters;
	for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
	return value;
}

/** Whether a saved parameter is an expression (`={{ … }}`), in a plain field or a picker. */
export function isExpression(saved: unknown): boolean {
	const text = typeof saved === 'string' ? saved : (saved as { value?: unknown } | undefined)?.value;
	return typeof text === 'string' && text.startsWith('=');
}

/** The error for a field whose expression gave no value. */
export function noValueError(ctx: IExecuteFunctions, itemIndex: number, label: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${label}: the expression gave no value`, {
		itemIndex,
		description: 'Check the expression, or give it a fallback, e.g. {{ $json.value ?? 1 }}.',
	});
}

/** Whether `value`, read from the parameter at `path`, came from an expression that gave nothing. */
export function expressionGaveNothing(ctx: IExecuteFunctions, path: string, value: unknown): boolean {
	// NaN is left to the caller's range check, which shows it.
	const empty = value === undefined || value === null || value === '';
	return empty && isExpression(savedParameter(ctx, path));
}
