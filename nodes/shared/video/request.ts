import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { WaitSettings } from '../generation/async-inference';
import { DEFAULT_MAX_INPUT_IMAGE_MB } from '../images/binary';
import { readSizedInputImage } from '../images/image-source';
import type { Resolution } from '../fields/engines';
import { fitSingleImage } from '../images/fitting/prepare';
import { readFitSettings } from '../images/fitting/settings';
import { ItemParameters } from '../fields/item-parameters';
import { outputFieldName } from '../fields/output-field';
import { quote } from '../messages/quote';
import type { FieldRow } from '../fields/registry';
import { describeLimit } from '../fields/registry/values';
import { allowedValues } from '../fields/row-options';
import { readRows, rowFailure } from '../fields/row-value';
import { RUN_OPTION_LIMITS } from '../fields/run-options';
import { readRetryPolicy, readWaitSettings } from '../generation/run-settings';
import type { RetryPolicy } from '../http/retry-policy';
import { SVD_FIELDS, SVD_RESOLUTIONS, SVD_WAIT_MODE, svdField, type VideoRequestBody } from './fields';
import { videoProperty } from './properties';

export interface VideoItemRequest {
	body: VideoRequestBody;
	policy: RetryPolicy;
	/** `inputImages`: what Fit Input Image did, for the output; undefined when nothing. */
	output: { field: string; dropRemovedForSafety: boolean; inputImages?: IDataObject[] };
	wait: WaitSettings;
}

const SVD_SIZES = SVD_RESOLUTIONS.map((size) => size.split('x').map(Number) as unknown as Resolution);

const IMAGE = svdField('inputImage');
const RESOLUTION = svdField('resolution');
const SEED = svdField('seed');
/** The rows read by their value's kind (seeds too); the image and the size table are read with the fitting. */
const PLAIN_ROWS = SVD_FIELDS.filter((row) => row !== IMAGE && row !== RESOLUTION);

/**
 * Reads one item into a validated VideoGenerationRequest body. Every rule the API states is checked
 * here, so a bad item fails naming the field, the value and the item before anything is sent.
 */
export async function buildVideoRequest(ctx: IExecuteFunctions, itemIndex: number): Promise<VideoItemRequest> {
	const params = new ItemParameters(ctx, videoProperty, itemIndex);
	const maxMb = params.boundedOption('maxInputImageMB', RUN_OPTION_LIMITS.maxInputImageMB, DEFAULT_MAX_INPUT_IMAGE_MB);
	// Run options first: a bad Wait Mode or Max Wait fails before the image is read.
	const wait = readWaitSettings(params, SVD_WAIT_MODE);
	const policy = readRetryPolicy(params);
	const fitting = readFitSettings(ctx, params);
	const image = await readSizedInputImage(ctx, itemIndex, params.get(IMAGE.param), IMAGE.label, {
		bytes: maxMb * 1024 * 1024,
		raisedBy: params.labelIfPresent('maxInputImageMB', 'options'),
	});
	const body: VideoRequestBody = { image: image.base64 };

	const resolution = params.get(RESOLUTION.param, RESOLUTION.default);
	if (!allowedValues(RESOLUTION.value).includes(resolution as string)) {
		throw rowFailure(params, RESOLUTION.label)(`(${quote(resolution)}) is not one of ${allowedValues(RESOLUTION.value).join(', ')}`);
	}
	if (resolution !== 'auto') [body.width, body.height] = (resolution as string).split('x').map(Number);
	// Fitted to the chosen size, or with "From the Image" to the supported size nearest the image's shape.
	const target = body.width && body.height ? { width: body.width, height: body.height } : undefined;
	const fitted = fitSingleImage(params, IMAGE.label, image.bytes, fitting, target, SVD_SIZES);
	if (fitted) [body.image, body.width, body.height] = [fitted.base64, fitted.size.width, fitted.size.height];

	// A number set empty in the workflow JSON is refused too: the node sends every number it shows.
	const refuseEmpty = (row: FieldRow) => (row.value.type === 'number' && row.value.limit ? `must be ${describeLimit(row.value.limit)}` : undefined);
	Object.assign(body, readRows(params, PLAIN_ROWS, { refuseEmpty }));
	const count = body.num_videos ?? 1;
	if (Array.isArray(body.seed) && body.seed.length !== count) {
		throw rowFailure(params, SEED.label)(`lists ${body.seed.length} seeds for ${count} videos`, 'Give one seed per video, or a single seed.');
	}

	return {
		body,
		policy,
		wait,
		output: {
			field: outputFieldName(ctx, itemIndex, params.get('outputField', 'data'), params.label('outputField'), 'data'),
			dropRemovedForSafety: params.booleanOption('dropRemovedForSafety', false),
			inputImages: fitted ? [fitted.step] : undefined,
		},
	};
}
