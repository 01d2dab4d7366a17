import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { formatResolution, type EngineSpec } from '../fields/engines';
import { fieldRow } from '../fields/registry';
import { resolutionLabel } from '../fields/display-names';

/** The engine's supported sizes as a dropdown, plus a custom width/height checked against the same table. */
export function resolutionProperties(engine: EngineSpec): INodeProperties[] {
	const options: INodePropertyOptions[] = engine.resolutions.map((size) => ({
		name: resolutionLabel(size),
		value: formatResolution(size),
	}));
	options.push({ name: 'Custom Size', value: 'custom', description: 'Type a width and height' });
	options.sort((a, b) => a.name.localeCompare(b.name));
	const custom = { show: { resolution: ['custom'] } };
	const side = (key: 'width' | 'height', size: number): INodeProperties => {
		const { label: displayName, param: name, description } = fieldRow(key);
		return { displayName, name, type: 'number', typeOptions: { minValue: 1 }, default: size, description, displayOptions: custom };
	};
	const [defaultWidth, defaultHeight] = engine.resolutions[0];
	return [
		{
			displayName: 'Resolution',
			name: 'resolution',
			type: 'options',
			default: formatResolution(engine.resolutions[0]),
			options,
			description: `Width × height of the generated images. ${engine.displayName} supports only these sizes.`,
		},
		side('width', defaultWidth),
		side('height', defaultHeight),
	];
}
