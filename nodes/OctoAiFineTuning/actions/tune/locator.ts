import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

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
		},
	],
};

export function readTuneId(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = String(ctx.getNodeParameter('tune', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!value) throw new NodeOperationError(ctx.getNode(), 'Tune: no tune given', { itemIndex });
	return value;
}
