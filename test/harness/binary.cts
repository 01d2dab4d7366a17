import { Container } from '@n8n/di';
import { BinaryDataService, prepareBinaryData } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';
import { BINARY_IN_JSON_PROPERTY, isBinaryValue } from 'n8n-workflow';

import { getEngine } from './engine.cts';

/** Where `binaryItem` files live in the store: their own folder, apart from any execution's. */
const INPUT_WORKFLOW_ID = 'harness';
const INPUT_EXECUTION_ID = 'inputs';

/**
 * Builds an input item whose binary field is stored through n8n's binary data service (on disk
 * in filesystem mode), exactly as a Read File node would leave it, so nodes read it back with
 * `getBinaryDataBuffer`. Pass it in `runWorkflow`'s `inputItems`.
 */
export async function binaryItem(
	buffer: Buffer,
	mimeType: string,
	fileName: string,
	field = 'data',
	json: INodeExecutionData['json'] = {},
): Promise<INodeExecutionData> {
	await getEngine();
	const binary = await prepareBinaryData(buffer, INPUT_EXECUTION_ID, INPUT_WORKFLOW_ID, fileName, mimeType);
	return { json, binary: { [field]: binary } };
}

/**
 * The binary data object of an item's field, wherever the binary mode put it: `item.binary[field]`
 * in separate mode, `item.json._files[field]` in combined mode, or any `json` path to one.
 */
export function binaryDataOf(item: INodeExecutionData, field = 'data'): IBinaryData {
	const candidates: unknown[] = [
		item.binary?.[field],
		(item.json[BINARY_IN_JSON_PROPERTY] as Record<string, unknown> | undefined)?.[field],
		field.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], item.json),
	];
	const found = candidates.find(isBinaryValue);
	if (!found) {
		const present = [...Object.keys(item.binary ?? {}), ...Object.keys((item.json[BINARY_IN_JSON_PROPERTY] as object | undefined) ?? {})];
		throw new Error(`Item has no binary field "${field}" (binary fields present: ${present.join(', ') || 'none'})`);
	}
	return found;
}

/** Reads an item's binary field back as bytes from the binary data store (or inline base64 if it is not stored). */
export async function binaryBuffer(item: INodeExecutionData, field = 'data'): Promise<Buffer> {
	await getEngine();
	return await Container.get(BinaryDataService).getAsBuffer(binaryDataOf(item, field));
}

/** The file on disk behind an item's binary field (filesystem mode), to assert it really is stored there. */
export async function binaryFilePath(item: INodeExecutionData, field = 'data'): Promise<string> {
	await getEngine();
	const { id } = binaryDataOf(item, field);
	if (!id) throw new Error(`Binary field "${field}" is held inline (base64), not in the store`);
	return Container.get(BinaryDataService).getPath(id);
}
