// The README and docs/ stay true to the repository: links and anchors resolve, the paths and commands
// they name exist, the examples table lists every example, and nothing points outside the repository.
import fs from 'node:fs';
import path from 'node:path';

import { OLDEST_SUPPORTED_N8N } from '../../nodes/shared/run/n8n-version';

import {
	anchors,
	brokenLink,
	examplesInTable,
	namedCommands,
	namedPaths,
	readPage,
	relativeLinks,
	ROOT,
	slug,
	userPages,
} from './markdown-pages.cts';

const pages = userPages();

describe('the markdown readers', () => {
	it('make GitHub anchors', () => {
		expect(slug('n8n 3.0: verified packages only by default')).toBe('n8n-30-verified-packages-only-by-default');
		expect(slug('Verified packages and `"strict": true`')).toBe('verified-packages-and-strict-true');
		expect([...anchors('# A\n## Notes\n```\n# not a heading\n```\n## Notes\n')]).toEqual(['a', 'notes', 'notes-1']);
	});

	it('find broken links, and only those', () => {
		const links = relativeLinks('[a](docs/scale.md) [b](https://x.y/z) `[c](nowhere.md)` [d](#nope) [e](README.md#compatibility)');
		expect(links).toEqual(['docs/scale.md', '#nope', 'README.md#compatibility']);
		expect(links.map((link) => brokenLink('README.md', link))).toEqual([
			undefined,
			'#nope: no heading with that anchor in README.md',
			undefined,
		]);
		expect(brokenLink('docs/scale.md', 'missing.md')).toBe('missing.md: no such file');
		expect(brokenLink('docs/scale.md', '../../elsewhere.md')).toBe('../../elsewhere.md points outside the repository');
	});

	it('find the paths and commands a page names', () => {
		const text = 'Run `npm run bench -- --quick` or bash scripts/demo.sh; see `nodes/shared/engines.ts`, not `nodes/OctoAi<Name>/x.ts`.';
		expect(namedPaths(text)).toEqual(['nodes/shared/engines.ts']);
		expect(namedCommands(text)).toEqual({ npmScripts: ['bench'], bashScripts: ['scripts/demo.sh'] });
	});
});

describe.each(pages)('%s', (page) => {
	const text = readPage(page);

	it('links only to files and headings that exist', () => {
		const broken = relativeLinks(text)
			.map((target) => brokenLink(page, target))
			.filter((problem) => problem !== undefined);
		expect(broken).toEqual([]);
	});

	it('names only repository paths that exist', () => {
		const missing = namedPaths(text).filter((named) => !fs.existsSync(path.join(ROOT, named)));
		expect(missing).toEqual([]);
	});

	it('names only commands that exist', () => {
		const { npmScripts, bashScripts } = namedCommands(text);
		const scripts = JSON.parse(readPage('package.json')).scripts as Record<string, string>;
		expect(npmScripts.filter((name) => !(name in scripts))).toEqual([]);
		expect(bashScripts.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
	});

	it('points nowhere outside the repository', () => {
		expect(text).not.toMatch(/\.\.\/shared|\/work\//);
	});
});

describe('README', () => {
	it('links to every page in docs/', () => {
		const linked = new Set(relativeLinks(readPage('README.md')).map((target) => target.split('#')[0]));
		expect(pages.filter((page) => page.startsWith('docs/') && !linked.has(page))).toEqual([]);
	});

	it('lists every example workflow in its examples table, and only those', () => {
		const files = fs.readdirSync(path.join(ROOT, 'examples')).filter((name) => name.endsWith('.json'));
		expect(examplesInTable(readPage('README.md')).sort()).toEqual(files.sort());
	});

	it('states the oldest n8n the nodes check for, the one the oldest matrix lane installs', () => {
		const stated = /The oldest n8n this package supports is \*\*([0-9.]+)\*\*/.exec(readPage('README.md'))?.[1];
		expect(stated).toBe(OLDEST_SUPPORTED_N8N);
		const lane = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/e2e/apps/n8n-1/package.json'), 'utf8'));
		expect(lane.dependencies.n8n).toBe(OLDEST_SUPPORTED_N8N);
	});
});
