// Accounts behind tokens. Every accepted token is its own tenant unless the `tenants` option maps
// several tokens to one tenant name; a tenant's private assets and tunes are invisible to the others.
import { createHash } from 'node:crypto';
import { PUBLIC_OWNER } from '../rules/asset-library.cts';

/** One account: `uuid` appears as `tenant_uuid` / `tenant_id`, `name` as the owner in `owner:name`. */
export interface Tenant {
	uuid: string;
	name: string;
}

const TENANT_NAME = /^[A-Za-z0-9_.-]+$/;

/** Resolves tokens to tenants, deterministically, so a restarted emulator gives the same ids. */
export class TenantDirectory {
	private readonly named: ReadonlyMap<string, string>;

	/** `names` maps a token to its tenant name; throws on a name that could not be an asset owner. */
	constructor(names: Record<string, string> = {}) {
		for (const [token, name] of Object.entries(names)) {
			if (!TENANT_NAME.test(name) || name === PUBLIC_OWNER) {
				throw new Error(`invalid tenant name ${JSON.stringify(name)} for token ${JSON.stringify(token)}: letters, digits, '.', '_' or '-', and not "${PUBLIC_OWNER}"`);
			}
		}
		this.named = new Map(Object.entries(names));
	}

	/** The tenant of a token: a named one shares its uuid with every token mapped to that name. */
	of(token: string): Tenant {
		const name = this.named.get(token);
		// Hash the name, not the token, for named tenants so tokens that share a name share the uuid.
		const uuid = uuidFrom(name === undefined ? `token:${token}` : `tenant:${name}`);
		return { uuid, name: name ?? `tenant-${uuid.slice(0, 8)}` };
	}
}

/** A version-4-shaped uuid from a SHA-256 of the key. */
function uuidFrom(key: string): string {
	const hex = createHash('sha256').update(`octoai-emulator/${key}`).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
