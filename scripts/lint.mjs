#!/usr/bin/env node
// The community-package gate, run locally: the same ESLint rule sets n8n's scanner applies
// (`@n8n/scan-community-package`'s analyzePackage) on the source, and with --tarball also on the
// packed tarball, whose file list must hold only dist/, README, LICENSE and package.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let failed = false;

function report(label, result) {
	console.log(`${result.passed ? 'ok  ' : 'FAIL'} ${label}${result.message ? `: ${result.message}` : ''}`);
	if (!result.passed) {
		failed = true;
		if (result.details) console.log(result.details);
	}
}

report('scanner rules on the source (nodes/, credentials/, package.json)', await analyzePackage(root, SOURCE_FILE_PATTERNS));

if (process.argv.includes('--tarball')) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'octoai-pack-'));
	try {
		const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
		const [packed] = JSON.parse(out.slice(out.indexOf('[')));
		const allowed = /^(dist\/.+|README\.md|LICENSE\.md|package\.json)$/;
		const stray = packed.files.map((f) => f.path).filter((p) => !allowed.test(p));
		report(
			`tarball ${packed.filename} holds only dist/, README, LICENSE, package.json (${packed.files.length} files)`,
			stray.length === 0 ? { passed: true } : { passed: false, message: `unexpected files: ${stray.join(', ')}` },
		);
		const unpacked = path.join(work, 'package');
		execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
		report('scanner rules on the packed tarball', await analyzePackage(unpacked, ['**/*.js', 'package.json']));
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

process.exitCode = failed ? 1 : 0;
