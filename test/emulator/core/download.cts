// Fetches the file of an asset created with `url`. The emulator runs on a workstation or CI box
// and must never reach out to the network, so it downloads only from loopback addresses; anything
// else is answered as a failed download, which the API reports as a rejected asset.
import { MAX_BODY_BYTES } from './http.cts';

const TIMEOUT_MS = 10_000;

/** True for `localhost`, 127.0.0.0/8 and [::1], the hosts the emulator will contact. */
export function isLoopbackHost(hostname: string): boolean {
	return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The file's bytes, or why the download failed (worded for an asset's status_details). */
export async function download(rawUrl: string): Promise<{ bytes: Buffer } | { failed: string }> {
	const failed = (why: string) => ({ failed: `Download from ${rawUrl} failed: ${why}` });
	let url: URL;
	try {
		url = new URL(rawUrl);
	} catch {
		return failed('not a valid URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed('only http and https URLs can be downloaded');
	if (!isLoopbackHost(url.hostname)) {
		return failed(`the emulator downloads only from loopback addresses (127.0.0.0/8, localhost, [::1]); ${url.hostname} was not contacted`);
	}
	try {
		// Redirects are not followed: one could lead off loopback.
		const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
		if (res.status >= 300 && res.status < 400) return failed(`the server answered a ${res.status} redirect, which the emulator does not follow`);
		if (!res.ok) return failed(`the server answered HTTP ${res.status}`);
		const bytes = Buffer.from(await res.arrayBuffer());
		if (bytes.length > MAX_BODY_BYTES) return failed(`the file is larger than ${MAX_BODY_BYTES} bytes`);
		return { bytes };
	} catch (error) {
		const cause = (error as { cause?: { code?: string } }).cause?.code;
		return failed(cause ?? (error as Error).message);
	}
}
