// The rooms of nodes/shared (nodes/shared/README.md): each room's README says what it may import,
// and every import in nodes/ and credentials/ follows it, with no cycle between files.
import fs from 'node:fs';
import path from 'node:path';

import { importCycles, importGraph, roomOf } from './imports.cts';

const ROOT = path.resolve(__dirname, '../..');
const SHARED = path.join(ROOT, 'nodes/shared');

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

/** Imports of nodes/shared files that their room's README does not allow (or that reach a node). */
function forbiddenImports(graph: Map<string, string[]>, rules: Map<string, Set<string>>): string[] {
	const wrong: string[] = [];
	for (const [file, imports] of graph) {
		if (!file.startsWith('shared/')) continue;
		const room = roomOf(file.slice('shared/'.length));
		for (const target of imports) {
			if (!target.startsWith('shared/')) wrong.push(`nodes/${file} imports a node: nodes/${target}`);
			else {
				const other = roomOf(target.slice('shared/'.length));
				if (other !== room && !rules.get(room)?.has(other)) wrong.push(`nodes/${file} (${room}) imports nodes/${target}`);
			}
		}
	}
	return wrong;
}

describe('the rooms of nodes/shared', () => {
	const rules = roomRules();
	const nodes = importGraph(path.join(ROOT, 'nodes'));

	it('are a handful, each with a README saying what it owns and may import', () => {
		expect(fs.readdirSync(SHARED).length).toBeLessThanOrEqual(11);
		expect(rules.size).toBeGreaterThanOrEqual(5);
		const index = fs.readFileSync(path.join(SHARED, 'README.md'), 'utf8');
		for (const room of rules.keys()) expect(index).toContain(`(${room}/README.md)`);
		for (const [room, allowed] of rules) for (const other of allowed) expect([room, other, rules.has(other)]).toEqual([room, other, true]);
	});

	it('import only the rooms their README allows, and never a node', () => {
		expect(forbiddenImports(nodes, rules)).toEqual([]);
	});

	it('form layers: what the rooms may import has no cycle', () => {
		expect(importCycles(new Map([...rules].map(([room, allowed]) => [room, [...allowed]])))).toEqual([]);
	});

	it('have no import cycle between files anywhere in nodes/ or credentials/', () => {
		expect(importCycles(nodes)).toEqual([]);
		expect(importCycles(importGraph(path.join(ROOT, 'credentials')))).toEqual([]);
	});

	it('report an import their README does not allow (the check can fail)', () => {
		const graph = new Map([
			['shared/messages/quote.ts', ['shared/run/pricing.ts']],
			['shared/run/pricing.ts', ['shared/messages/quote.ts']],
			['shared/fields/engines.ts', ['OctoAiSdxl/OctoAiSdxl.node.ts']],
		]);
		expect(forbiddenImports(graph, rules)).toEqual([
			'nodes/shared/messages/quote.ts (messages) imports nodes/shared/run/pricing.ts',
			'nodes/shared/fields/engines.ts imports a node: nodes/OctoAiSdxl/OctoAiSdxl.node.ts',
		]);
	});
});
