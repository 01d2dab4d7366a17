// The import graph of a folder: which file imports which (relative imports only, type-only ones
// included, since they tie files together for a reader as much as value imports), its cycles, and
// imports that run against a stated order of rooms (a room is a top-level folder of the root).
import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse, relative, typeScriptFiles, type FileFilter } from './files.cts';

/** Files relative to the root, each with the files it imports inside the root. */
export type ImportGraph = Map<string, string[]>;

export interface RoomViolation {
	from: string;
	to: string;
	reason: string;
}

/** The relative module specifiers of a file: imports, re-exports and `import('...')` types or calls. */
export function relativeSpecifiers(source: ts.SourceFile): string[] {
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
			found.push(node.moduleSpecifier.text);
		} else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
			found.push(node.argument.literal.text);
		} else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
			found.push(node.arguments[0].text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found.filter((specifier) => specifier.startsWith('.'));
}

function resolveModule(fromFile: string, specifier: string): string | undefined {
	const base = path.resolve(path.dirname(fromFile), specifier);
	return [base, `${base}.ts`, path.join(base, 'index.ts')].find((candidate) => /\.c?ts$/.test(candidate) && existsSync(candidate));
}

/** Builds the graph of every file `include` admits; imports leading outside the root are left out. */
export function importGraph(root: string, include?: FileFilter): ImportGraph {
	const graph: ImportGraph = new Map();
	for (const file of typeScriptFiles(root, include)) {
		const targets = relativeSpecifiers(parse(file))
			.map((specifier) => resolveModule(file, specifier))
			.filter((target): target is string => target !== undefined && !relative(root, target).startsWith('..'))
			.map((target) => relative(root, target));
		graph.set(relative(root, file), [...new Set(targets)].sort());
	}
	return graph;
}

/** The import cycles: each strongly connected group of two or more files, or a file importing itself (Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const cycles: string[][] = [];
	const connect = (file: string): void => {
		index.set(file, index.size);
		low.set(file, index.get(file)!);
		stack.push(file);
		onStack.add(file);
		for (const target of graph.get(file) ?? []) {
			if (!index.has(target)) {
				connect(target);
				low.set(file, Math.min(low.get(file)!, low.get(target)!));
			} else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
		}
		if (low.get(file) !== index.get(file)) return;
		const group: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			group.push(member);
		} while (member !== file);
		if (group.length > 1 || (graph.get(file) ?? []).includes(file)) cycles.push(group.sort());
	};
	for (const file of graph.keys()) if (!index.has(file)) connect(file);
	return cycles;
}

/** The room of a file: its top-level folder, or '.' for a file at the root. */
export function roomOf(file: string): string {
	return file.includes('/') ? file.slice(0, file.indexOf('/')) : '.';
}

/**
 * Imports against the order of rooms, lowest first: a file may import its own room and rooms listed
 * before its own. A room missing from the order is reported, so a new folder must be placed in it.
 */
export function roomViolations(graph: ImportGraph, order: readonly string[]): RoomViolation[] {
	const violations: RoomViolation[] = [];
	for (const [from, targets] of graph) {
		const fromRank = order.indexOf(roomOf(from));
		for (const to of targets) {
			const toRank = order.indexOf(roomOf(to));
			if (fromRank < 0 || toRank < 0) {
				const missing = fromRank < 0 ? roomOf(from) : roomOf(to);
				violations.push({ from, to, reason: `room "${missing}" is not in the order` });
			} else if (toRank > fromRank) {
				violations.push({ from, to, reason: `${roomOf(from)} may not import ${roomOf(to)}, which comes after it` });
			}
		}
	}
	return violations;
}
