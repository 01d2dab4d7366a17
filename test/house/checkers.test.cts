// The house checks on a tiny fixture written for each test, so every check is seen to fail.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCycles, importGraph, roomViolations } from './imports.cts';
import { longFiles, longFunctions } from './sizes.cts';
import { isTestFile } from './files.cts';

let root: string;

function write(files: Record<string, string>): void {
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
		writeFileSync(path.join(root, name), text);
	}
}

beforeEach(() => {
	root = mkdtempSync(path.join(tmpdir(), 'house-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('imports', () => {
	test('the graph holds relative imports, re-exports, type imports and import() inside the root only', () => {
		write({
			'low/a.ts': "import { join } from 'node:path';\nimport type { B } from './b';\nexport * from '../../outside';\nexport const a = join;\n",
			'low/b.ts': 'export type B = number;\n',
			'low/index.ts': "export { a } from './a';\n",
			'high/c.ts': "export type C = import('../low/b').B;\nexport const load = () => import('../low');\n",
		});
		expect(Object.fromEntries(importGraph(root))).toEqual({
			'high/c.ts': ['low/b.ts', 'low/index.ts'],
			'low/a.ts': ['low/b.ts'],
			'low/b.ts': [],
			'low/index.ts': ['low/a.ts'],
		});
	});

	test('finds a two-file cycle, a longer one and a file importing itself; an acyclic graph has none', () => {
		write({
			'a.ts': "import './b';\n",
			'b.ts': "import './a';\n",
			'c.ts': "import './d';\n",
			'd.ts': "import './e';\n",
			'e.ts': "import './c';\nimport './a';\n",
			'f.ts': "import './f';\n",
			'g.ts': "import './a';\n",
		});
		expect(importCycles(importGraph(root))).toEqual([['a.ts', 'b.ts'], ['c.ts', 'd.ts', 'e.ts'], ['f.ts']]);
		expect(importCycles(importGraph(root, (file) => !['b.ts', 'e.ts', 'f.ts'].includes(file)))).toEqual([]);
	});

	test('tests and scripts (.cts, imported by their full name) are in the graph and in the cycles', () => {
		write({ 't/a.cts': "import { b } from './b.cts';\n", 't/b.cts': "import '../t/a.cts';\nexport const b = 1;\n", 't/x.d.ts': '' });
		expect(importGraph(root)).toEqual(new Map([['t/a.cts', ['t/b.cts']], ['t/b.cts', ['t/a.cts']]]));
		expect(importCycles(importGraph(root))).toEqual([['t/a.cts', 't/b.cts']]);
		expect(longFiles(root, 1).map((f) => f.file)).toEqual(['t/b.cts']);
	});

	test('a room may import itself and rooms before it, not after it; an unlisted room is named', () => {
		write({
			'index.ts': "import './high/h';\n",
			'low/l.ts': "import './l2';\nimport '../high/h';\n",
			'low/l2.ts': '',
			'high/h.ts': "import '../low/l2';\n",
			'extra/x.ts': "import '../low/l';\n",
		});
		expect(roomViolations(importGraph(root), ['low', 'high', 'extra', '.'])).toEqual([
			{ from: 'low/l.ts', to: 'high/h.ts', reason: 'low may not import high, which comes after it' },
		]);
		expect(roomViolations(importGraph(root), ['low', 'high', '.']).map((v) => v.reason)).toEqual([
			'room "extra" is not in the order',
			'low may not import high, which comes after it',
		]);
	});
});

describe('sizes', () => {
	test('files over the limit, by line count', () => {
		write({ 'short.ts': 'a;\nb;\n', 'long.ts': 'a;\nb;\nc;\n', 'long.test.ts': 'a;\nb;\nc;\nd;\n' });
		expect(longFiles(root, 2)).toEqual([
			{ file: 'long.test.ts', lines: 4 },
			{ file: 'long.ts', lines: 3 },
		]);
		expect(longFiles(root, 2, (file) => !isTestFile(file))).toEqual([{ file: 'long.ts', lines: 3 }]);
	});

	test('functions of every form over the limit, named by declaration, variable or property; nested ones too', () => {
		const body = '\n\tone();\n\ttwo();\n';
		write({
			'f.ts': [
				`export function declared() {${body}}`,
				`const arrow = () => {${body}};`,
				`const table = { fromProperty: function () {${body}}, short: () => 1 };`,
				`class K {\n\tconstructor() {${body}}\n\tmethod() {${body}}\n}`,
				`run(() => {\n\tinner(() => {${body}});\n});`,
				'export function small() {\n\treturn 1;\n}',
				'',
			].join('\n'),
		});
		expect(longFunctions(root, 3).map((f) => `${f.name}:${f.line}:${f.lines}`)).toEqual([
			'declared:1:4',
			'arrow:5:4',
			'fromProperty:9:4',
			'constructor:14:4',
			'method:18:4',
			'<anonymous>:23:6',
			'<anonymous>:24:4',
		]);
		expect(longFunctions(root, 6)).toEqual([]);
	});
});
