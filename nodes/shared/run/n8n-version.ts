import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

/**
 * The oldest n8n release the package is tested on (README, "Compatibility"; the oldest lane of
 * scripts/matrix.sh). n8n gives a community package no way to refuse an install by version: its lint
 * requires the peer range `"n8n-workflow": "*"`, and its installer drops peerDependencies anyway. So
 * every node checks, when it starts a run, that n8n offers what the package calls, and names this
 * release when something is missing instead of failing later with "x is not a function".
 */
export const OLDEST_SUPPORTED_N8N = '1.123.81';

/** The execute context's helpers every node may call (optional ones, such as signed URLs, are probed where used). */
const REQUIRED_HELPERS = ['httpRequest', 'prepareBinaryData', 'getBinaryDataBuffer', 'assertBinaryData'] as const;
/**
 * The execute context's own methods every node may call. addExecutionHints came to n8n's execute
 * context in 1.79 and to an agent tool's (SupplyDataContext) only late in 1.x: the nodes call it after
 * billed work, so an n8n without it must be refused before anything is sent.
 */
const REQUIRED_METHODS = [
	'getExecutionCancelSignal',
	'addExecutionHints',
	'continueOnFail',
	'getInputData',
	'getNodeParameter',
	'getCredentials',
	'getExecutionId',
] as const;

/** What this n8n lacks of what the package calls, by the name a developer would look up; [] on a supported n8n. */
export function missingN8nFeatures(ctx: IExecuteFunctions): string[] {
	const helpers = (ctx.helpers ?? {}) as unknown as Record<string, unknown>;
	const context = ctx as unknown as Record<string, unknown>;
	return [
		...REQUIRED_METHODS.filter((name) => typeof context[name] !== 'function'),
		...REQUIRED_HELPERS.filter((name) => typeof helpers[name] !== 'function').map((name) => `helpers.${name}`),
	];
}

/** Stops the run before any item is read or sent when this n8n is older than the package supports. */
export function requireSupportedN8n(ctx: IExecuteFunctions): void {
	const missing = missingN8nFeatures(ctx);
	if (missing.length === 0) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`This n8n is older than the OctoAI nodes support: it has no ${missing.join(', ')}`,
		{
			description: `The OctoAI nodes need n8n ${OLDEST_SUPPORTED_N8N} or newer. Update n8n; nothing was sent to OctoAI.`,
		},
	);
}
