// Checks request bodies against the official SDK's runtime schema (@octoai/sdk's Fern serializers),
// an independent second opinion on what our nodes send. Unknown keys fail here, unlike in the SDK client.
import { imageGen } from '@octoai/sdk/serialization';

/**
 * Parses a wire (snake_case) request body with `ImageGenerationRequest` and returns one
 * `path: message` string per problem; an empty list means the SDK accepts the body.
 * The SDK does not check ranges, integers, resolutions or engine applicability (the emulator does).
 */
export async function sdkRequestErrors(body: unknown): Promise<string[]> {
	const result = await imageGen.ImageGenerationRequest.parse(body, { unrecognizedObjectKeys: 'fail' });
	if (result.ok) return [];
	return result.errors.map((e) => (e.path.length > 0 ? `${e.path.join('.')}: ${e.message}` : e.message));
}

/** Jest assertion that the SDK schema accepts `body`; on failure the message lists every problem. */
export async function expectSdkValid(body: unknown): Promise<void> {
	const errors = await sdkRequestErrors(body);
	if (errors.length > 0) {
		throw new Error(`@octoai/sdk ImageGenerationRequest rejects the body:\n  ${errors.join('\n  ')}`);
	}
}

/** Any Fern schema of `@octoai/sdk/serialization` (request or response). */
interface SdkSchema {
	parse(raw: unknown, opts: { unrecognizedObjectKeys: 'fail' }): unknown;
}

type ParseResult = { ok: true } | { ok: false; errors: Array<{ path: string[]; message: string }> };

/**
 * Jest assertion that a wire (snake_case) body parses with an SDK schema, strictly: unknown keys,
 * missing required keys, wrong types and unknown enum values all fail. `what` names the body in the message.
 */
export async function expectParses(schema: SdkSchema, body: unknown, what: string): Promise<void> {
	const result = (await schema.parse(body, { unrecognizedObjectKeys: 'fail' })) as ParseResult;
	if (!result.ok) {
		const errors = result.errors.map((e) => (e.path.length > 0 ? `${e.path.join('.')}: ${e.message}` : e.message));
		throw new Error(`@octoai/sdk schema rejects ${what}:\n  ${errors.join('\n  ')}\n${JSON.stringify(body, null, 2)}`);
	}
}
