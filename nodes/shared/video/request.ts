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
import { parseSeed } from '../generation/request';
import { describeLimit, withinLimit } from '../fields/registry/values';
import { RUN_OPTION_LIMITS } from '../fields/run-options';
import { readRetryPolicy, readWaitSettings } from '../generation/run-settings';
import type { RetryPolicy } from '../http/retry-policy';
import { SVD_LABELS, SVD_NUMBER_FIELDS, SVD_RESOLUTIONS, SVD_WAIT_MODE, type VideoRequestBody } from './fields';
import { videoProperty } from './properties';

export interface VideoItemRequest {
	body: VideoRequestBody;
	policy: RetryPolicy;
	/** `inputImages`: what Fit Input Image did, for the output; undefined when nothing. */
	output: { field: string; dropRemovedForSafety: boolean; inputImages?: IDataObject[] };
	wait: WaitSettings;
}

const SVD_SIZES = SVD_RESOLUTIONS.map((size) => size.split('x').map(Number) as unknown as Resolution);

const SEED_LIMIT = { min: 0, minExclusive: true, max: 2 ** 32, maxExclusive: true, integer: true };

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
	const image = await readSizedInputImage(ctx, itemIndex, params.get('inputImage'), SVD_LABELS.image, {
		bytes: maxMb * 1024 * 1024,
		raisedBy: params.labelIfPresent('maxInputImageMB', 'options'),
	});
	const body: VideoRequestBody = { image: image.base64 };

	const resolution = params.get('resolution', 'auto');
	if (resolution !== 'auto') {
		if (!(SVD_RESOLUTIONS as readonly unknown[]).includes(resolution)) {
			throw params.fail(`${SVD_LABELS.resolution} (${quote(resolution)}) is not one of auto, ${SVD_RESOLUTIONS.join(', ')}`);
		}
		[body.width, body.height] = (resolution as string).split('x').map(Number);
	}
	// Fitted to the chosen size, or with "From the Image" to the supported size nearest the image's shape.
	const target = body.width && body.height ? { width: body.width, height: body.height } : undefined;
	const fitted = fitSingleImage(params, SVD_LABELS.image, image.bytes, fitting, target, SVD_SIZES);
	if (fitted) [body.image, body.width, body.height] = [fitted.base64, fitted.size.width, fitted.size.height];

	for (const field of SVD_NUMBER_FIELDS) {
		const value = field.place === 'top' ? params.get(field.name, field.default) : params.option(field.name);
		if (value === undefined) continue;
		if (!withinLimit(value, field.limit)) {
			throw params.fail(`${field.label} (${quote(value)}) must be ${describeLimit(field.limit)}`);
		}
		body[field.wire] = value;
	}

	const seed = parseSeed(params, params.option('seed'), SVD_LABELS.seed);
	if (seed !== undefined) {
		const seeds = Array.isArray(seed) ? seed : [seed];
		const bad = seeds.find((s) => !withinLimit(s, SEED_LIMIT));
		if (bad !== undefined) throw params.fail(`${SVD_LABELS.seed} (${bad}) must be ${describeLimit(SEED_LIMIT)}`);
		const count = body.num_videos ?? 1;
		if (Array.isArray(seed) && seed.length !== count) {
			throw params.fail(`${SVD_LABELS.seed} lists ${seed.length} seeds for ${count} videos`, 'Give one seed per video, or a single seed.');
		}
		body.seed = seed;
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
