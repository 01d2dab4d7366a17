// Test files and test scripts stay readable: none over 400 lines (split them by subject).
import path from 'node:path';
import { longFiles } from './sizes.cts';

test('no file under test/ over 400 lines', () => {
	expect(longFiles(path.resolve(__dirname, '..'), 400)).toEqual([]);
});
