import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh, empty N8N_USER_FOLDER under the OS temp dir (n8n keeps its data in `<it>/.n8n/`).
 * `remove()` deletes it, unless E2E_KEEP_USER_FOLDERS=1 asks to keep it for a look afterwards.
 */
export function createUserFolder(prefix = 'n8n-e2e-'): { path: string; remove(): void } {
	const folder = mkdtempSync(path.join(tmpdir(), prefix));
	return {
		path: folder,
		remove: () => {
			if (process.env.E2E_KEEP_USER_FOLDERS === '1') {
				process.stderr.write(`kept n8n user folder ${folder}\n`);
				return;
			}
			rmSync(folder, { recursive: true, force: true });
		},
	};
}
