import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { quote } from '../../../shared/quote';
import { readText } from '../../../shared/text-parameter';
import { settleAsset } from '../../../shared/platform/asset-upload';
import { createAsset } from '../../../shared/platform/assets-api';
import { newAssetOptions, newAssetProperties, readNewAsset } from './fields';
import { operationFields } from '../../../shared/properties/operation';

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
	const problem = downloadUrlProblem(url);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `URL: ${quote(url)} ${problem}`, {
			itemIndex,
			description: `Item ${itemIndex}: give the full http:// or https:// address OctoAI downloads the file from.`,
		});
	}
	const created = await createAsset(this, { ...request, url }, itemIndex);
	const asset = await settleAsset(this, created.asset, itemIndex, wait);
	return [asset as unknown as IDataObject];
}

/** Why OctoAI could not download from the URL, found before the asset is created. */
function downloadUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a valid URL';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'is not an http(s) URL';
	// The URL goes out as typed, and the parser would accept a space inside it.
	if (/\s/.test(url)) return 'contains white space; write a space as %20';
	return undefined;
}
