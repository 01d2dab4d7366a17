import type { INodeProperties } from 'n8n-workflow';

import type { EngineSpec } from '../fields/engines';
import { propertyLookup, type PropertyLookup } from '../fields/item-parameters';
import { FIELDS } from '../fields/registry';
import type { Place } from '../fields/registry/types';
import { fieldProperties } from './engine-fields';
import { modeProperty } from './mode';
import { optionsProperty } from './options';
import { outputProperties } from './output';
import { pictureInputProperties } from '../images/fitting/properties';
import { resolutionProperties } from './resolution';
import { ENGINE_TOOL_INPUTS, toolDescriptionProperty } from '../tool/tool-description';

function group(engine: EngineSpec, place: Place): INodeProperties[] {
	return FIELDS.filter((row) => row.place === place).flatMap((row) => fieldProperties(engine, row));
}

/**
 * A row may be hidden by a field only some engines have (the mask by the outpainting Canvas): on an
 * engine without that field the rule never applies, and n8n 1.x cannot run a node whose parameter
 * hides by a sibling it does not have ("Could not resolve parameter dependencies"), so it is left out.
 */
function withoutAbsentHideKeys(properties: INodeProperties[]): INodeProperties[] {
	const names = new Set(properties.map((property) => property.name));
	return properties.map((property) => {
		const hide = property.displayOptions?.hide;
		if (!hide || Object.keys(hide).every((key) => names.has(key) || /^[@/]/.test(key))) return property;
		const kept = Object.fromEntries(Object.entries(hide).filter(([key]) => names.has(key) || /^[@/]/.test(key)));
		const displayOptions = { ...property.displayOptions };
		if (Object.keys(kept).length > 0) displayOptions.hide = kept;
		else delete displayOptions.hide;
		return { ...property, displayOptions };
	});
}

/** Every field of an engine node, in the order the editor shows them, generated from the registry. */
export function engineProperties(engine: EngineSpec): INodeProperties[] {
	return withoutAbsentHideKeys([
		toolDescriptionProperty(engine.description, ENGINE_TOOL_INPUTS),
		...group(engine, 'prompt'),
		modeProperty(engine),
		...group(engine, 'input'),
		...pictureInputProperties(engine),
		...group(engine, 'controlnet'),
		...resolutionProperties(engine),
		...group(engine, 'generation'),
		...group(engine, 'assets'),
		...outputProperties(),
		optionsProperty(engine),
	]);
}

const lookups = new Map<string, PropertyLookup>();

/**
 * A parameter of an engine node by name: top level, or inside a collection (e.g. `options`).
 * Errors use its display name; the item reader uses its type.
 */
export function parameterProperty(engine: EngineSpec, name: string, collection?: string): INodeProperties | undefined {
	let lookup = lookups.get(engine.id);
	if (!lookup) lookups.set(engine.id, (lookup = propertyLookup(engineProperties(engine))));
	return lookup(name, collection);
}

/** The lookup an engine node's item reader names its fields with (fields/item-parameters.ts). */
export function engineFieldLookup(engine: EngineSpec): PropertyLookup {
	return (name, collection) => parameterProperty(engine, name, collection);
}
