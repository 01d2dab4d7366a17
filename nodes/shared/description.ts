import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import type { EngineSpec } from './engines';
import { engineProperties } from './properties';
import { CREDENTIAL_TYPE } from './transport';

/** The node description of an engine node, generated from its row of the engine table. */
export function engineNodeDescription(engine: EngineSpec): INodeTypeDescription {
	return {
		displayName: engine.displayName,
		name: engine.nodeName,
		icon: { light: 'file:../../icons/octoai.svg', dark: 'file:../../icons/octoai.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"textToImage":"Text to Image","imageToImage":"Image to Image","inpainting":"Inpainting","outpainting":"Outpainting","photoMerge":"Photo Merge"}[$parameter["mode"]] }}',
		description: engine.description,
		defaults: { name: engine.displayName },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: engineProperties(engine),
	};
}
