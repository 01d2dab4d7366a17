// Files and functions longer than a limit, measured in lines as an editor shows them.
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { parse, relative, typeScriptFiles, type FileFilter } from './files.cts';

export interface LongFile {
	file: string;
	lines: number;
}

export interface LongFunction {
	file: string;
	/** The function's name, the variable or property it is assigned to, or `<anonymous>`. */
	name: string;
	/** First line, 1-based. */
	line: number;
	lines: number;
}

function lineCount(text: string): number {
	return text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
}

/** Files of more than `maxLines` lines. */
export function longFiles(root: string, maxLines: number, include?: FileFilter): LongFile[] {
	return typeScriptFiles(root, include)
		.map((file) => ({ file: relative(root, file), lines: lineCount(readFileSync(file, 'utf8')) }))
		.filter((entry) => entry.lines > maxLines);
}

type FunctionNode = ts.FunctionLikeDeclaration;

function isFunction(node: ts.Node): node is FunctionNode {
	return (
		ts.isFunctionDeclaration(node) ||
		ts.isFunctionExpression(node) ||
		ts.isArrowFunction(node) ||
		ts.isMethodDeclaration(node) ||
		ts.isConstructorDeclaration(node) ||
		ts.isGetAccessorDeclaration(node) ||
		ts.isSetAccessorDeclaration(node)
	);
}

function functionName(node: FunctionNode, source: ts.SourceFile): string {
	if (ts.isConstructorDeclaration(node)) return 'constructor';
	if (node.name) return node.name.getText(source);
	const parent = node.parent;
	if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
		return parent.name.getText(source);
	}
	return '<anonymous>';
}

/** Functions (declarations, methods, arrows, expressions) spanning more than `maxLines` lines; nested ones are measured on their own too. */
export function longFunctions(root: string, maxLines: number, include?: FileFilter): LongFunction[] {
	const found: LongFunction[] = [];
	for (const file of typeScriptFiles(root, include)) {
		const source = parse(file);
		const visit = (node: ts.Node): void => {
			if (isFunction(node) && node.body) {
				const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
				const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
				const lines = last - first + 1;
				if (lines > maxLines) found.push({ file: relative(root, file), name: functionName(node, source), line: first + 1, lines });
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}
