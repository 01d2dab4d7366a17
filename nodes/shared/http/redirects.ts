import type { IHttpRequestMethods } from 'n8n-workflow';

/** Same-origin hops followed per request; more is a loop or a misconfigured proxy. */
export const MAX_REDIRECTS = 5;

export type RedirectDecision =
	| { follow: true; url: string; method: IHttpRequestMethods; keepBody: boolean }
	| { follow: false; problem: string };

/**
 * The redirect policy of API calls. The HTTP client follows none itself; the transport asks here:
 * - another origin (scheme, host or port): never followed, since the prompt, images and token belong
 *   to the configured base URL only and another host's answer is not OctoAI's;
 * - the same origin: followed up to MAX_REDIRECTS hops; 307/308 repeat the method and body, 303 (and
 *   301/302 of a GET or DELETE) become the same call without body; a 301/302 of a POST is refused
 *   rather than silently turned into a GET that would drop the generation request.
 */
export function decideRedirect(
	from: string,
	status: number,
	location: string | undefined,
	method: IHttpRequestMethods,
	hops: number,
): RedirectDecision {
	if (!location) return { follow: false, problem: `answered ${status} (a redirect) without a Location header` };
	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		return { follow: false, problem: `answered ${status} with an unreadable redirect target` };
	}
	const origin = new URL(from);
	if (target.origin !== origin.origin) {
		return {
			follow: false,
			problem: `redirected (${status}) to another host, ${target.host}; API calls only go to the configured base URL`,
		};
	}
	if (hops >= MAX_REDIRECTS) {
		return { follow: false, problem: `redirected more than ${MAX_REDIRECTS} times (a redirect loop)` };
	}
	target.username = '';
	target.password = '';
	if (status === 307 || status === 308) return { follow: true, url: target.href, method, keepBody: true };
	if (status === 303) return { follow: true, url: target.href, method: 'GET', keepBody: false };
	if (method === 'GET' || method === 'DELETE' || method === 'HEAD') {
		return { follow: true, url: target.href, method, keepBody: false };
	}
	return {
		follow: false,
		problem: `answered ${status}, a redirect that would turn the ${method} into a GET; set the base URL to the address it points at (${target.pathname})`,
	};
}

export function isRedirect(status: number): boolean {
	return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
