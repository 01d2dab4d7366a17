// What ships stays readable (nodes/shared/README.md): no source file in nodes/ or credentials/ over
// 300 lines, no function over 80.
import path from 'node:path';

import { longFiles, longFunctions } from './sizes.cts';

const ROOT = path.resolve(__dirname, '../..');

test.each(['nodes', 'credentials'])('no file in %s/ over 300 lines, no function over 80', (folder) => {
	expect(longFiles(path.join(ROOT, folder), 300)).toEqual([]);
	expect(longFunctions(path.join(ROOT, folder), 80)).toEqual([]);
});
