import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { quote } from '../../../shared/messages/quote';
import { mainProperties, optionsProperty, readFields } from './build';
import { imageProperty } from './image-field';
import { putImage } from '../../../shared/images/image-source';
import { outputProperty, readOutputField, requestEcho, toBinary } from './output';
import { callUtility } from './request';
import { singleImageShape } from './shapes';
import { ItemParameters, propertyLookup } from '../../../shared/fields/item-parameters';
import { operationFields } from '../../../shared/editor/operation';

const properties: INodeProperties[] = [imageProperty(), ...mainProperties('removeBackground'), outputProperty(), optionsProperty('removeBackground')];

export const description = operationFields('image', 'removeBackground', properties);
const fields = propertyLookup(properties);

interface RemovalResponse {
	image_b64: string | null;
	removed_for_safety: boolean;
}

/** POST /background-removal: one item with a PNG whose alpha keeps the subject (or the mask, with Only Mask). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const params = new ItemParameters(this, fields, itemIndex);
	const body = readFields(params, 'removeBackground');
	if (body.alpha_matting === true && body.driver !== 'rembg') {
		throw new NodeOperationError(this.getNode(), `Alpha Matting works with the Rembg driver only (item ${itemIndex}, driver ${body.driver === undefined ? "not set" : quote(body.driver)})`, {
			itemIndex,
		});
	}
	await putImage(this, params, body, { b64: 'init_image', url: 'init_image_url' });
	// Read before the (billed) request, so a bad field name fails the item first.
	const field = readOutputField(this, params);
	const response = await callUtility<RemovalResponse>(this, itemIndex, '/background-removal', body, singleImageShape);
	const json = { removed_for_safety: response.removed_for_safety === true, parameters: requestEcho(body, ['init_image']) };
	if (json.removed_for_safety && !response.image_b64) return [{ json }];
	const image = await toBinary(this, itemIndex, response.image_b64, body.only_mask === true ? 'mask' : 'cutout');
	return [{ json: { ...json, fileName: image.fileName, mimeType: image.mimeType }, binary: { [field]: image.binary } }];
}
