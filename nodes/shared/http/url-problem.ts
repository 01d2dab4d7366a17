/**
 * Why a URL the nodes fetch, upload to or hand to OctoAI cannot be used as given, or undefined when it
 * can. `sentAsTyped`: the URL goes to OctoAI as text (OctoAI fetches it), so white space, which n8n's
 * own requests would encode, is refused too. The problem never repeats the URL (a caller showing it
 * quotes it through safeText).
 */
export function httpUrlProblem(url: string, sentAsTyped = false): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a valid URL';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `does not start with http:// or https:// (${parsed.protocol.slice(0, 20)})`;
	// A user:password@ part would go to the host as Basic auth, or to OctoAI with the URL.
	if (parsed.username || parsed.password) return 'carries a user name or password (user:…@host)';
	if (sentAsTyped && /\s/.test(url)) return 'contains white space; write a space as %20';
	return undefined;
}
