import { quote } from '../messages/quote';

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

/** An open bracket group while scanning. */
interface Group {
	start: number;
	/** Index of the last colon at this group's own level, or -1. */
	colon: number;
	/** Whether anything but whitespace was seen in the group so far (nested groups count). */
	filled: boolean;
	/** Whether the words before `colon` hold anything but whitespace. */
	wordsBeforeColon: boolean;
	/** Whether a nested group opened after `colon` (then the "weight" cannot be a number). */
	groupAfterColon: boolean;
}

/**
 * Returns the first syntax problem of a weighted prompt, or undefined when it is well formed. One
 * pass, constant work per character (each group's weight text is looked at once, and weights of
 * different groups never overlap), so even deeply nested brackets cost linear time.
 */
export function findPromptProblem(prompt: string): PromptProblem | undefined {
	const open: Group[] = [];
	for (let i = 0; i < prompt.length; i++) {
		const ch = prompt[i];
		const top = open[open.length - 1];
		if (ch === '(') {
			if (top) {
				top.filled = true;
				if (top.colon !== -1) top.groupAfterColon = true;
			}
			open.push({ start: i, colon: -1, filled: false, wordsBeforeColon: false, groupAfterColon: false });
		} else if (ch === ')') {
			const group = open.pop();
			if (!group) return { position: i + 1, message: "')' has no matching '('" };
			const problem = checkGroup(prompt, group, i);
			if (problem) return problem;
		} else if (top) {
			if (ch === ':') {
				top.wordsBeforeColon = top.filled;
				top.colon = i;
				top.groupAfterColon = false;
			}
			if (ch.trim() !== '') top.filled = true;
		}
	}
	if (open.length > 0) {
		const start = open[open.length - 1].start;
		return { position: start + 1, message: "'(' is never closed" };
	}
	return undefined;
}

/** Checks one closed bracket group ending at `end`, from what the scan recorded about it. */
function checkGroup(prompt: string, group: Group, end: number): PromptProblem | undefined {
	if (!group.filled) return { position: group.start + 1, message: 'empty brackets' };
	if (group.colon === -1) return undefined;
	if (!group.wordsBeforeColon) {
		return { position: group.start + 1, message: 'a weight without words before the colon' };
	}
	const weight = group.groupAfterColon ? undefined : prompt.slice(group.colon + 1, end);
	if (weight === undefined || !WEIGHT.test(weight)) {
		const shown = (weight ?? prompt.slice(group.colon + 1, Math.min(end, group.colon + 41))).trim().slice(0, 40);
		return {
			position: group.colon + 2,
			message: `weight ${quote(shown)} is not a number (write e.g. "(words:1.2)")`,
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
