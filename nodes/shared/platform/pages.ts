import type { Page } from './types';

/** Items asked per request when walking a list; the API's own default page size. */
export const PAGE_SIZE = 100;

/**
 * Walks a `limit`/`offset` list from the start until the API says `has_more: false` or `max` items are
 * collected. An empty page also ends the walk, so a server that keeps answering `has_more: true`
 * without data cannot keep the node looping.
 */
export async function collectPages<T>(
	fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
	max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
	const collected: T[] = [];
	while (collected.length < max) {
		const page = await fetchPage(collected.length, Math.min(PAGE_SIZE, max - collected.length));
		const data = Array.isArray(page.data) ? page.data : [];
		collected.push(...data.slice(0, max - collected.length));
		if (!page.has_more || data.length === 0) break;
	}
	return collected;
}
