#!/usr/bin/env node
// Lints every node and credential description AS N8N LOADS IT. The engine nodes build their
// descriptions at run time (from the engine table), so eslint-plugin-n8n-nodes-base sees almost
// nothing in their source. Here each class listed in package.json "n8n" is loaded from dist/ the way
// n8n's loader does (require + new), its description is written out as an object literal in a
// *.node.ts / *.credentials.ts file of its own, and ESLint runs on those files with the rules n8n's
// official config (@n8n/node-cli) applies to nodes/ and credentials/. Run after `npm run build`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The plugin and parser versions that n8n's own lint config (@n8n/node-cli) uses.
const fromNodeCli = createRequire(require.resolve('@n8n/node-cli/eslint'));
const n8nNodesBase = fromNodeCli('eslint-plugin-n8n-nodes-base');
const tseslint = fromNodeCli('typescript-eslint');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Object literal source with bare keys where possible: the plugin's rules match `key.name`. */
function literal(value, indent = '') {
	const next = `${indent}\t`;
	if (Array.isArray(value)) {
		if (value.length === 0) return '[]';
		return `[\n${value.map((v) => `${next}${literal(v, next)},`).join('\n')}\n${indent}]`;
	}
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
		if (entries.length === 0) return '{}';
		const key = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
		return `{\n${entries.map(([k, v]) => `${next}${key(k)}: ${literal(v, next)},`).join('\n')}\n${indent}}`;
	}
	return JSON.stringify(value);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'octoai-descriptions-'));
try {
	const files = [];
	for (const [kind, list] of [
		['node', pkg.n8n.nodes],
		['credentials', pkg.n8n.credentials],
	]) {
		for (const entry of list) {
			const exports = require(path.join(root, entry));
			for (const [className, Class] of Object.entries(exports)) {
				const instance = new Class();
				const folder = path.join(work, kind === 'node' ? 'nodes' : 'credentials', className);
				fs.mkdirSync(folder, { recursive: true });
				const file = path.join(folder, `${className}.${kind}.ts`);
				const body =
					kind === 'node'
						? `import type { INodeType, INodeTypeDescription } from 'n8n-workflow';\n\nexport class ${className} implements INodeType {\n\tdescription: INodeTypeDescription = ${literal(instance.description, '\t')};\n}\n`
						: `import type { ICredentialType, INodeProperties } from 'n8n-workflow';\n\nexport class ${className} implements ICredentialType {\n${['name', 'displayName', 'documentationUrl']
								.map((k) => `\t${k} = ${JSON.stringify(instance[k])};\n`)
								.join('')}\n\tproperties: INodeProperties[] = ${literal(instance.properties, '\t')};\n}\n`;
				fs.writeFileSync(file, body);
				files.push(file);
			}
		}
	}

	// The rule sets and exceptions of @n8n/node-cli's eslint config for nodes/ and credentials/.
	const eslint = new ESLint({
		cwd: work,
		overrideConfigFile: true,
		overrideConfig: [
			{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { 'n8n-nodes-base': n8nNodesBase } },
			{
				files: ['nodes/**/*.ts'],
				rules: {
					...n8nNodesBase.configs.nodes.rules,
					'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
					'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
					'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
				},
			},
			{
				files: ['credentials/**/*.ts'],
				rules: {
					...n8nNodesBase.configs.credentials.rules,
					'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
					'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
				},
			},
		],
	});
	const results = await eslint.lintFiles(files);
	let count = 0;
	for (const result of results) {
		for (const m of result.messages) {
			count++;
			const line = fs.readFileSync(result.filePath, 'utf8').split('\n')[m.line - 1].trim();
			console.log(`${path.relative(work, result.filePath)}:${m.line} ${m.ruleId ?? 'parse'}: ${m.message}\n    ${line}`);
		}
	}
	const rules = Object.keys(n8nNodesBase.configs.nodes.rules).length + Object.keys(n8nNodesBase.configs.credentials.rules).length;
	console.log(
		`${count === 0 ? 'ok  ' : 'FAIL'} eslint-plugin-n8n-nodes-base (${rules} node and credential rules) on ${files.length} descriptions as n8n loads them: ${count} violations`,
	);
	process.exitCode = count === 0 ? 0 : 1;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
