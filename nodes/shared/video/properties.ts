import type { INodeProperties } from 'n8n-workflow';

import { resolutionLabel } from '../editor/resolution';
import { runOptions } from '../editor/options';
import { optionsCollection } from '../editor/options-collection';
import { spendingProperties } from '../editor/spending';
import { outputProperties } from '../editor/output';
import { toolDescriptionProperty } from '../tool/tool-description';
import { fitOptions } from '../images/fitting/properties';
import { SVD_LABELS, SVD_NUMBER_FIELDS, SVD_RESOLUTIONS, SVD_WAIT_MODE, type VideoNumberField } from './fields';

/** Run options the video node shares with the engine nodes (how it runs, not what it asks for). */
const SHARED_RUN_OPTIONS = ['concurrency', 'maxRetries', 'timeout', 'maxInputImageMB', 'waitMode', 'pollInterval', 'maxWait'];

function numberProperty(field: VideoNumberField): INodeProperties {
	// A plain identifier: n8n's lint reads `default` statically.
	const apiDefault = field.default;
	return {
		displayName: field.label,
		name: field.name,
		type: 'number',
		typeOptions: {
			minValue: field.limit.minExclusive ? field.limit.min + 0.1 : field.limit.min,
			maxValue: field.limit.max,
			...(field.precision ? { numberPrecision: field.precision } : {}),
		},
		default: apiDefault,
		description: `${field.description} (API default ${field.default})`,
	};
}

/** Every field of the Stable Video Diffusion node, in the order the editor shows them. */
export function videoProperties(): INodeProperties[] {
	const shared = [...runOptions(SVD_WAIT_MODE).filter((o) => SHARED_RUN_OPTIONS.includes(o.name)), ...spendingProperties()];
	const seed: INodeProperties = {
			displayName: SVD_LABELS.seed,
			name: 'seed',
			type: 'string',
			default: '',
			placeholder: 'e.g. 42, or 1, 2, 3 for one per video',
			description: 'Seed for a reproducible video; a list gives each video its own. Empty: random.',
	};
	const drop: INodeProperties = {
			displayName: 'Drop Videos Removed for Safety',
			name: 'dropRemovedForSafety',
			type: 'boolean',
			default: false,
			description: 'Whether to leave out items for videos the safety filter removed, instead of an item with the flag',
	};
	const options = [...SVD_NUMBER_FIELDS.filter((f) => f.place === 'options').map(numberProperty), seed, drop, ...fitOptions('the resolution'), ...shared];
	return [
		toolDescriptionProperty(
			'Turn an image into a short video (a few seconds, no sound) with Stable Video Diffusion on OctoAI',
			'Give the image as a URL (for example a link from an OctoAI image tool answer); a seed may be asked for too.',
		),
		{
			displayName: SVD_LABELS.image,
			name: 'inputImage',
			type: 'string',
			default: 'data',
			required: true,
			description:
				'The starting picture: the name of a binary field of the input item, or an expression giving a binary object (e.g. {{ $binary.data }})',
		},
		{
			displayName: SVD_LABELS.resolution,
			name: 'resolution',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'From the Image', value: 'auto', description: "The supported size nearest the image's shape" },
				...SVD_RESOLUTIONS.map((r) => ({ name: resolutionLabel(r.split('x').map(Number) as [number, number]), value: r })),
			].sort((a, b) => a.name.localeCompare(b.name)),
			description: 'Video size in pixels (width x height)',
		},
		...SVD_NUMBER_FIELDS.filter((f) => f.place === 'top').map(numberProperty),
		...outputProperties().map((p) => ({ ...p, description: 'Name of the binary field for each generated video' })),
		optionsCollection(options),
	];
}

let byPath: Map<string, INodeProperties> | undefined;

/** A field of the video node by name (top level or in Options), for the item reader's labels and types. */
export function videoProperty(name: string, collection?: string): INodeProperties | undefined {
	if (!byPath) {
		byPath = new Map();
		for (const property of videoProperties()) {
			byPath.set(property.name, property);
			for (const child of (property.type === 'collection' ? property.options ?? [] : []) as INodeProperties[]) {
				byPath.set(`${property.name}.${child.name}`, child);
			}
		}
	}
	return byPath.get(collection ? `${collection}.${name}` : name);
}
