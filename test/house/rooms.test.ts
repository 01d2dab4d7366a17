// The rooms of nodes/shared (nodes/shared/README.md): each room's README says what it may import,
// and every import in nodes/ and credentials/ follows it, with no cycle between files.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const SHARED = path.join(ROOT, 'nodes/shared');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** The files a source file imports by relative path, resolved to .ts files. */
function relativeImports(file: string): string[] {
	const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
	return importedFiles
		.filter(({ fileName }) => fileName.startsWith('.'))
		.map(({ fileName }) => {
			const base = path.resolve(path.dirname(file), fileName);
			const found = [`${base}.ts`, `${base}.d.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
			if (!found) throw new Error(`${path.relative(ROOT, file)} imports ${fileName}, which is no .ts file`);
			return found;
		});
}

/** Rooms and what each may import, read from the rooms' own READMEs ("May import: a, b."). */
function roomRules(): Map<string, Set<string>> {
	const rules = new Map<string, Set<string>>();
	for (const entry of fs.readdirSync(SHARED, { withFileTypes: true })) {
		if (!entry.isDirectory()) continue;
		const readme = path.join(SHARED, entry.name, 'README.md');
		const text = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : '';
		const line = /^May import: (.*)$/m.exec(text);
		if (!line) throw new Error(`nodes/shared/${entry.name}/README.md says nothing of what the room may import`);
		const names = line[1].startsWith('nothing') ? [] : line[1].replace(/\.$/, '').split(/,\s*/);
		rules.set(entry.name, new Set(names));
	}
	return rules;
}

/** Cycles among files (Tarjan's strongly connected components of more than one file, or a self-import). */
function importCycles(graph: Map<string, string[]>): string[][] {
	let next = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];
	const visit = (v: string) => {
		index.set(v, next);
		low.set(v, next++);
		stack.push(v);
		onStack.add(v);
		for (const w of graph.get(v) ?? []) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) !== index.get(v)) return;
		const component: string[] = [];
		let w: string;
		do {
			w = stack.pop()!;
			onStack.delete(w);
			component.push(w);
		} while (w !== v);
		if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
	};
	for (const v of graph.keys()) if (!index.has(v)) visit(v);
	return cycles;
}

const roomOf = (file: string) => path.relative(SHARED, file).split(path.sep)[0];
const shipped = [...sourceFiles(path.join(ROOT, 'nodes')), ...sourceFiles(path.join(ROOT, 'credentials'))];
const graph = new Map(shipped.map((file) => [file, relativeImports(file)]));

describe('the rooms of nodes/shared', () => {
	const rules = roomRules();

	it('are a handful, each with a README saying what it owns and may import', () => {
		const entries = fs.readdirSync(SHARED);
		expect(entries.length).toBeLessThanOrEqual(11);
		expect(rules.size).toBeGreaterThanOrEqual(5);
		const index = fs.readFileSync(path.join(SHARED, 'README.md'), 'utf8');
		for (const room of rules.keys()) expect(index).toContain(`(${room}/README.md)`);
		for (const [room, allowed] of rules) for (const other of allowed) expect([room, rules.has(other)]).toEqual([room, true]);
	});

	it('import only the rooms their README allows, and never a node', () => {
		const wrong: string[] = [];
		for (const [file, imports] of graph) {
			if (!file.startsWith(SHARED + path.sep)) continue;
			const room = roomOf(file);
			for (const target of imports) {
				const where = path.relative(ROOT, target);
				if (!target.startsWith(SHARED + path.sep)) wrong.push(`${path.relative(ROOT, file)} imports ${where}`);
				else if (roomOf(target) !== room && !rules.get(room)?.has(roomOf(target))) wrong.push(`${path.relative(ROOT, file)} (${room}) imports ${where}`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('form layers: what the rooms may import has no cycle', () => {
		expect(importCycles(new Map([...rules].map(([room, allowed]) => [room, [...allowed]])))).toEqual([]);
	});

	it('have no import cycle between files anywhere in nodes/ or credentials/', () => {
		expect(importCycles(graph).map((cycle) => cycle.map((f) => path.relative(ROOT, f)))).toEqual([]);
	});

	it('finds a cycle and a forbidden import when there is one (the checks can fail)', () => {
		expect(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['c', 'b', 'a']]);
		expect(importCycles(new Map([['a', ['a']]]))).toEqual([['a']]);
		expect(importCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
	});
});
