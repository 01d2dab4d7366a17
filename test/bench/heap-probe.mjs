// `npm run bench -- --heap-probe`: how the size of the process's heap changes the cost of reading
// and decoding generation answers. The same client loop as the node's streaming path (n8n's axios
// with `responseType: 'stream'`, the package's readBodyWith, MediaJsonScanner and image buffer pool) runs in a bare
// Node process, then with n8n's module graph loaded (n8n's heap before it runs anything), then with
// the same order of plain objects. Each is timed twice: freeing every chunk once decoded, as the
// node does (free-memory.ts), and leaving the chunks to the garbage collector.
// Usage: node heap-probe.mjs <url> <count> <concurrency> <bare|n8n|objects> <n8n package dir> <package dist dir>
import { createRequire } from 'node:module';
import path from 'node:path';

import { runBatch } from './batch.mjs';

const [url, countArg, concurrencyArg, mode, n8nDir, distDir] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const fromN8n = createRequire(path.join(n8nDir, 'package.json'));

if (mode === 'n8n') {
	for (const name of ['n8n-workflow', 'n8n-core', '@n8n/db', '@n8n/backend-common', './dist/commands/execute.js']) {
		fromN8n(name.startsWith('./') ? path.join(n8nDir, name) : name);
	}
}
if (mode === 'objects') {
	globalThis.kept = Array.from({ length: 1_000_000 }, (_, n) => ({ n, text: `item ${n}`, pair: [n, n + 1] }));
}
const heapMb = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);

const axios = createRequire(fromN8n.resolve('@n8n/backend-network'))('axios');
const fromDist = (file) => createRequire(import.meta.url)(path.join(distDir, 'nodes/shared', file));
const { MediaJsonScanner } = fromDist('http/json-media-stream.js');
const { MediaBufferPool } = fromDist('http/media-buffers.js');
const { readBodyWith } = fromDist('http/response-body.js');
const pool = new MediaBufferPool();

async function one(free) {
	const response = await axios({
		url,
		method: 'POST',
		data: '{"prompt":"a noisy test card"}',
		headers: { 'content-type': 'application/json' },
		responseType: 'stream',
		maxContentLength: Infinity,
		validateStatus: () => true,
	});
	const scanner = new MediaJsonScanner(undefined, Number(response.headers['content-length']), undefined, pool);
	// The node's reader: with `copiesWhatItKeeps` it frees each chunk once decoded (free-memory.ts).
	const sink = { push: (chunk) => scanner.push(chunk), end: () => scanner.end(), copiesWhatItKeeps: free };
	const [image] = (await readBodyWith(response.data, new AbortController().signal, () => 'deadline', sink)).images;
	pool.release(image); // as once n8n has stored it on disk
	return image.length;
}

const batch = (free) => runBatch(count, concurrency, () => one(free));
const timed = async (free) => {
	const started = performance.now();
	const decoded = await batch(free);
	return { ms: performance.now() - started, bytes: decoded };
};

// Two untimed batches of each first (compiling the code), then three timed rounds of both, taking
// turns at going first; the medians.
for (const free of [false, true, false, true]) await batch(free);
const rounds = { kept: [], freed: [] };
const bytes = { kept: 0, freed: 0 };
for (let round = 0; round < 3; round++) {
	for (const free of round % 2 === 0 ? [false, true] : [true, false]) {
		const result = await timed(free);
		rounds[free ? 'freed' : 'kept'].push(result.ms);
		bytes[free ? 'freed' : 'kept'] = result.bytes;
	}
}
const median = (times) => [...times].sort((a, b) => a - b)[1];
console.log(JSON.stringify({ keptMs: median(rounds.kept), freedMs: median(rounds.freed), bytes: bytes.freed, keptBytes: bytes.kept, heapMb }));
