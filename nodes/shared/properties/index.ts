import type { INodeProperties } from 'n8n-workflow';

import type { EngineSpec } from '../engines';
import { assetProperties } from './assets';
import { controlNetProperties } from './controlnet';
import { generationProperties, optionsProperty } from './generation';
import { modeProperties } from './mode';
import { outputProperties } from './output';
import { promptProperties } from './prompt';
import { resolutionProperties } from './resolution';

/** Every field of an engine node, in the order the editor shows them. */
export function engineProperties(engine: EngineSpec): INodeProperties[] {
	return [
		...promptProperties(),
		...modeProperties(),
		...controlNetProperties(engine),
		...resolutionProperties(engine),
		...generationProperties(),
		...assetProperties(engine),
		...outputProperties(),
		optionsProperty(engine),
	];
}

const propertyCache = new Map<string, Map<string, INodeProperties>>();

/**
 * A parameter of an engine node by name: top level, or inside a collection (e.g. `options`).
 * Errors use its display name; the item reader uses its type.
 */
export function parameterProperty(engine: EngineSpec, name: string, collection?: string): INodeProperties | undefined {
	let byPath = propertyCache.get(engine.id);
	if (!byPath) {
		byPath = new Map();
		for (const property of engineProperties(engine)) {
			byPath.set(property.name, property);
			if (property.type === 'collection') {
				for (const child of (property.options ?? []) as INodeProperties[]) {
					byPath.set(`${property.name}.${child.name}`, child);
				}
			}
		}
		propertyCache.set(engine.id, byPath);
	}
	return byPath.get(collection ? `${collection}.${name}` : name);
}

/** The display name of a parameter of an engine node, for error messages. */
export function parameterLabel(engine: EngineSpec, name: string): string {
	return parameterProperty(engine, name)?.displayName ?? name;
}
