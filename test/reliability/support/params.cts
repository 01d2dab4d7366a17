import type { INodeParameters } from 'n8n-workflow';

/**
 * Sets a value at a dotted path in node parameters (`options.steps`, `loras.entries.0.weight`),
 * creating objects on the way. Works on a deep copy, so shared bases stay untouched.
 */
export function withValue(parameters: INodeParameters, path: string, value: unknown): INodeParameters {
	const copy = structuredClone(parameters) as Record<string, unknown>;
	const keys = path.split('.');
	let node: Record<string, unknown> = copy;
	for (const key of keys.slice(0, -1)) {
		if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
		node = node[key] as Record<string, unknown>;
	}
	node[keys[keys.length - 1]] = value;
	return copy as INodeParameters;
}

/** An n8n expression whose result is exactly this value (of any JSON type). */
export function expressionOf(value: unknown): string {
	return `={{ ${value === undefined ? 'undefined' : JSON.stringify(value)} }}`;
}

/** The longest known label a message starts with (so "Prompt 2 ..." is not read as "Prompt"). */
export function leadingLabel(message: string, labels: readonly string[]): string | undefined {
	return [...labels]
		.sort((a, b) => b.length - a.length)
		.find((label) => new RegExp(`^${escapeRegExp(label)}(?=[\\s:(]|$)`).test(message));
}

/** Text for a RegExp that matches it literally. */
export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
