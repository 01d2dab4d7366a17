// What the Asset Library test files share: engines, fast polling, a LoRA upload through the node and
// an SDXL generation that uses a LoRA.
import type { INodeParameters } from 'n8n-workflow';

import { runEngineNode, type TestEnv } from './helpers.cts';
import { fileItem, locator, runPlatformNode, safetensors } from './platform-helpers.cts';

export const SDXL = 'image/stable-diffusion-xl-v1-0';
export const SD15 = 'image/stable-diffusion-v1-5';
export const FAST = { pollInterval: 0.1 };

/** Uploads one LoRA through the node and returns the run. */
export async function uploadLora(target: TestEnv, name: string, bytes = safetensors(), options: INodeParameters = FAST) {
	return await runPlatformNode(
		target,
		'octoAiAssetLibrary',
		{ operation: 'upload', assetName: name, assetType: 'lora', engine: SDXL, triggerWords: 'crayon, wax', options },
		{ inputItems: [await fileItem(bytes, `${name}.safetensors`)] },
	);
}

/** The owner part of `owner:name` for a private asset: the emulator names a token's tenant after its uuid. */
export function ownerName(tenantUuid: string): string {
	return `tenant-${tenantUuid.slice(0, 8)}`;
}

/** SDXL generation with a LoRA, under the given credential overrides. */
export async function generateWithLora(target: TestEnv, credentials: Record<string, string>, loraName: string) {
	return await runEngineNode(
		target,
		'octoAiSdxl',
		{ prompt: 'a fox, crayon', loras: { entries: [{ name: locator('name', loraName), weight: 0.7 }] } },
		{ credentials },
	);
}
