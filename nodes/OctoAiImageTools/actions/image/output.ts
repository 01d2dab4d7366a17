import {
	NodeApiError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { imageToBinary } from '../../../shared/images/binary';
import { imageSourceKind } from '../../../shared/images/image-source';
import type { ItemParameters } from '../../../shared/fields/item-parameters';
import { outputFieldName } from '../../../shared/fields/output-field';
import { withoutUrlUserinfo } from '../../../shared/messages/safe-text';

/** The output binary field name, chosen by the user. */
export function outputProperty(label = 'Put Output in Field', fallback = 'data'): INodeProperties {
	return {
		displayName: label,
		name: 'outputField',
		type: 'string',
		default: fallback,
		required: true,
		description: 'Name of the binary field for the resulting image',
	};
}

/** The output field's name for one item; `fallback` as {@link outputProperty} was given it. */
export function readOutputField(ctx: IExecuteFunctions, params: ItemParameters, fallback = 'data'): string {
	return outputFieldName(ctx, params.itemIndex, params.get('outputField', fallback), params.label('outputField'), fallback);
}

/** An image the service returned, as n8n binary named `<stem>.<ext>` with the MIME type of its bytes. */
export async function toBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	base64: unknown,
	stem: string,
): Promise<{ binary: IBinaryData; fileName: string; mimeType: string }> {
	const image = typeof base64 === 'string' ? await imageToBinary(ctx, base64, stem) : undefined;
	if (!image) {
		throw new NodeApiError(
			ctx.getNode(),
			{ message: 'image is not PNG, JPEG or WebP' },
			{ message: `OctoAI answered without a PNG, JPEG or WebP image (${stem})`, httpCode: '200', itemIndex },
		);
	}
	return { ...image, mimeType: image.binary.mimeType };
}

/** The request's parameters for the output JSON: never image data, nor a URL's user:password@. */
export function requestEcho(body: IDataObject, imageKeys: string[]): IDataObject {
	const copy: IDataObject = { ...body };
	// Image data, and the null a URL request carries in the image key, are left out.
	for (const key of imageKeys) if (copy[key] === null || (typeof copy[key] === 'string' && imageSourceKind(copy[key] as string) !== 'url')) delete copy[key];
	for (const [key, value] of Object.entries(copy)) if (key.endsWith('_url') && typeof value === 'string') copy[key] = withoutUrlUserinfo(value);
	if (copy.transfer_images) copy.transfer_images = Object.keys(copy.transfer_images as IDataObject);
	return copy;
}
