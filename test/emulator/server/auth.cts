import { json, type Reply } from '../core/http.cts';

/** The token of an `Authorization: Bearer <token>` header, or null when there is no such header. */
export function bearerToken(header: string | undefined): string | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1] : null;
}

/** A 401 reply explaining what is wrong with the credentials, or undefined when the token is accepted. */
export function checkAuth(header: string | undefined, tokens: ReadonlySet<string>): Reply | undefined {
	if (header === undefined || header.trim() === '') {
		return unauthorized('Not authenticated: send the API token as "Authorization: Bearer <token>"', 'Bearer');
	}
	const token = bearerToken(header);
	if (token === null) {
		return unauthorized('Malformed Authorization header: expected "Bearer <token>"', 'Bearer error="invalid_request"');
	}
	if (!tokens.has(token)) return unauthorized('Invalid API token', 'Bearer error="invalid_token"');
	return undefined;
}

function unauthorized(detail: string, challenge: string): Reply {
	return json(401, { detail }, { 'www-authenticate': challenge });
}
