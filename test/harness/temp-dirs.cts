import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterTestFile } from './teardown.cts';

const dirs = new Set<string>();

afterTestFile(() => {
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	dirs.clear();
});

/** Creates a folder under the OS temp dir that is removed when the test file (or process) is done. */
export function makeTempDir(prefix: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	dirs.add(dir);
	return dir;
}
