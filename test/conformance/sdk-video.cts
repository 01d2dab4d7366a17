// The official SDK's VideoGenerationRequest schema as an independent check of the video node's bodies.
import { imageGen } from '@octoai/sdk/serialization';

/** One `path: message` per problem the SDK's schema finds in a wire body, unknown keys included; [] = valid. */
export async function sdkVideoRequestErrors(body: unknown): Promise<string[]> {
	const result = await imageGen.VideoGenerationRequest.parse(body, { unrecognizedObjectKeys: 'fail' });
	if (result.ok) return [];
	return result.errors.map((e) => (e.path.length > 0 ? `${e.path.join('.')}: ${e.message}` : e.message));
}
