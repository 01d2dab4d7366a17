import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

export interface BinaryFile {
	bytes: Buffer;
	mimeType: string;
	fileName?: string;
	/** Lower-case extension without the dot, from n8n's metadata or the file name. */
	extension?: string;
}

/**
 * Reads one binary field of an item (n8n's separate mode: a field name; combined mode: a binary
 * object from an expression). The error names the field and the item, never the bytes.
 */
export async function readBinaryFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: unknown,
	label: string,
): Promise<BinaryFile> {
	const empty = source === undefined || source === null || (typeof source === 'string' && source.trim() === '');
	if (empty) {
		throw new NodeOperationError(ctx.getNode(), `${label}: no binary field given`, {
			itemIndex,
			description: 'Enter the name of the binary field that holds the file, e.g. "data".',
		});
	}
	const reference = typeof source === 'string' ? source.trim() : (source as IBinaryData);
	let meta: IBinaryData;
	let bytes: Buffer;
	try {
		meta = ctx.helpers.assertBinaryData(itemIndex, reference);
		bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, reference);
	} catch {
		const what = typeof reference === 'string' ? `binary field "${reference}"` : 'the binary object from the expression';
		throw new NodeOperationError(ctx.getNode(), `${label}: item ${itemIndex} has no ${what}`, {
			itemIndex,
			description: 'Check the field name against the binary data the previous node outputs.',
		});
	}
	const fromName = /\.([A-Za-z0-9]+)$/.exec(meta.fileName ?? '')?.[1];
	return {
		bytes,
		mimeType: meta.mimeType || 'application/octet-stream',
		fileName: meta.fileName,
		extension: (meta.fileExtension ?? fromName)?.toLowerCase(),
	};
}
