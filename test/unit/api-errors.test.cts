// Issue 24, class 6: a server's own text is shown whatever the JSON shape of its error answer.
import { apiMessage, describeApiError, serverText } from '../../nodes/shared/http/api-errors';

describe('apiMessage keeps the server text of any JSON shape', () => {
	it.each([
		['a 422 whose msg is an object', { detail: [{ loc: ['body', 'steps'], msg: { text: 'too many steps' } }] }, 'too many steps'],
		['a 422 whose msg is a list', { detail: [{ loc: ['body', 'steps'], msg: ['too many', 'at most 200'] }] }, 'too many; at most 200'],
		['a 422 whose msg is a number', { detail: [{ loc: ['body', 'steps'], msg: 42 }] }, 'Steps (steps): 42'],
		['a 422 entry without msg but with message', { detail: [{ loc: ['body', 'width'], message: 'not a multiple of 8' }] }, 'not a multiple of 8'],
		['a detail object', { detail: { error: 'quota exceeded' } }, 'quota exceeded'],
		['a detail number', { detail: 503 }, '503'],
		['a nested error object', { error: { code: 'E1', message: 'engine is warming up' } }, 'engine is warming up'],
		['an error list', { errors: [{ reason: 'first' }, { reason: 'second' }] }, 'first; second'],
		['a message list', { message: ['a', 'b'] }, 'a; b'],
		['a detail list of strings', { detail: ['bad prompt', 'bad size'] }, 'bad prompt; bad size'],
		['a bare list', ['broken', { msg: 'badly' }], 'broken; badly'],
		['a bare number', 418, '418'],
		['an object of unknown keys', { code: 'E42', hint: 'shorter prompt' }, '"hint":"shorter prompt"'],
		['a deeply nested detail', { detail: { detail: { detail: { message: 'deep reason' } } } }, 'deep reason'],
	])('%s', (_name, body, expected) => {
		expect(apiMessage(body)).toContain(expected);
	});

	it('no "invalid" placeholder when the server said something', () => {
		expect(apiMessage({ detail: [{ loc: ['body', 'prompt'], msg: { reason: 'contains banned words' } }] })).toBe('Prompt (prompt): contains banned words');
	});

	it('bounded: a huge text or list is cut', () => {
		expect(serverText('x'.repeat(10_000))!.length).toBeLessThanOrEqual(300);
		expect(serverText(Array.from({ length: 1000 }, (_, i) => `entry ${i}`))!.length).toBeLessThanOrEqual(300);
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		expect(() => apiMessage(cyclic)).not.toThrow();
	});

	it('empty answers give no message', () => {
		expect(apiMessage({})).toBeUndefined();
		expect(apiMessage(null)).toBeUndefined();
		expect(apiMessage({ detail: [] })).toBeUndefined();
		expect(describeApiError(500, {}).message).toBe('OctoAI server error (500)');
	});
});
