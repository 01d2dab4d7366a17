#!/usr/bin/env node
// The closing summary of `npm run test:reliability`: adds up the figures every reliability suite and
// the load script wrote (RELIABILITY_REPORT_DIR), runs the last token check across all of them
// (every suite's secrets searched in every suite's outputs, errors and logs), and reads jest's result.
// Usage: node scripts/reliability-summary.mjs <report dir>
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
	console.error('usage: node scripts/reliability-summary.mjs <report dir>');
	process.exit(2);
}
const files = fs.readdirSync(dir);
const read = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

const suites = files.filter((f) => f.endsWith('.figures.json')).map(read);
const sum = (key) => suites.reduce((total, s) => total + (s[key] ?? 0), 0);

// The last check: needles of every suite against texts of every suite, so a token that surfaced in
// another file's output (or was only ever registered in one file) is still found.
const needles = [];
const texts = [];
for (const file of files.filter((f) => f.endsWith('.evidence.json'))) {
	const evidence = read(file);
	needles.push(...evidence.needles);
	for (const text of evidence.texts) texts.push({ ...text, suite: file.replace('.evidence.json', '') });
}
const hits = [];
for (const { suite, where, text } of texts) {
	for (const needle of needles) if (text.includes(needle.value)) hits.push(`${needle.kind} (${needle.name}) in ${suite}: ${where}`);
}
const tokenNeedles = needles.filter((n) => n.kind === 'token').length;
const tokenHits = hits.filter((h) => h.startsWith('token')).length;
const bytes = texts.reduce((total, t) => total + t.text.length, 0);

let jest;
if (files.includes('jest.json')) {
	const result = read('jest.json');
	const failedTests = result.testResults.flatMap((file) =>
		file.assertionResults.filter((t) => t.status === 'failed').map((t) => `${path.basename(file.name)}: ${t.fullName}`),
	);
	const brokenFiles = result.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).map((file) => path.basename(file.name));
	jest = { passed: result.numPassedTests, failed: result.numFailedTests, failedTests, brokenFiles };
}

// The load script's own process is the honest figure (its emulator runs in another process); the
// jest load suite shares a worker with every other suite, ts-jest and an in-process emulator.
const load = suites.find((s) => s.suite === 'load-script');
const jestLoad = suites.find((s) => s.suite === 'load');
const memory = (s) => `${s.peakRssMb} MB peak RSS`;
const line = (name, value) => console.log(`  ${name.padEnd(40)} ${value}`);

console.log('\nReliability summary');
line('cases tried', `${sum('casesTried')}  (${suites.map((s) => `${s.suite} ${s.casesTried}`).join(', ')})`);
// Cases per class of the hostile-world suites (issue 10), added up over every suite that counts them.
const byClass = {};
for (const s of suites) for (const [cls, n] of Object.entries(s.casesByClass ?? {})) byClass[cls] = (byClass[cls] ?? 0) + n;
for (const cls of Object.keys(byClass).sort()) line(`  ${cls}`, byClass[cls]);
line('faults injected', sum('faultsInjected'));
line('faults survived', `${sum('faultsSurvived')}  (retried to success; ${sum('faultsEndedAsErrors')} more ended as the error the policy calls for)`);
line('items lost', sum('itemsLost'));
line('token/password hits', `${tokenHits}  (${tokenNeedles} tokens and passwords searched in ${texts.length} outputs, errors and logs, ${(bytes / 1e6).toFixed(1)} MB)`);
line('base64 hits', `${hits.length - tokenHits}  (input images in the same texts)`);
line(
	'peak memory',
	[
		load && `${memory(load)} (load script, ${load.generationRequests} requests in ${((load.wallMs ?? 0) / 1000).toFixed(1)} s)`,
		jestLoad && `${memory(jestLoad)} (jest worker after the load suite)`,
	]
		.filter(Boolean)
		.join('; ') || 'not measured',
);
line('requests sent', sum('generationRequests'));
if (jest) {
	line('jest', `${jest.passed} passed, ${jest.failed} failed`);
	for (const name of jest.failedTests) console.log(`    failed: ${name}`);
	for (const name of jest.brokenFiles) console.log(`    did not run: ${name}`);
}
for (const hit of hits) console.log(`  LEAK: ${hit}`);

const missing = suites.length === 0 ? 'no suite wrote figures' : undefined;
if (missing) console.log(`  ${missing}`);
const bad = sum('itemsLost') > 0 || hits.length > 0 || !!missing || (jest && (jest.failed > 0 || jest.brokenFiles.length > 0));
process.exitCode = bad ? 1 : 0;
