import type { UsableAsToolDescription } from 'n8n-workflow';

/**
 * The description an AI agent reads for a node used as its tool (n8n's default for the tool's
 * "Description"): what the tool makes, what the model may fill in, and what comes back, so the
 * model knows to show the picture rather than describe it.
 */
export function asTool(makes: string, inputs: string): UsableAsToolDescription {
	return {
		replacements: {
			description:
				`${makes}. ${inputs} ` +
				'Answers with JSON per file (seed, size, type, byte size, estimated cost, whether it was removed for safety) ' +
				'and a link the user can open for 24 hours; include the given Markdown in your reply to show the result.',
		},
	};
}

/** What the model may fill in on an engine node (the fields the user set to "let the model define"). */
export const ENGINE_TOOL_INPUTS =
	'Give a detailed prompt of what the picture shows; a negative prompt, size, number of images and seed may be asked for too.';
