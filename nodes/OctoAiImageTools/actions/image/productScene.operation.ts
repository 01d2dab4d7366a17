import { type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { mainProperties, optionsProperty, readFields } from './build';
import { imageProperty } from './image-field';
import { putImage } from '../../../shared/images/image-source';
import { outputProperty, readOutputField, requestEcho, toBinary } from './output';
import { callUtility } from './request';
import { sceneShape } from './shapes';
import { ItemParameters, propertyLookup } from '../../../shared/fields/item-parameters';
import { operationFields } from '../../../shared/editor/operation';
import { warnResultCount } from '../../../shared/messages/result-count';

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
const fields = propertyLookup(properties);

interface CreativeResponse {
	images: Array<{ image_b64?: string | null; seed?: number; removed_for_safety?: boolean }>;
}

/** POST /creative-generator: one item per generated scene, with its seed. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const params = new ItemParameters(this, fields, itemIndex);
	const body = readFields(params, 'productScene');
	await putImage(this, params, body, { b64: 'product_image_b64' });
	// Read before the (billed) request, so a bad field name fails the item first.
	const field = readOutputField(this, params);
	const response = await callUtility<CreativeResponse>(this, itemIndex, '/creative-generator', body, sceneShape);
	warnResultCount(this, itemIndex, 'scene', (body.num_images as number | undefined) ?? 1, response.images.length);
	const parameters = requestEcho(body, ['product_image_b64']);
	return await Promise.all(
		response.images.map(async (generated, imageIndex) => {
			const json = { seed: generated.seed ?? null, imageIndex, removed_for_safety: generated.removed_for_safety === true, parameters };
			// Only a scene removed for safety comes back without an image (sceneShape).
			if (!generated.image_b64) return { json };
			const image = await toBinary(this, itemIndex, generated.image_b64, `scene-${generated.seed ?? imageIndex}`);
			return { json: { ...json, fileName: image.fileName, mimeType: image.mimeType }, binary: { [field]: image.binary } };
		}),
	);
}
