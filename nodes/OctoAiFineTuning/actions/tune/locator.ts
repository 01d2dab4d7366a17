import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { modeValidation, readReference } from '../../../shared/fields/asset-references';
import type { Reference } from '../../../shared/editor/operation';

/** The tune to act on: picked from the user's tunes, or given by ID. */
export const tuneLocator: INodeProperties = {
	displayName: 'Tune',
	name: 'tune',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTunes', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. tune_01abc…',
			validation: modeValidation('tuneId'),
		},
	],
};

export function readTuneId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readReference(ctx, itemIndex, 'tune', 'Tune', { id: ['tuneId'], list: ['tuneId'] });
}

/** The tune locator and its reader, for the operations on one tune. */
export const tuneReference: Reference = { locator: tuneLocator, read: readTuneId };
