// `npm run bench -- --heap-probe`: how the size of the process's heap changes the cost of reading
// and decoding generation answers. The same client loop as the node's streaming path (n8n's axios
// with `responseType: 'stream'`, the package's ImageJsonScanner) runs in a bare Node process, then
// with n8n's module graph loaded (n8n's heap before it runs anything), then with the same order of
// plain objects; garbage collection has that much more to mark each time.
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
const { ImageJsonScanner } = createRequire(import.meta.url)(path.join(distDir, 'nodes/shared/stream-json-images.js'));

async function one() {
	const response = await axios({
		url,
		method: 'POST',
		data: '{"prompt":"a noisy test card"}',
		headers: { 'content-type': 'application/json' },
		responseType: 'stream',
		maxContentLength: Infinity,
		validateStatus: () => true,
	});
	const scanner = new ImageJsonScanner(undefined, Number(response.headers['content-length']));
	await new Promise((resolve, reject) => {
		response.data.on('data', (chunk) => scanner.push(chunk));
		response.data.on('end', resolve);
		response.data.on('error', reject);
	});
	return scanner.end().images[0].length;
}

const batch = () => runBatch(count, concurrency, one);

// Two untimed batches first (compiling the code), then the median of three timed ones.
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
console.log(JSON.stringify({ ms: times[1], bytes, heapMb }));
