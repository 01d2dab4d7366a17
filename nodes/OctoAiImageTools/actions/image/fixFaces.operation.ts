import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_MAX_INPUT_IMAGE_MB } from '../../../shared/images/binary';
import { quote } from '../../../shared/messages/quote';
import { numberFromText, withinLimit } from '../../../shared/fields/registry/values';
import { fitOptions } from '../../../shared/images/fitting/properties';
import { mainProperties, optionsProperty, readFields } from './build';
import { DETAILER_SIZES } from './fields';
import { declaredImageSize } from '../../../shared/images/image-header';
import { imageProperty } from './image-field';
import { putImage, readInputImage, splitImageSources } from '../../../shared/images/image-source';
import { outputProperty, readOutputField, requestEcho, toBinary } from './output';
import { callUtility } from './request';
import { detailerShape } from './shapes';
import { ItemParameters, propertyLookup } from '../../../shared/fields/item-parameters';
import { operationFields } from '../../../shared/editor/operation';
import type { Resolution } from '../../../shared/fields/engines';
import { fitSingleImage, type Step } from '../../../shared/images/fitting/prepare';
import { readFitSettings } from '../../../shared/images/fitting/settings';

/** transfer_images: example faces per face index (0 = top-left face), each a list of binary sources. */
const transferImages: INodeProperties = {
	displayName: 'Face Transfer Images',
	name: 'transferImages',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	description: 'Replace a found face with the face in example images. Faces count from 0, top to bottom, left to right.',
	options: [
		{
			name: 'faces',
			displayName: 'Face',
			values: [
				{ displayName: 'Face Index', name: 'faceIndex', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Which found face to replace, from 0' },
				{ displayName: 'Example Images', name: 'images', type: 'string', default: '', description: 'Binary field names (comma-separated) or an expression giving binary objects' },
			],
		},
	],
};

const properties: INodeProperties[] = [
	imageProperty(),
	...mainProperties('fixFaces'),
	outputProperty(),
	optionsProperty('fixFaces', [transferImages, ...fitOptions("a size the base model takes (the nearest to the image's shape)")]),
];

export const description = operationFields('image', 'fixFaces', properties);
const fields = propertyLookup(properties);

interface DetailerResponse {
	image_b64: string | null;
	num_objects_detected: number;
	num_objects_inpainted: number;
	num_removed_for_safety: number;
	init_image_removed_for_safety: boolean;
}

async function readTransfer(ctx: IExecuteFunctions, params: ItemParameters): Promise<IDataObject | undefined> {
	const { itemIndex } = params;
	const faces = ((params.option('transferImages') as IDataObject | undefined)?.faces ?? []) as IDataObject[];
	if (faces.length === 0) return undefined;
	const out: IDataObject = {};
	for (const face of faces) {
		const index = numberFromText(face.faceIndex);
		if (!withinLimit(index, { min: 0, integer: true })) {
			throw new NodeOperationError(ctx.getNode(), `Face Index must be a whole number from 0 (item ${itemIndex}, got ${quote(face.faceIndex)})`, { itemIndex });
		}
		const sources = splitImageSources(face.images);
		if (sources.length === 0) {
			throw new NodeOperationError(ctx.getNode(), `Example Images of face ${index}: no image given (item ${itemIndex})`, { itemIndex });
		}
		out[String(index)] = await Promise.all(
			sources.map((source) => readInputImage(ctx, itemIndex, source, `Example Images of face ${index}`, { bytes: DEFAULT_MAX_INPUT_IMAGE_MB * 1024 * 1024 })),
		);
	}
	return out;
}

/** The image must have one of the base model's sizes; known from its header, so refused before a billed request. */
function checkSize(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject): void {
	if (typeof body.init_image !== 'string') return;
	const size = declaredImageSize(Buffer.from(body.init_image, 'base64'));
	const model = String(body.inpainting_base_model ?? 'sdxl');
	const sizes = DETAILER_SIZES[model] ?? [];
	if (!size || sizes.includes(`${size.width}x${size.height}`)) return;
	throw new NodeOperationError(ctx.getNode(), `Image: ${size.width}x${size.height} is not a size the ${model === 'sd15' ? 'SD 1.5' : 'SDXL'} base model takes (item ${itemIndex})`, {
		itemIndex,
		description: `Base Model ${model} takes ${sizes.join(', ')}. Resize the image first, set Fit Input Image (in Options), or pick the other base model.`,
	});
}

/** With Fit Input Image, the image (given as data, not a URL) fitted to the base model's size nearest its shape. */
function fitToBaseModel(ctx: IExecuteFunctions, params: ItemParameters, body: IDataObject): Step | undefined {
	const settings = readFitSettings(ctx, params);
	if (settings.fit === 'stretch' || typeof body.init_image !== 'string') return undefined;
	const sizes = (DETAILER_SIZES[String(body.inpainting_base_model ?? 'sdxl')] ?? []).map((size) => size.split('x').map(Number) as unknown as Resolution);
	const fitted = fitSingleImage(params, params.label('image'), Buffer.from(body.init_image, 'base64'), settings, undefined, sizes);
	if (!fitted) return undefined;
	body.init_image = fitted.base64;
	return fitted.step;
}

/** POST /adetailer: one item with the image whose found faces (or hands) were repainted, and the counts. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const params = new ItemParameters(this, fields, itemIndex);
	const body = readFields(params, 'fixFaces');
	await putImage(this, params, body, { b64: 'init_image', url: 'init_image_url' });
	const fitted = fitToBaseModel(this, params, body);
	checkSize(this, itemIndex, body);
	const transfer = await readTransfer(this, params);
	if (transfer) body.transfer_images = transfer;
	// Read before the (billed) request, so a bad field name fails the item first.
	const field = readOutputField(this, params);
	const response = await callUtility<DetailerResponse>(this, itemIndex, '/adetailer', body, detailerShape);
	const json: IDataObject = {
		num_objects_detected: response.num_objects_detected,
		num_objects_inpainted: response.num_objects_inpainted,
		num_removed_for_safety: response.num_removed_for_safety,
		init_image_removed_for_safety: response.init_image_removed_for_safety === true,
		parameters: requestEcho(body, ['init_image']),
	};
	if (fitted) json.inputImages = [fitted];
	// Only an input removed for safety comes back without an image (detailerShape).
	if (!response.image_b64) return [{ json }];
	const image = await toBinary(this, itemIndex, response.image_b64, 'detailed');
	return [{ json: { ...json, fileName: image.fileName, mimeType: image.mimeType }, binary: { [field]: image.binary } }];
}
