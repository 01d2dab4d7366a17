import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random id shaped like the service's (`asset_01H...`, `tune_01H...`): prefix, `_01H`, 23 base-32 characters. */
export function newId(prefix: string): string {
	const bytes = randomBytes(23);
	let out = '';
	for (const b of bytes) out += CROCKFORD[b & 31];
	return `${prefix}_01H${out}`;
}

/** An unguessable token for presigned URLs. */
export function newSignature(): string {
	return randomBytes(16).toString('hex');
}
