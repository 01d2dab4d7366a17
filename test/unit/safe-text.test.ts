import { excerpt, redactAnswer, safeText } from '../../nodes/shared/safe-text';

const TOKEN = 'tok-5f3c9a1e-2b7d-4e0f-9c8a-1d2e3f4a5b6c';

describe('no cut leaves the start of a secret behind', () => {
	it('safeText cutting a huge text where a token spans the cut', () => {
		for (const offset of [1, 5, 20, TOKEN.length - 1]) {
			const text = `${'a '.repeat(32 * 1024)}`.slice(0, 64 * 1024 - offset) + TOKEN + ' the rest';
			expect(safeText(text, [TOKEN], 200_000)).not.toContain(TOKEN.slice(0, Math.min(offset, 12)));
		}
	});

	it('excerpt of a long string field, of a buffer, of text', () => {
		const long = `${TOKEN} ${'x'.repeat(400)}`;
		for (const body of [{ detail: long }, Buffer.from(`${'y'.repeat(1190)}${TOKEN}`), long]) {
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

	it('text that is not JSON, and no secret worth looking for', () => {
		expect(redactAnswer(`bad ${TOKEN}`, [TOKEN])).toBe('bad [redacted]');
		expect(redactAnswer({ a: 'abc' }, ['ab'])).toEqual({ a: 'abc' });
	});
});
