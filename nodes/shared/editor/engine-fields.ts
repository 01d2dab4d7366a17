import type { INodeProperties } from 'n8n-workflow';

import type { EngineSpec } from '../fields/engines';
import { engineModes, fieldModes, type FieldRow } from '../fields/registry';
import { apiOptions } from '../fields/display-names';
import { IMAGE_INPUT_HINT } from '../images/image-source';
import { assetLocator, searchMethodName } from './assets';
import { rowProperty } from './row-property';

/** A list of name → value rows (LoRAs with weights, textual inversions with trigger words). */
function pairsProperty(row: FieldRow): INodeProperties {
	const entry = row.entry!;
	return {
		displayName: row.label,
		name: row.param,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${entry.label}`,
		default: {},
		description: row.description,
		options: [
			{
				name: 'entries',
				displayName: entry.label,
				values: [
					assetLocator(entry.label, 'name', searchMethodName(row.asset!), row.placeholder ?? ''),
					entry.valueField,
				],
			},
		],
	};
}

/** Photo merge: trigger words, each with the binary fields holding photos of its subject. */
function photosProperty(row: FieldRow): INodeProperties {
	return {
		displayName: row.label,
		name: row.param,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Trigger Word',
		default: {},
		description: row.description,
		options: [
			{
				name: 'entries',
				displayName: 'Trigger Word',
				values: [
					{
						displayName: 'Trigger Word',
						name: 'triggerWord',
						type: 'string',
						default: '',
						placeholder: 'e.g. sks person',
						description: 'The word the prompt uses for this subject',
					},
					{
						displayName: 'Input Binary Fields',
						name: 'binaryFields',
						type: 'string',
						default: 'data',
						description:
							'Photos of the subject, separated by commas: binary field names, http(s) URLs or data URIs; or an expression resolving to binary objects',
						hint: IMAGE_INPUT_HINT,
					},
				],
			},
		],
	};
}

/** The public ControlNets of the engine as a dropdown, or a typed name. */
function controlNetProperties(engine: EngineSpec, row: FieldRow): INodeProperties[] {
	const publicNets = engine.controlNets ?? [];
	const firstNet = publicNets[0] ?? 'custom';
	return [
		{
			displayName: row.label,
			name: row.param,
			type: 'options',
			default: firstNet,
			options: [
				...apiOptions(publicNets),
				{ name: 'Other (Type a Name)', value: 'custom', description: 'A ControlNet from your asset library' },
			],
			description: row.description,
		},
		{
			displayName: `${row.label} Name`,
			name: `${row.param}Name`,
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. my-controlnet',
			displayOptions: { show: { [row.param]: ['custom'] } },
		},
	];
}

/**
 * The editor fields of one registry row on one engine: none where the engine does not take it,
 * shown only in the modes that send it. `modePath` is how the fields refer to the mode selector
 * (`/mode` from inside the Options collection).
 */
export function fieldProperties(engine: EngineSpec, row: FieldRow, modePath = 'mode'): INodeProperties[] {
	const modes = fieldModes(engine, row);
	if (modes.length === 0 || row.read === 'mode' || row.read === 'size') return [];
	let properties: INodeProperties[];
	if (row.read === 'controlnet') properties = controlNetProperties(engine, row);
	else if (row.read === 'pairs') properties = [pairsProperty(row)];
	else if (row.read === 'photos') properties = [photosProperty(row)];
	else if (row.read === 'asset') {
		properties = [assetLocator(row.label, row.param, searchMethodName(row.asset!), row.placeholder ?? '', row.description)];
	} else properties = [rowProperty(row)];
	const [first] = properties;
	if (modes.length < engineModes(engine).length) first.displayOptions = { show: { [modePath]: [...modes] } };
	if (row.hiddenBy) first.displayOptions = { ...first.displayOptions, hide: Object.fromEntries(Object.entries(row.hiddenBy).map(([name, values]) => [name, [...values]])) };
	return properties;
}
