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

const labelCache = new Map<string, Map<string, string>>();

/** The display name of a top-level parameter of an engine node, for error messages. */
export function parameterLabel(engine: EngineSpec, name: string): string {
	let labels = labelCache.get(engine.id);
	if (!labels) {
		labels = new Map(engineProperties(engine).map((property) => [property.name, property.displayName]));
		labelCache.set(engine.id, labels);
	}
	return labels.get(name) ?? name;
}
