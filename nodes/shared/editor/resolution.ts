import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { formatResolution, type EngineSpec, type Resolution } from '../fields/engines';
import { fieldRow } from '../fields/registry';

function gcd(a: number, b: number): number {
	return b === 0 ? a : gcd(b, a % b);
}

/**
 * Dropdown label such as "Landscape 1152 × 896 (9:7)". The orientation comes first so that the
 * alphabetical order n8n's lint asks for groups the sizes usefully.
 */
export function resolutionLabel([width, height]: Resolution): string {
	const d = gcd(width, height);
	const shape = width === height ? 'Square' : width > height ? 'Landscape' : 'Portrait';
	return `${shape} ${width} × ${height} (${width / d}:${height / d})`;
}

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
