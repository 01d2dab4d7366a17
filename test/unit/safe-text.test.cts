import { excerpt, redactAnswer, safeText } from '../../nodes/shared/messages/safe-text';

const TOKEN = 'tok-5f3c9a1e-2b7d-4e0f-9c8a-1d2e3f4a5b6c';

describe('no cut leaves the start of a secret behind', () => {
	it('safeText cutting a huge text where a token spans the cut', () => {
		// Starting just before the cut, and one token length earlier (where a cut moved back by the
		// token's length used to fall).
		for (const offset of [1, 5, 20, TOKEN.length - 1, TOKEN.length + 12]) {
			const text = `${'a '.repeat(32 * 1024)}`.slice(0, 64 * 1024 - offset) + TOKEN + ' the rest';
			expect(safeText(text, [TOKEN], 200_000)).not.toContain(TOKEN.slice(0, Math.min(offset, 12)));
		}
	});

	it('excerpt of a long string field, of a buffer, of text', () => {
		const long = `${TOKEN} ${'x'.repeat(400)}`;
		// The buffers' tokens span where a cut of 4 × 300 bytes, or of the 64 KB window, would fall;
		// the spaces before them collapse, so what is kept would be short enough to show.
		const buffers = [1190, 64 * 1024 - 10, 64 * 1024 + 10].map((spaces) => Buffer.from(`${' '.repeat(spaces)}${TOKEN}`));
		for (const body of [{ detail: long }, ...buffers, long]) {
			const text = excerpt(body, [TOKEN]);
			expect(text).not.toContain(TOKEN.slice(0, 8));
		}
	});
});

describe('redactAnswer', () => {
	it('removes a token from strings and keys at any depth, in place, leaving buffers and numbers alone', () => {
		const bytes = Buffer.from(TOKEN);
		const answer = { a: [`x ${TOKEN} y`, { [`key-${TOKEN}`]: TOKEN }], bytes, n: 3 };
		expect(redactAnswer(answer, [TOKEN])).toBe(answer);
		expect(answer).toEqual({ a: ['x [redacted] y', { 'key-[redacted]': '[redacted]' }], bytes, n: 3 });
		expect(bytes.toString()).toBe(TOKEN);
	});

	it('an answer nested deeper than the call stack goes', () => {
		let deep: unknown = TOKEN;
		for (let depth = 0; depth < 200_000; depth++) deep = [deep];
		redactAnswer(deep, [TOKEN]);
		let inner = deep;
		while (Array.isArray(inner)) inner = inner[0];
		expect(inner).toBe('[redacted]');
	});

	it('leaves image data whole, where a short token can occur by chance', () => {
		const image = `${'QUJD'.repeat(500)}test${'QUJD'.repeat(500)}`;
		const answer = { image_b64: image, note: 'sent with test' };
		redactAnswer(answer, ['test']);
		expect(answer).toEqual({ image_b64: image, note: 'sent with [redacted]' });
	});

	it('text that is not JSON, and no secret worth looking for', () => {
		expect(redactAnswer(`bad ${TOKEN}`, [TOKEN])).toBe('bad [redacted]');
		expect(redactAnswer({ a: 'abc' }, ['ab'])).toEqual({ a: 'abc' });
	});
});
