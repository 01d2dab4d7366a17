import type { INodeProperties } from 'n8n-workflow';

import * as fixFaces from './fixFaces.operation';
import * as productScene from './productScene.operation';
import * as removeBackground from './removeBackground.operation';
import * as segment from './segment.operation';
import * as upscale from './upscale.operation';

export { fixFaces, productScene, removeBackground, segment, upscale };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{ name: 'Fix Faces and Hands', value: 'fixFaces', action: 'Fix faces and hands in an image', description: 'Find faces or hands and repaint them (ADetailer)' },
			{ name: 'Product Scene', value: 'productScene', action: 'Place a product in a generated scene', description: 'Put a product photo into a scene made from a prompt' },
			{ name: 'Remove Background', value: 'removeBackground', action: 'Remove the background of an image', description: 'Cut out the subject as a transparent PNG, or get its mask' },
			{ name: 'Segment', value: 'segment', action: 'Make masks from a prompt box or points', description: 'Masks for what a prompt, a box or points select, ready for inpainting' },
			{ name: 'Upscale', value: 'upscale', action: 'Upscale an image', description: 'Enlarge an image with Real-ESRGAN' },
		],
		default: 'upscale',
	},
	...upscale.description,
	...removeBackground.description,
	...fixFaces.description,
	...segment.description,
	...productScene.description,
];
