import type { INodeProperties } from 'n8n-workflow';

import { LINK_LIFETIME } from './tool-answer';

/**
 * The "Description" an AI agent (or an MCP client) reads for a node used as its tool: what the tool
 * makes, what the model may fill in, and what comes back, so the model knows to show the picture.
 * A property of the node's own, shown only on its tool variant (`@tool`): n8n adds a default one
 * (the node's one-line description) only when the node has none, and applies `usableAsTool`
 * replacements in the editor but not when the workflow runs.
 */
export function toolDescriptionProperty(makes: string, inputs: string): INodeProperties {
	const text =
		`${makes}. ${inputs} ` +
		'Answers with JSON per file (seed, size, type, byte size, estimated cost, whether it was removed for safety) ' +
		`and a link the user can open for ${LINK_LIFETIME.text}; include the given Markdown in your reply to show the result.`;
	return {
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: text,
		required: true,
		typeOptions: { rows: 3 },
		description: 'What the agent is told this tool does and returns',
		displayOptions: { show: { '@tool': [true] } },
	};
}

/** What the model may fill in on an engine node (the fields the user set to "let the model define"). */
export const ENGINE_TOOL_INPUTS =
	'Give a detailed prompt of what the picture shows; a negative prompt, size, number of images and seed may be asked for too.';
