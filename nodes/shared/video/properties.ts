import type { INodeProperties } from 'n8n-workflow';

import { propertyLookup, type PropertyLookup } from '../fields/item-parameters';
import { runOptions } from '../editor/options';
import { optionsCollection } from '../editor/options-collection';
import { rowProperty } from '../editor/row-property';
import { spendingProperties } from '../editor/spending';
import { outputProperties } from '../editor/output';
import { toolDescriptionProperty } from '../tool/tool-description';
import { fitOptions } from '../images/fitting/properties';
import { SVD_FIELDS, SVD_WAIT_MODE } from './fields';

/** Run options the video node shares with the engine nodes (how it runs, not what it asks for). */
const SHARED_RUN_OPTIONS = ['concurrency', 'maxRetries', 'timeout', 'maxInputImageMB', 'waitMode', 'pollInterval', 'maxWait'];

/** Every field of the Stable Video Diffusion node, in the order the editor shows them. */
export function videoProperties(): INodeProperties[] {
	const shared = [...runOptions(SVD_WAIT_MODE).filter((o) => SHARED_RUN_OPTIONS.includes(o.name)), ...spendingProperties()];
	const drop: INodeProperties = {
		displayName: 'Drop Videos Removed for Safety',
		name: 'dropRemovedForSafety',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out items for videos the safety filter removed, instead of an item with the flag',
	};
	const rowsAt = (place: 'main' | 'options') => SVD_FIELDS.filter((row) => row.place === place).map(rowProperty);
	return [
		toolDescriptionProperty(
			'Turn an image into a short video (a few seconds, no sound) with Stable Video Diffusion on OctoAI',
			'Give the image as a URL (for example a link from an OctoAI image tool answer); a seed may be asked for too.',
		),
		...rowsAt('main'),
		...outputProperties().map((p) => ({ ...p, description: 'Name of the binary field for each generated video' })),
		optionsCollection([...rowsAt('options'), drop, ...fitOptions('the resolution'), ...shared]),
	];
}

let lookup: PropertyLookup | undefined;

/** A field of the video node by name (top level or in Options), for the item reader's labels and types. */
export function videoProperty(name: string, collection?: string): INodeProperties | undefined {
	lookup ??= propertyLookup(videoProperties());
	return lookup(name, collection);
}
