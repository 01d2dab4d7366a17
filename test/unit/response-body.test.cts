import { PassThrough } from 'node:stream';

import { BodyReadError, readBodyWith } from '../../nodes/shared/http/response-body';

const collect = () => {
	const chunks: Buffer[] = [];
	return { push: (chunk: Buffer) => void chunks.push(chunk), end: () => Buffer.concat(chunks) };
};

describe('readBodyWith', () => {
	it('reads a body whole', async () => {
		const stream = new PassThrough();
		stream.end('{"ok":true}');
		const body = await readBodyWith(stream, new AbortController().signal, () => 'deadline', collect());
		expect(body.toString()).toBe('{"ok":true}');
	});

	it('a stream closed before anyone listened (the connection dropped while the answer waited) is a cut-off at once, not a wait for the deadline', async () => {
		const stream = new PassThrough();
		stream.write('{"images":[{"image_b64":"iVBO');
		stream.destroy();
		await new Promise((resolve) => setImmediate(resolve)); // its 'close' has been emitted, unheard
		const started = Date.now();
		const read = readBodyWith(stream, new AbortController().signal, () => 'deadline', collect());
		await expect(read).rejects.toBeInstanceOf(BodyReadError);
		await expect(read).rejects.toMatchObject({ reason: 'cut-off' });
		expect(Date.now() - started).toBeLessThan(1_000);
	});
});
