import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { cutOffError, EXTENSIONS, incompleteImage, refuseOversizedImage, sniffImageMime } from '../../../shared/images/binary';
import { describeSource, readBinaryFile, splitImageSources } from '../../../shared/images/image-source';
import { declaredImageSize } from '../../../shared/images/image-header';
import { textValue } from '../../../shared/fields/text-parameter';

export const BINARY_FIELDS_LABEL = 'Input Binary Fields';

export interface TrainingImage {
	itemIndex: number;
	bytes: Buffer;
	mimeType: 'image/png' | 'image/jpeg';
	/** The `file` asset format the API's FileExtension enum knows for it. */
	fileFormat: string;
	caption?: string;
}

/**
 * Reads every input item's named binary fields as training images, all before anything is uploaded,
 * so a missing field or a non-image in the last item fails the run before it creates any asset.
 * PNG and JPEG only: those are the image kinds the API's `file` assets declare.
 */
export async function readTrainingImages(ctx: IExecuteFunctions): Promise<TrainingImage[]> {
	const images: TrainingImage[] = [];
	const count = ctx.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const caption = textValue(ctx, itemIndex, options.caption, 'Caption') || undefined;
		const sources = splitImageSources(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'));
		if (sources.length === 0) {
			throw new NodeOperationError(ctx.getNode(), `${BINARY_FIELDS_LABEL}: no binary field given`, { itemIndex });
		}
		for (const source of sources) {
			const file = await readBinaryFile(ctx, itemIndex, source, BINARY_FIELDS_LABEL);
			const mimeType = sniffImageMime(file.bytes);
			if (mimeType !== 'image/png' && mimeType !== 'image/jpeg') {
				const what = describeSource(source);
				throw new NodeOperationError(
					ctx.getNode(),
					`${BINARY_FIELDS_LABEL}: ${what} of item ${itemIndex} is not a PNG or JPEG image`,
					{ itemIndex, description: 'Convert the image first, e.g. with the Edit Image node.' },
				);
			}
			const what = `${BINARY_FIELDS_LABEL}: ${describeSource(source)} of item ${itemIndex}`;
			refuseOversizedImage(ctx, itemIndex, what, declaredImageSize(file.bytes));
			const cut = incompleteImage(file.bytes);
			if (cut) throw cutOffError(ctx, itemIndex, what, cut);
			images.push({ itemIndex, bytes: file.bytes, mimeType, fileFormat: EXTENSIONS[mimeType], caption });
		}
	}
	if (images.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No training images: the node received no input items', {
			itemIndex: 0,
		});
	}
	return images;
}
