import type { INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { MAX_PAGES, PAGE_SIZE } from '../../platform/pages';
import type { Page } from '../../platform/types';

/** The editor's page token: the next offset and the first id of the page just shown. */
function readToken(token: string | undefined): { offset: number; previousFirst?: string } {
	const match = /^(\d+)(?:\/(.*))?$/.exec(token ?? '');
	return match ? { offset: Number(match[1]), previousFirst: match[2] } : { offset: 0 };
}

/**
 * One page of a picker: the API's name filters match whole names only, so the typed text is matched
 * as a case-insensitive substring here. The editor keeps asking while a token comes back, so there is
 * none after an empty page, a page that starts with the same entry as the one before (a server
 * repeating itself), or MAX_PAGES pages.
 */
export async function pickerPage<T extends { id: string }>(
	fetchPage: (offset: number) => Promise<Page<T>>,
	toItem: (entry: T) => INodeListSearchItems,
	filter: string | undefined,
	paginationToken: string | undefined,
	keep: (entry: T) => boolean = () => true,
): Promise<INodeListSearchResult> {
	const { offset, previousFirst } = readToken(paginationToken);
	const page = await fetchPage(offset);
	const first = page.data[0]?.id;
	if (previousFirst !== undefined && first === previousFirst) return { results: [] };
	const needle = (filter ?? '').trim().toLowerCase();
	const results = page.data
		.filter(keep)
		.map(toItem)
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	const next = offset + page.data.length;
	const more = page.has_more && page.data.length > 0 && next < MAX_PAGES * PAGE_SIZE;
	return { results, paginationToken: more ? `${next}/${first}` : undefined };
}
