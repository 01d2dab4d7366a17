/**
 * Why a URL the nodes fetch, upload to or hand to OctoAI cannot be used as given, or undefined when it
 * can. The problem never repeats the URL (a caller showing it quotes it through safeText).
 */
export function httpUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a valid URL';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `does not start with http:// or https:// (${parsed.protocol.slice(0, 20)})`;
	// A user:password@ part would go to the host as Basic auth, or to OctoAI with the URL.
	if (parsed.username || parsed.password) return 'carries a user name or password (user:…@host)';
	// The URL goes out as typed, and the parser would accept a space inside it.
	if (/\s/.test(url)) return 'contains white space; write a space as %20';
	return undefined;
}
