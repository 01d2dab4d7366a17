import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { httpUrlProblem } from '../../../shared/http/url-problem';
import { quote } from '../../../shared/messages/quote';
import { safeText } from '../../../shared/messages/safe-text';
import { readText } from '../../../shared/fields/text-parameter';
import { settleAsset } from '../../../shared/platform/asset-upload';
import { createAsset } from '../../../shared/platform/assets-api';
import { newAssetOptions, newAssetProperties, readNewAsset } from './fields';
import { operationFields } from '../../../shared/editor/operation';

const properties: INodeProperties[] = [
	...newAssetProperties(),
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/my-lora.safetensors',
		description: 'Where OctoAI downloads the file from; it must be reachable from OctoAI without a login',
	},
	newAssetOptions(),
];

export const description = operationFields('asset', 'createFromUrl', properties);

/** Creates an asset that OctoAI fetches from a URL, and (by default) waits until it is ready. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const { request, wait } = readNewAsset(this, itemIndex);
	const url = readText(this, itemIndex, 'url', 'URL');
	const problem = httpUrlProblem(url, true);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `URL: ${quote(safeText(url))} ${problem}`, {
			itemIndex,
			description: `Item ${itemIndex}: give the full http:// or https:// address OctoAI downloads the file from.`,
		});
	}
	const created = await createAsset(this, { ...request, url }, itemIndex);
	const asset = await settleAsset(this, created.asset, itemIndex, wait);
	return [asset as unknown as IDataObject];
}
