// `npm run bench -- --heap-probe`: how the size of the process's heap changes the cost of reading
// and decoding generation answers. The same client loop as the node's streaming path (n8n's axios
// with `responseType: 'stream'`, the package's ImageJsonScanner and image buffer pool) runs in a bare
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
const { ImageJsonScanner } = fromDist('stream-json-images.js');
const { ImageBufferPool } = fromDist('image-buffers.js');
const { freeMemory } = fromDist('free-memory.js');
const pool = new ImageBufferPool();

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
	const scanner = new ImageJsonScanner(undefined, Number(response.headers['content-length']), undefined, pool);
	await new Promise((resolve, reject) => {
		response.data.on('data', (chunk) => {
			scanner.push(chunk);
			if (free) freeMemory(chunk);
		});
		response.data.on('end', resolve);
		response.data.on('error', reject);
	});
	const [image] = scanner.end().images;
	pool.release(image); // as once n8n has stored it on disk
	return image.length;
}

/** Two untimed batches first (compiling the code), then the median of three timed ones. */
async function median(free) {
	const batch = () => runBatch(count, concurrency, () => one(free));
	await batch();
	await batch();
	const times = [];
	let bytes = 0;
	for (let round = 0; round < 3; round++) {
		const started = performance.now();
		bytes = await batch();
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	return { ms: times[1], bytes };
}

const kept = await median(false);
const freed = await median(true);
console.log(JSON.stringify({ keptMs: kept.ms, freedMs: freed.ms, bytes: freed.bytes, keptBytes: kept.bytes, heapMb }));
