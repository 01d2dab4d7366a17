#!/usr/bin/env node
// Adds up jest's --json result files into one closing line: "N passed, N failed" (plus skipped).
import fs from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of process.argv.slice(2)) {
	const result = JSON.parse(fs.readFileSync(file, 'utf8'));
	passed += result.numPassedTests;
	failed += result.numFailedTests;
	skipped += result.numPendingTests + (result.numTodoTests ?? 0);
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
