import { NodeApiError } from 'n8n-workflow';

import type { RequestContext } from '../http/api-request';
import type { Page } from './types';

/** Items asked per request when walking a list; the API's own default page size. */
export const PAGE_SIZE = 100;

/** Most pages one walk requests (100,000 entries), whatever the server says about more. */
export const MAX_PAGES = 1_000;

/** Why a walk stopped early; the caller turns it into an error naming the list. */
export class NoProgressError extends Error {}

/** The identity of a list entry, for spotting a server that answers the same page again. */
function entryKey(entry: unknown): string | undefined {
	const id = (entry as { id?: unknown } | null)?.id;
	return typeof id === 'string' ? id : undefined;
}

/**
 * Walks a `limit`/`offset` list from the start until the API says `has_more: false` or `max` items are
 * collected. Each entry comes out once: one the list sent before (pages overlap when entries are added
 * while walking) is dropped. An empty page ends the walk; a page of only already-seen entries may be
 * an overlap, but two in a row are a server repeating itself, and they, like more than MAX_PAGES
 * pages, are a NoProgressError, so no server can keep the node looping.
 */
export async function collectPages<T>(
	fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
	max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
	const collected: T[] = [];
	const seen = new Set<string>();
	// The server's position: entries received, repeats included, so an overlap is not asked for again.
	let offset = 0;
	let repeatedPages = 0;
	for (let pages = 0; collected.length < max; pages++) {
		if (pages >= MAX_PAGES) throw new NoProgressError(`the API still reported more after ${MAX_PAGES} pages`);
		const page = await fetchPage(offset, Math.min(PAGE_SIZE, max - collected.length));
		const data = page.data;
		if (data.length === 0) break;
		const keys = data.map(entryKey);
		const repeated = keys.every((key) => key !== undefined && seen.has(key));
		repeatedPages = repeated ? repeatedPages + 1 : 0;
		// One such page can be an overlap (a small page asked for after entries were added); two cannot.
		if (repeatedPages === 2) {
			throw new NoProgressError(`the API answered the page at offset ${offset} with entries it had already sent`);
		}
		offset += data.length;
		for (const [index, entry] of data.entries()) {
			if (collected.length >= max) break;
			const key = keys[index];
			if (key !== undefined && seen.has(key)) continue;
			if (key !== undefined) seen.add(key);
			collected.push(entry);
		}
		if (!page.has_more) break;
	}
	return collected;
}

/** A catch handler turning a NoProgressError into a NodeApiError naming the list; other errors pass. */
export function stoppedWalk(ctx: RequestContext, list: string, itemIndex: number, advice: string) {
	return (error: unknown): never => {
		if (!(error instanceof NoProgressError)) throw error;
		throw new NodeApiError(ctx.getNode(), { message: 'pagination made no progress' }, {
			message: `Stopped listing ${list}: ${error.message}`,
			description: `The server at the Platform API Base URL does not page as OctoAI does. ${advice}`,
			httpCode: '200',
			itemIndex,
		});
	};
}
