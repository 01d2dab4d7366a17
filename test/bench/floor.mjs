// The floor: a bare Node client that fetches and decodes the same responses outside n8n.
// Usage: node floor.mjs <url> <count> <concurrency> [first|warm]; prints one JSON line.
// "warm" runs the batch once untimed first, as the warm runs of the n8n paths do.
import { runBatch } from './batch.mjs';

const [url, countArg, concurrencyArg, run = 'first'] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);

async function one() {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt: 'a noisy test card' }),
	});
	const json = await response.json();
	let bytes = 0;
	for (const image of json.images) bytes += Buffer.from(image.image_b64, 'base64').length;
	return bytes;
}
const batch = () => runBatch(count, concurrency, one);

if (run === 'warm') await batch();
const started = performance.now();
const bytes = await batch();
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
