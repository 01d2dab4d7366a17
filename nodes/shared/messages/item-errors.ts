import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import { safeText } from './safe-text';

/**
 * Keeps n8n's own error classes (they carry the HTTP code and description) and adds the item index.
 * The last stop of every error: its message and description pass through safeText, whatever raised it.
 */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
	secrets: readonly string[] = [],
): NodeApiError | NodeOperationError {
	const wrapped =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	if (wrapped.context.itemIndex === undefined) wrapped.context.itemIndex = itemIndex;
	wrapped.message = safeText(wrapped.message, secrets);
	if (typeof wrapped.description === 'string') wrapped.description = safeText(wrapped.description, secrets);
	// The stored response and its messages (a status's details, an upload's error) are server text too.
	const response = wrapped.errorResponse as Record<string, unknown> | undefined;
	if (response && typeof response === 'object' && Object.getPrototypeOf(response) === Object.prototype) {
		for (const [key, value] of Object.entries(response)) {
			if (typeof value === 'string') response[key] = safeText(value, secrets);
		}
	}
	if (Array.isArray(wrapped.messages)) wrapped.messages = wrapped.messages.map((text) => safeText(String(text), secrets));
	return wrapped;
}

/**
 * The item Continue On Fail puts out in place of a failed item's results. The error rides on the
 * item itself, as n8n expects: "Continue (using error output)" routes such items to the error
 * output, and the editor shows the error's description.
 */
export function errorItem(
	error: NodeApiError | NodeOperationError,
	pairedItem: IPairedItemData | IPairedItemData[],
): INodeExecutionData {
	return { json: { error: error.message }, error, pairedItem };
}
