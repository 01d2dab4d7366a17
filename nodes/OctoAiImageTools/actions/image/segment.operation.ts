import {
	NodeOperationError,
	type IBinaryKeyData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { mainProperties, optionsProperty, readFields } from './build';
import { imageProperty } from './image-field';
import { putImage } from '../../../shared/images/image-source';
import { outputProperty, readOutputField, requestEcho, toBinary } from './output';
import { callUtility } from './request';
import { segmentShape } from './shapes';
import { ItemParameters, propertyLookup } from '../../../shared/fields/item-parameters';
import { operationFields } from '../../../shared/editor/operation';
import { warnResultCount } from '../../../shared/messages/result-count';
import { quote } from '../../../shared/messages/quote';

/** Which rows of the operation apply; checked with them in readFields. */
const selectBy: INodeProperties = {
	displayName: 'Select By',
	name: 'selectBy',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Prompt', value: 'prompt', description: 'Describe what to mask, e.g. "sky"' },
		{ name: 'Box', value: 'box', description: 'Mask the object inside a box' },
		{ name: 'Points', value: 'points', description: 'Mask the object under points (and not under others)' },
	],
	default: 'prompt',
	description: 'The service takes one way of choosing what to mask',
};

const properties: INodeProperties[] = [
	imageProperty(),
	selectBy,
	...mainProperties('segment'),
	{
		...outputProperty('Put Mask in Field', 'mask'),
		description:
			'Binary field for the best mask (white = selected), ready for an engine node\'s Mask Image; further masks go to the same name with _1, _2, …; the input image stays on the item',
	},
	optionsProperty('segment'),
];

export const description = operationFields('image', 'segment', properties);
const fields = propertyLookup(properties);

type Box = [[number, number], [number, number]];
interface SegmentResponse {
	bounds: Array<{ phrase: string; box: Box; score: number }>;
	/** `bound_index` as answered: a number or null by the contract, anything from a wrong server. */
	masks: Array<{ mask_b64: string; bounding_box: Box; bound_index: unknown; score: number }>;
	removed_for_safety: boolean;
}

/**
 * POST /segment: one item that keeps its input binaries and gains the masks (best first), with the
 * found objects' boxes and scores in JSON.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const params = new ItemParameters(this, fields, itemIndex);
	const body = readFields(params, 'segment', [selectBy]);
	const box = body.bounding_box as Box | undefined;
	if (box && (box[1][0] <= box[0][0] || box[1][1] <= box[0][1])) {
		throw new NodeOperationError(this.getNode(), `Box: right and bottom must be greater than left and top (item ${itemIndex}, got ${box.flat().join(', ')})`, {
			itemIndex,
		});
	}
	await putImage(this, params, body, { b64: 'image_b64', url: 'image_url', b64Required: true });
	// Read before the (billed) request, so a bad field name fails the item first.
	const field = readOutputField(this, params, 'mask');
	const response = await callUtility<SegmentResponse>(this, itemIndex, '/segment', body, segmentShape(body.prompt !== undefined));
	// Max Masks caps the masks per request, or per found object with a prompt; more than that are kept but named.
	const maxMasks = Number(body.max_num_masks ?? 0);
	if (maxMasks > 0) {
		const cap = body.prompt === undefined ? maxMasks : maxMasks * Math.max(1, response.bounds?.length ?? 0);
		if (response.masks.length > cap) warnResultCount(this, itemIndex, 'mask', cap, response.masks.length);
	}
	warnUnfoundObjects(this, itemIndex, response);
	const binary: IBinaryKeyData = { ...(this.getInputData()[itemIndex]?.binary ?? {}) };
	const masks: IDataObject[] = [];
	for (const [n, mask] of response.masks.entries()) {
		const name = n === 0 ? field : `${field}_${n}`;
		const image = await toBinary(this, itemIndex, mask.mask_b64, n === 0 ? 'mask' : `mask_${n}`);
		binary[name] = image.binary;
		masks.push({ binaryField: name, bounding_box: mask.bounding_box, bound_index: mask.bound_index as IDataObject[string], score: mask.score });
	}
	const json: IDataObject = {
		maskCount: masks.length,
		masks,
		bounds: response.bounds ?? [],
		removed_for_safety: response.removed_for_safety === true,
		parameters: requestEcho(body, ['image_b64']),
	};
	return [{ json, binary: Object.keys(binary).length > 0 ? binary : undefined }];
}

/**
 * Masks whose `bound_index` names no found object (beyond `bounds`, negative, fractional, or not a
 * number at all, such as "0") are still masks OctoAI made and billed: they are output as answered,
 * and a warning names the index, so a workflow reading `bounds[bound_index]` knows why it finds
 * nothing there. Null (no object: a box or points) is as the contract has it.
 */
function warnUnfoundObjects(ctx: IExecuteFunctions, itemIndex: number, response: SegmentResponse): void {
	const found = response.bounds?.length ?? 0;
	const unfound = response.masks.flatMap((mask, n) => {
		const index = mask.bound_index;
		const names = index === null || index === undefined || (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < found);
		return names ? [] : [`mask ${n} has bound_index ${quote(index, 20)}`];
	});
	if (unfound.length === 0) return;
	const shown = unfound.length > 3 ? `${unfound.slice(0, 3).join(', ')} and ${unfound.length - 3} more` : unfound.join(', ');
	ctx.addExecutionHints({
		message: `Item ${itemIndex}: OctoAI answered with masks for objects it did not find (${shown}, but ${found} object${found === 1 ? ' was' : 's were'} found); the masks are output as answered.`,
		type: 'warning',
		location: 'outputPane',
	});
}
