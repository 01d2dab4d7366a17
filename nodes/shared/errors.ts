import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

/** Keeps n8n's own error classes (they carry the HTTP code and description) and adds the item index. */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const wrapped =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	if (wrapped.context.itemIndex === undefined) wrapped.context.itemIndex = itemIndex;
	return wrapped;
}

/** The JSON of the error item Continue On Fail puts out in place of a failed item's results. */
export function errorItemJson(error: NodeApiError | NodeOperationError): IDataObject {
	return { error: error.message, description: error.description ?? null };
}
