import type { INodePropertyOptions } from 'n8n-workflow';

import type { Resolution } from './engines';
import { apiOption, resolutionLabel } from './display-names';
import type { FieldValue } from './registry';

/** A dropdown's options, sorted by name as n8n's lint asks: API ids with readable names, or sizes as "Landscape 1024 × 576 (16:9)". */
export function rowOptions(value: FieldValue): INodePropertyOptions[] {
	let options: INodePropertyOptions[] = [];
	if (value.type === 'size') {
		const auto = value.auto ? [{ name: value.auto.name, value: 'auto', description: value.auto.description }] : [];
		options = [...auto, ...value.sizes.map((size) => ({ name: resolutionLabel(size.split('x').map(Number) as unknown as Resolution), value: size }))];
	} else if (value.type === 'enum') {
		const names = value.names;
		options = value.values.map((v) => (names?.[v] ? { name: names[v], value: v } : apiOption(v, value.notes?.[v])));
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

/** The values a dropdown row allows, as sent ('auto' first for a size table that has it). */
export function allowedValues(value: FieldValue): string[] {
	if (value.type === 'size') return [...(value.auto ? ['auto'] : []), ...value.sizes];
	return value.type === 'enum' ? [...value.values] : [];
}

