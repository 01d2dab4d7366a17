/** Why a base URL from the credential cannot be used; never contains the URL's password. */
export function baseUrlProblem(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return 'is empty';
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return 'is not a URL (e.g. https://image.octoai.run)';
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must start with http:// or https://, not ${url.protocol}//`;
	// n8n would send user:password as Basic auth in place of the token, and echo it in errors.
	if (url.username || url.password) {
		return 'contains a user name or password (user:…@host); remove it: OctoAI authenticates with the API token only';
	}
	return undefined;
}
