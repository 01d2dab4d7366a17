import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { BinaryRef } from './execution';

const FILESYSTEM_PREFIX = 'filesystem-v2:';

/**
 * The bytes of a binary output stored by n8n's filesystem mode (its default): an id
 * `filesystem-v2:<path>` names the file `<userFolder>/.n8n/storage/<path>`.
 */
export function readBinary(userFolder: string, ref: BinaryRef): Buffer {
	if (!ref.id?.startsWith(FILESYSTEM_PREFIX)) {
		throw new Error(`binary data ${JSON.stringify(ref.id)} is not in n8n's filesystem store`);
	}
	return readFileSync(path.join(userFolder, '.n8n', 'storage', ref.id.slice(FILESYSTEM_PREFIX.length)));
}
