import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { IMAGE_INPUT_HINT, readBinaryFile } from '../../../shared/images/image-source';
import { EXTENSIONS, sniffImageMime, type BinaryFile } from '../../../shared/images/binary';
import { DEFAULT_TRANSFER_TIMEOUT_SECONDS, settleAsset, uploadAsset } from '../../../shared/platform/asset-upload';
import { readNumber } from '../../../shared/fields/number-parameter';
import { PLATFORM_LIMITS } from '../../../shared/platform/limits';
import { FILE_EXTENSIONS, MODEL_FILE_FORMAT_OPTIONS } from '../../../shared/platform/enums';
import type { AssetData } from '../../../shared/platform/types';
import { uploadProblem } from '../../../shared/platform/upload-checks';
import { newAssetOptions, newAssetProperties, readNewAsset } from './fields';
import { operationFields } from '../../../shared/editor/operation';

const properties: INodeProperties[] = [
	...newAssetProperties(),
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The file to upload: the name of its input binary field, or the file itself as an http(s) URL, data URI or base64 string',
		hint: IMAGE_INPUT_HINT,
	},
	newAssetOptions([
		{
			displayName: 'Upload Timeout (Seconds)',
			name: 'uploadTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_TRANSFER_TIMEOUT_SECONDS,
			description: "How long the transfer of the file to OctoAI's storage may take in all, from the first byte sent to the storage's answer",
		},
	]),
];

export const description = operationFields('asset', 'upload', properties);

/** Uploads an item's binary file as a new asset and (by default) waits until OctoAI accepts it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { request, wait } = readNewAsset(this, itemIndex);
	// Read before anything is created, like every other setting.
	const transferSeconds = readNumber(this, itemIndex, 'options.uploadTimeout', 'Upload Timeout (Seconds)', PLATFORM_LIMITS.timeoutSeconds, DEFAULT_TRANSFER_TIMEOUT_SECONDS);
	const file = await readBinaryFile(
		this,
		itemIndex,
		this.getNodeParameter('binaryPropertyName', itemIndex),
		'Input Binary Field',
	);
	const problem = uploadProblem(request.data, file);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `Input Binary Field: the file of item ${itemIndex} ${problem}`, {
			itemIndex,
			description: 'Nothing was uploaded. OctoAI would reject this file and keep the rejected asset in the library.',
		});
	}
	if (!request.data.file_format) {
		const format = inferFileFormat(request.data, file);
		if (format) request.data.file_format = format;
	}
	const created = await uploadAsset(this, itemIndex, request, file, transferSeconds * 1000);
	const asset = await settleAsset(this, created, itemIndex, wait);
	return [asset as unknown as IDataObject];
}

/** The declared format when the user set none: from the bytes for images, else from the file name. */
function inferFileFormat(data: AssetData, file: BinaryFile): string | undefined {
	if (data.asset_type === 'file') {
		const mime = sniffImageMime(file.bytes);
		if (mime === 'image/png' || mime === 'image/jpeg') return EXTENSIONS[mime];
		return file.extension && FILE_EXTENSIONS.includes(file.extension) ? file.extension : undefined;
	}
	const known = MODEL_FILE_FORMAT_OPTIONS.map((option) => option.value as string);
	return file.extension && known.includes(file.extension) ? file.extension : undefined;
}
