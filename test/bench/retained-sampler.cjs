// Loaded into n8n's process by the bench's retained-memory run (NODE_OPTIONS=--require): when the
// process starts its Nth outgoing HTTP request, for each N in OCTOAI_BENCH_RETAINED_AT, asks the
// inspector for a full garbage collection (it runs as a task of its own a moment later, while the
// other requests go on) and notes what survived it; at exit, writes the notes
// to the file OCTOAI_BENCH_RETAINED_FILE names. What survives a full collection is what the process
// holds on to, as opposed to the garbage a peak of its resident set also contains.
const { writeFileSync } = require('node:fs');

const file = process.env.OCTOAI_BENCH_RETAINED_FILE;
const at = new Set((process.env.OCTOAI_BENCH_RETAINED_AT ?? '').split(',').filter(Boolean).map(Number));
if (file && at.size > 0) {
	const { Session } = require('node:inspector');
	const session = new Session();
	session.connect();
	const notes = [];
	let requests = 0;
	require('node:diagnostics_channel').subscribe('http.client.request.start', () => {
		requests++;
		if (!at.has(requests)) return;
		const request = requests;
		session.post('HeapProfiler.collectGarbage', (error) => {
			const { heapUsed, arrayBuffers, rss } = process.memoryUsage();
			notes.push({ request, heapUsed, arrayBuffers, rss, error: error ? String(error) : undefined });
		});
	});
	process.on('exit', () => writeFileSync(file, JSON.stringify(notes)));
}
