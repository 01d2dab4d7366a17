import { quote } from './quote';

/**
 * Syntax checks for OctoAI's prompt weighting: `(words)` multiplies by 1.1 per bracket level and
 * `(words: 0.8)` sets an explicit factor. The service does the weighting; we only catch what it
 * would misread, so the user hears about it before paying for a generation.
 */

export interface PromptProblem {
	/** 1-based character position in the prompt. */
	position: number;
	message: string;
}

const WEIGHT = /^\s*(\d+(\.\d+)?|\.\d+)\s*$/;

/** Returns the first syntax problem of a weighted prompt, or undefined when it is well formed. */
export function findPromptProblem(prompt: string): PromptProblem | undefined {
	const open: number[] = [];
	for (let i = 0; i < prompt.length; i++) {
		const ch = prompt[i];
		if (ch === '(') {
			open.push(i);
		} else if (ch === ')') {
			const start = open.pop();
			if (start === undefined) {
				return { position: i + 1, message: "')' has no matching '('" };
			}
			const problem = checkGroup(prompt, start, i);
			if (problem) return problem;
		}
	}
	if (open.length > 0) {
		const start = open[open.length - 1];
		return { position: start + 1, message: "'(' is never closed" };
	}
	return undefined;
}

/** Checks one bracket group `prompt[start..end]`, whose inner groups are already checked. */
function checkGroup(prompt: string, start: number, end: number): PromptProblem | undefined {
	const inner = prompt.slice(start + 1, end);
	if (inner.trim() === '') {
		return { position: start + 1, message: 'empty brackets' };
	}
	// Only a colon at this nesting level introduces this group's weight.
	let depth = 0;
	let colon = -1;
	for (let j = 0; j < inner.length; j++) {
		if (inner[j] === '(') depth++;
		else if (inner[j] === ')') depth--;
		else if (inner[j] === ':' && depth === 0) colon = j;
	}
	if (colon === -1) return undefined;
	const words = inner.slice(0, colon);
	const weight = inner.slice(colon + 1);
	const weightPosition = start + 2 + colon + 1;
	if (words.trim() === '') {
		return { position: start + 1, message: 'a weight without words before the colon' };
	}
	if (!WEIGHT.test(weight)) {
		return {
			position: weightPosition,
			message: `weight ${quote(weight.trim())} is not a number (write e.g. "(words:1.2)")`,
		};
	}
	return undefined;
}

/**
 * Rough count of the CLIP tokens a prompt uses: words and punctuation, with weighting brackets and
 * weights left out (the service does not count them). CLIP's tokenizer splits rare words further,
 * so this is a lower bound, good enough to warn that the end of a long prompt will be ignored.
 */
export function estimateClipTokens(prompt: string): number {
	const plain = prompt.replace(/:\s*(\d+(\.\d+)?|\.\d+)\s*\)/g, ')').replace(/[()]/g, ' ');
	return plain.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}
