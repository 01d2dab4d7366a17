// Lists and parses the TypeScript files of a folder for the house checks (imports.cts, sizes.cts).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Which files a check looks at; by default every TypeScript file but declarations. */
export type FileFilter = (relativePath: string) => boolean;

export const isTestFile: FileFilter = (file) => /\.test\.c?ts$/.test(file);

/** TypeScript sources: `.ts` (what ships) and `.cts` (tests and scripts, outside n8n's lint). */
export const isTypeScript = (name: string): boolean => /\.c?ts$/.test(name) && !name.endsWith('.d.ts');

/** Every TypeScript file under `root` (absolute paths, sorted), skipping node_modules and `.d.ts`. */
export function typeScriptFiles(root: string, include: FileFilter = () => true): string[] {
	const walk = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
			return isTypeScript(entry.name) ? [full] : [];
		});
	return walk(root)
		.filter((file) => include(relative(root, file)))
		.sort();
}

export function parse(file: string): ts.SourceFile {
	return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** A path relative to `root` with forward slashes, as the checks report them. */
export function relative(root: string, file: string): string {
	return path.relative(root, file).split(path.sep).join('/');
}
