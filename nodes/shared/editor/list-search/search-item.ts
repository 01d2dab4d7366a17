import type { INodeListSearchItems } from 'n8n-workflow';

/**
 * The one mapper from an API entry (asset or tune) to a picker row: its name with an optional note in
 * brackets, the id or the name as the value (whichever the field sends), and a description.
 */
export function searchItem(
	entry: { id: string; name: string },
	value: 'id' | 'name',
	note?: string,
	description?: string,
): INodeListSearchItems {
	return {
		name: note ? `${entry.name} (${note})` : entry.name,
		value: entry[value],
		description: description || undefined,
	};
}
