import { type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { mainProperties, optionsProperty, readFields } from './build';
import { imageProperty } from './image-field';
import { putImage } from '../../../shared/images/image-source';
import { outputProperty, readOutputField, requestEcho, toBinary } from './output';
import { callUtility } from './request';
import { singleImageShape } from './shapes';
import { ItemParameters, propertyLookup } from '../../../shared/fields/item-parameters';
import { operationFields } from '../../../shared/editor/operation';

/** Which rows of the operation apply; checked with them in readFields. */
const sizeBy: INodeProperties = {
	displayName: 'Size By',
	name: 'sizeBy',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: "Model's Own Factor", value: 'model', description: 'Quadruple the size with x4 models, double it with the x2 model' },
		{ name: 'Scale', value: 'scale', description: 'Multiply width and height by a factor' },
		{ name: 'Output Width', value: 'width', description: 'Give the width; the height keeps the aspect ratio' },
		{ name: 'Output Height', value: 'height', description: 'Give the height; the width keeps the aspect ratio' },
	],
	default: 'model',
	description: 'The service takes one way of sizing the result',
};

const properties: INodeProperties[] = [
	imageProperty(),
	sizeBy,
	...mainProperties('upscale'),
	outputProperty(),
	optionsProperty('upscale'),
];

export const description = operationFields('image', 'upscale', properties);
const fields = propertyLookup(properties);

interface UpscaleResponse {
	image_b64: string | null;
	removed_for_safety: boolean;
}

/** POST /upscaling: one item with the upscaled image. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const params = new ItemParameters(this, fields, itemIndex);
	const body = readFields(params, 'upscale', [sizeBy]);
	await putImage(this, params, body, { b64: 'init_image', url: 'init_image_url' });
	// Read before the (billed) request, so a bad field name fails the item first.
	const field = readOutputField(this, params);
	const response = await callUtility<UpscaleResponse>(this, itemIndex, '/upscaling', body, singleImageShape);
	const json = { removed_for_safety: response.removed_for_safety === true, parameters: requestEcho(body, ['init_image']) };
	if (json.removed_for_safety && !response.image_b64) return [{ json }];
	const image = await toBinary(this, itemIndex, response.image_b64, 'upscaled');
	return [{ json: { ...json, fileName: image.fileName, mimeType: image.mimeType }, binary: { [field]: image.binary } }];
}
