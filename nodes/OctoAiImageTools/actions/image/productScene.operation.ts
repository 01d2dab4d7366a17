import { type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { mainProperties, optionsProperty, readFields } from './build';
import { imageProperty, putImage } from './image-source';
import { outputProperty, readOutputField, requestEcho, toBinary } from './output';
import { callUtility } from './request';
import { operationFields } from '../../../shared/properties/operation';

const properties: INodeProperties[] = [
	{
		...imageProperty('Product Image'),
		description:
			'The product photo (on a plain or transparent background): an input binary field, an expression giving a binary object, or a data URI',
	},
	...mainProperties('productScene'),
	outputProperty(),
	optionsProperty('productScene'),
];

export const description = operationFields('image', 'productScene', properties);

interface CreativeResponse {
	images: Array<{ image_b64: string; seed: number }>;
}

/** POST /creative-generator: one item per generated scene, with its seed. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body = readFields(this, itemIndex, 'productScene');
	await putImage(this, itemIndex, body, { b64: 'product_image_b64' }, 'Product Image');
	// Read before the (billed) request, so a bad field name fails the item first.
	const field = readOutputField(this, itemIndex);
	const response = await callUtility<CreativeResponse>(this, itemIndex, '/creative-generator', body);
	const parameters = requestEcho(body, ['product_image_b64']);
	return await Promise.all(
		(response.images ?? []).map(async (generated, imageIndex) => {
			const image = await toBinary(this, itemIndex, generated.image_b64, `scene-${generated.seed}`);
			return {
				json: { seed: generated.seed, imageIndex, fileName: image.fileName, mimeType: image.mimeType, parameters },
				binary: { [field]: image.binary },
			};
		}),
	);
}
