// Reads the repository's user pages (README.md and docs/*.md) for the checks in docs.test.cts: their
// relative links and heading anchors, the repository paths and commands they name.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** README.md and every page in docs/, as paths relative to the repository. */
export function userPages(): string[] {
	const docs = fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`);
	return ['README.md', ...docs.sort()];
}

export function readPage(page: string): string {
	return fs.readFileSync(path.join(ROOT, page), 'utf8');
}

/** The page without fenced code blocks, whose contents are not links or headings. */
function withoutFences(text: string): string {
	return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** Prose of the page: fences dropped and inline code blanked, so `![x](url)` in code is no link. */
function prose(text: string): string {
	return withoutFences(text).replace(/`[^`\n]*`/g, '``');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

/** Anchors of a markdown file's headings, numbered as GitHub numbers repeated ones (`x`, `x-1`). */
export function anchors(text: string): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const match of withoutFences(text).matchAll(/^#{1,6} (.+)$/gm)) {
		const base = slug(match[1]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		result.add(count === 0 ? base : `${base}-${count}`);
	}
	return result;
}

/** Relative link targets of a page (`file`, `file#anchor`, `#anchor`); web and mail links left out. */
export function relativeLinks(text: string): string[] {
	const targets = [...prose(text).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
	return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** Why a link of `page` does not resolve, or undefined when it reaches an existing file and heading. */
export function brokenLink(page: string, target: string): string | undefined {
	const [file, anchor] = target.split('#', 2);
	const resolved = file === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), file);
	if (!resolved.startsWith(ROOT + path.sep)) return `${target} points outside the repository`;
	if (!fs.existsSync(resolved)) return `${target}: no such file`;
	if (anchor === undefined) return undefined;
	if (!resolved.endsWith('.md')) return `${target}: an anchor into a file that is not markdown`;
	const known = anchors(fs.readFileSync(resolved, 'utf8'));
	return known.has(anchor) ? undefined : `${target}: no heading with that anchor in ${path.relative(ROOT, resolved)}`;
}

const REPO_DIRS = ['nodes', 'credentials', 'test', 'scripts', 'examples', 'docs', '.github'];

/** Repository paths a page names in inline code (`nodes/shared/engines.ts`), placeholders left out. */
export function namedPaths(text: string): string[] {
	const spans = [...withoutFences(text).matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
	const paths = spans.filter(
		(span) => REPO_DIRS.some((dir) => span.startsWith(`${dir}/`)) && /^[\w./-]+$/.test(span),
	);
	return [...new Set(paths)];
}

/** `npm run <script>` and `bash scripts/<file>` commands a page names. */
export function namedCommands(text: string): { npmScripts: string[]; bashScripts: string[] } {
	const npmScripts = [...text.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
	const bashScripts = [...text.matchAll(/bash (scripts\/[\w.-]+)/g)].map((match) => match[1]);
	return { npmScripts: [...new Set(npmScripts)], bashScripts: [...new Set(bashScripts)] };
}

/** Example files named in the first column of the README's examples table. */
export function examplesInTable(readme: string): string[] {
	const section = readme.slice(readme.indexOf('## Examples'));
	return [...section.matchAll(/^\| `([\w.-]+\.json)` \|/gm)].map((match) => match[1]);
}
