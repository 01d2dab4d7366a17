// n8n's verification asks `n8n-node lint` in strict mode: an eslint.config.mjs equal to the template
// of @n8n/node-cli, which applies the community-node rules to **/*.ts. What ships (nodes/, credentials/)
// is .ts and linted; tests and scripts are repository tools that use Node's globals, so they are .cts,
// outside those rules. These checks keep both halves true.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TOOL_FOLDERS = ['test', 'scripts', 'examples'];
const SHIPPED_FOLDERS = ['nodes', 'credentials'];

/** Files under `dir` (relative to the root), without node_modules and hidden folders (app homes, caches). */
function filesUnder(dir: string): string[] {
	if (!fs.existsSync(path.join(ROOT, dir))) return [];
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.posix.join(dir, entry.name);
		if (!entry.isDirectory()) return [relative];
		return entry.name === 'node_modules' || entry.name.startsWith('.') ? [] : filesUnder(relative);
	});
}

/** The rules ESLint applies to each file with the repository's config, from a plain Node process. */
function rulesByFile(files: string[]): Record<string, string[] | null> {
	const script = `
		const { ESLint } = require('eslint');
		(async () => {
			const eslint = new ESLint({ cwd: process.cwd() });
			const out = {};
			for (const file of JSON.parse(process.argv[1])) {
				const config = await eslint.calculateConfigForFile(file);
				out[file] = config ? Object.entries(config.rules ?? {}).filter(([, v]) => (Array.isArray(v) ? v[0] : v) === 2).map(([k]) => k) : null;
			}
			process.stdout.write(JSON.stringify(out));
		})();`;
	return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

describe('strict mode of n8n-node lint', () => {
	it('is on in package.json', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { n8n?: { strict?: unknown } };
		expect(pkg.n8n?.strict).toBe(true);
	});

	it('has eslint.config.mjs exactly as the template of @n8n/node-cli', () => {
		const template = path.resolve(path.dirname(require.resolve('@n8n/node-cli/eslint')), '../template/templates/shared/default/eslint.config.mjs');
		expect(fs.readFileSync(path.join(ROOT, 'eslint.config.mjs'), 'utf8')).toBe(fs.readFileSync(template, 'utf8'));
	});

	it('finds no .ts file among tests, scripts and examples (they are .cts)', () => {
		const tsFiles = TOOL_FOLDERS.flatMap(filesUnder).filter((file) => /\.[cm]?tsx?$/.test(file) && !file.endsWith('.cts'));
		expect(tsFiles).toEqual([]);
	});

	it("applies n8n's community-node rules to every shipped .ts file and to no test or script source", () => {
		const shipped = SHIPPED_FOLDERS.flatMap(filesUnder).filter((file) => file.endsWith('.ts'));
		const tools = TOOL_FOLDERS.flatMap(filesUnder).filter((file) => file.endsWith('.cts'));
		expect(shipped.length).toBeGreaterThan(100);
		const rules = rulesByFile([...shipped, ...tools]);
		const missing = (file: string, wanted: string[]) => wanted.filter((rule) => !rules[file]?.includes(rule)).map((rule) => `${file}: ${rule}`);
		const cloudRules = ['no-console', '@n8n/community-nodes/no-restricted-globals', '@n8n/community-nodes/no-restricted-imports'];
		expect(shipped.flatMap((file) => missing(file, cloudRules))).toEqual([]);
		expect(shipped.filter((f) => f.startsWith('nodes/')).flatMap((file) => missing(file, ['n8n-nodes-base/node-param-display-name-miscased']))).toEqual([]);
		expect(shipped.filter((f) => f.startsWith('credentials/')).flatMap((file) => missing(file, ['n8n-nodes-base/cred-class-field-name-unsuffixed']))).toEqual([]);
		expect(tools.filter((file) => rules[file] !== null)).toEqual([]);
	});
});
