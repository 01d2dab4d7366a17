import { estimateClipTokens, findPromptProblem } from '../../nodes/shared/fields/prompt';

describe('prompt weighting syntax', () => {
	it.each([
		'a red fox',
		'a (red) fox',
		'a (((red))) fox',
		'a (red fox:1.3) in snow',
		'a (red fox: 0.8)',
		'(a (red:1.2) fox:0.9)',
		'(sks person:1.2) on a beach',
		'style: anime, colon outside brackets is plain text',
		'(.5 weight:.5)',
	])('accepts %p', (prompt) => {
		expect(findPromptProblem(prompt)).toBeUndefined();
	});

	it.each([
		['a (red fox', 3, "'(' is never closed"],
		['a red) fox', 6, "')' has no matching '('"],
		['a (red:abc) fox', 8, 'weight "abc" is not a number'],
		['a (red:) fox', 8, 'weight "" is not a number'],
		['a (:1.2) fox', 3, 'a weight without words'],
		['a () fox', 3, 'empty brackets'],
		['a (red:1.2.3)', 8, 'weight "1.2.3" is not a number'],
		['((nested) open', 1, "'(' is never closed"],
	])('reports %p at position %p', (prompt, position, message) => {
		const problem = findPromptProblem(prompt as string);
		expect(problem).toBeDefined();
		expect(problem!.position).toBe(position);
		expect(problem!.message).toContain(message);
	});
});

describe('CLIP token estimate', () => {
	it('counts words and punctuation but not weights and brackets', () => {
		expect(estimateClipTokens('a red fox')).toBe(3);
		expect(estimateClipTokens('a (red fox:1.3), in snow')).toBe(6);
		expect(estimateClipTokens('(((red)))')).toBe(1);
		expect(estimateClipTokens('')).toBe(0);
		expect(estimateClipTokens('word '.repeat(80))).toBe(80);
	});
});
