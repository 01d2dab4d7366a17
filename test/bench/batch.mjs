// One batch of the bench's client scripts (floor.mjs, heap-probe.mjs): `count` requests, at most
// `concurrency` at once, each by `one()`, which gives the bytes it decoded; resolves to their sum.
export async function runBatch(count, concurrency, one) {
	let next = 0;
	let bytes = 0;
	const worker = async () => {
		while (next < count) {
			next++;
			const decoded = await one(); // not `bytes += await …`, which would add to a stale total
			bytes += decoded;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return bytes;
}
