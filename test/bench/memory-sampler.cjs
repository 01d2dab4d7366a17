// Loaded into n8n's process by `npm run bench -- --memory-breakdown` (NODE_OPTIONS=--require):
// samples process.memoryUsage() every 20 ms and, at exit, writes what made up the resident set at
// its highest sample to the file OCTOAI_BENCH_MEMORY_FILE names.
const { writeFileSync } = require('node:fs');

const file = process.env.OCTOAI_BENCH_MEMORY_FILE;
if (file) {
	let peak = process.memoryUsage();
	const timer = setInterval(() => {
		const now = process.memoryUsage();
		if (now.rss >= peak.rss) peak = now;
	}, 20);
	timer.unref();
	process.on('exit', () => writeFileSync(file, JSON.stringify(peak)));
}
