import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation } from '../../shared/operation-router';
import * as image from './image';

const OPERATIONS = {
	fixFaces: image.fixFaces.execute,
	productScene: image.productScene.execute,
	removeBackground: image.removeBackground.execute,
	segment: image.segment.execute,
	upscale: image.upscale.execute,
};

/** Runs the chosen image operation once per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeOperation(this, OPERATIONS);
}
