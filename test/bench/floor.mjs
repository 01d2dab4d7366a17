// The floor: a bare Node client that fetches and decodes the same responses outside n8n.
// Usage: node floor.mjs <url> <count> <concurrency>; prints one JSON line.
const [url, countArg, concurrencyArg] = process.argv.slice(2);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const started = performance.now();
let next = 0;
let bytes = 0;
async function worker() {
	while (next < count) {
		next++;
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ prompt: 'a noisy test card' }),
		});
		const json = await response.json();
		for (const image of json.images) bytes += Buffer.from(image.image_b64, 'base64').length;
	}
}
await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, bytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
