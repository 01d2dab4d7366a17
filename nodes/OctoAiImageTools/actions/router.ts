import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withCost } from '../../shared/run/generation-loop';
import { routeOperation, type ItemOperation } from '../../shared/run/operation-router';
import { estimateUtilityCost } from '../../shared/run/pricing';
import * as image from './image';

/**
 * Each operation's result items carry the cost estimate as the generation nodes' do: OctoAI
 * publishes no price for its utilities, so it is null with the reason, never a guess.
 */
function priced(execute: ItemOperation, what: string): ItemOperation {
	return async function (this: IExecuteFunctions, itemIndex: number) {
		return withCost(await execute.call(this, itemIndex), estimateUtilityCost(what), 'masks');
	};
}

const OPERATIONS = {
	fixFaces: priced(image.fixFaces.execute, 'fixing faces and hands (ADetailer)'),
	productScene: priced(image.productScene.execute, 'Product Scene (creative generator)'),
	removeBackground: priced(image.removeBackground.execute, 'background removal'),
	segment: priced(image.segment.execute, 'segmentation'),
	upscale: priced(image.upscale.execute, 'upscaling'),
};

/** Runs the chosen image operation once per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every operation is a billed request; its output items are what a stopped run would drop.
	const billed = Object.fromEntries(Object.keys(OPERATIONS).map((name) => [name, { unit: 'result' }]));
	return await routeOperation(this, OPERATIONS, billed);
}
