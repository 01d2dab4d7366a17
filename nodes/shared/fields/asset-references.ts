import { NodeOperationError, type IExecuteFunctions, type INodePropertyRegexValidation } from 'n8n-workflow';

import { quote } from '../messages/quote';

const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

/** Longest id or name the nodes send anywhere; OctoAI's are far shorter. */
export const MAX_REFERENCE_LENGTH = 200;

/**
 * Why a trimmed text cannot be an asset or tune id or name, or undefined when it can: empty, "." or
 * ".." (which URL normalisation turns into other paths), control characters, or longer than
 * MAX_REFERENCE_LENGTH. The one rule for ids and names in request paths (segment) and for the asset
 * names an engine node sends.
 */
export function referenceProblem(text: string): string | undefined {
	if (text === '') return 'is empty';
	if (/^\.{1,2}$/.test(text)) return 'is not an id or a name';
	if ([...text].some(isControl)) return 'contains control characters';
	if (text.length > MAX_REFERENCE_LENGTH) return `is too long: an id or a name has at most ${MAX_REFERENCE_LENGTH} characters`;
	return undefined;
}

/** "<label> <value> <problem>" for a text referenceProblem refused; control characters shown escaped. */
export function referenceError(label: string, text: string, problem: string): string {
	if (text === '') return `${label} ${problem}`;
	const escaped = [...text].map((c) => (isControl(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
	return `${label} ${quote(escaped)} ${problem}`;
}

/**
 * What the "By ID" and "By Name" modes of the asset and tune pickers accept. The editor checks typed
 * text with these; readReference checks the same at run time, since expressions skip the editor.
 */
export const REFERENCE_PATTERNS = {
	assetId: { regex: '^asset_[0-9A-Za-z]+$', errorMessage: 'An asset ID looks like asset_01H…' },
	tuneId: { regex: '^tune_[0-9A-Za-z]+$', errorMessage: 'A tune ID looks like tune_01H…' },
	// A name, `owner:name` or `octoai:name`: no slashes, not "." or "..", no leading space.
	assetName: {
		regex: `^(?!\\.{1,2}$)[^\\s/\\\\][^/\\\\]{0,${MAX_REFERENCE_LENGTH - 1}}$`,
		errorMessage: 'An asset name like my-lora, owner:my-lora or octoai:add-detail (no slashes)',
	},
} as const;

export type ReferenceKind = keyof typeof REFERENCE_PATTERNS;

/** The `validation` entry of a resource-locator mode. */
export function modeValidation(kind: ReferenceKind): INodePropertyRegexValidation[] {
	return [{ type: 'regex', properties: { ...REFERENCE_PATTERNS[kind] } }];
}

/**
 * The id or name a resource-locator parameter holds, checked against its mode's pattern (a value
 * from the list mode is checked against each kind the list offers).
 */
export function readReference(
	ctx: IExecuteFunctions,
	itemIndex: number,
	parameter: string,
	label: string,
	modes: Record<string, ReferenceKind[]>,
): string {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: false }) as unknown;
	const mode = raw && typeof raw === 'object' && 'mode' in raw ? String((raw as { mode: unknown }).mode) : 'list';
	const value = ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) as unknown;
	if (value !== null && typeof value === 'object') {
		throw new NodeOperationError(ctx.getNode(), `${label} must be text, but the expression gave ${Array.isArray(value) ? 'a list' : 'an object'}`, { itemIndex });
	}
	const text = String(value ?? '').trim();
	if (!text) throw new NodeOperationError(ctx.getNode(), `${label}: no ${label.toLowerCase()} given`, { itemIndex });
	const kinds = modes[mode] ?? Object.values(modes).flat();
	if (!kinds.some((kind) => new RegExp(REFERENCE_PATTERNS[kind].regex).test(text))) {
		const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
		throw new NodeOperationError(ctx.getNode(), `${label} "${shown}" is not valid: ${kinds.map((kind) => REFERENCE_PATTERNS[kind].errorMessage).join(', or ')}`, {
			itemIndex,
		});
	}
	return text;
}
