import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { buildWorkflow, octoAiCredential, octoAiNode, workflowNode, type CredentialToImport, type WorkflowToImport } from '../../e2e/lib/index.cts';

/**
 * The emulator tokens of the scale workflows, one credential each, so each workflow's API requests
 * can be told apart in the emulator's log (and latency queued for one of them only).
 */
export const SCALE_TOKENS = {
	image: 'scale-image-token',
	burst: 'scale-burst-token',
	schedule: 'scale-schedule-token',
	slow: 'scale-slow-token',
} as const;

export type ScaleWorkflowKey = keyof typeof SCALE_TOKENS;

/** Webhook paths (production URL `<main>/webhook/<path>`). */
export const SCALE_PATHS = { image: 'scale-image', burst: 'scale-burst', slow: 'scale-slow' } as const;

/** Workflow ids, fixed so tests can find their executions in Postgres. */
export const SCALE_WORKFLOW_IDS: Record<ScaleWorkflowKey, string> = {
	image: 'scaleWebhookImage1',
	burst: 'scaleWebhookBurst1',
	schedule: 'scaleScheduleSd151',
	slow: 'scaleWebhookSlow01',
};

/** Images per burst call. */
export const BURST_IMAGES_PER_CALL = 2;

export function scaleCredentials(emulatorUrl: string): Record<ScaleWorkflowKey, CredentialToImport> {
	const credential = (key: ScaleWorkflowKey) => octoAiCredential(`scaleCred${key}`, `OctoAI scale ${key}`, SCALE_TOKENS[key], emulatorUrl);
	return { image: credential('image'), burst: credential('burst'), schedule: credential('schedule'), slow: credential('slow') };
}

function webhook(pathName: string) {
	return workflowNode(
		'Webhook',
		'n8n-nodes-base.webhook',
		{ httpMethod: 'POST', path: pathName, responseMode: 'responseNode', options: {} },
		{ typeVersion: 2, webhookId: `${pathName}-hook` },
	);
}

/** Respond to Webhook with the `data` binary of the first item (the generated image). */
function respondWithImage() {
	return workflowNode(
		'Respond with Image',
		'n8n-nodes-base.respondToWebhook',
		{ respondWith: 'binary', responseDataSource: 'set', inputFieldName: 'data', options: {} },
		{ typeVersion: 1.1 },
	);
}

/** Webhook (POST {prompt}) -> OctoAI SDXL -> Respond to Webhook with the PNG. */
function imageWorkflow(key: 'image' | 'slow', credential: CredentialToImport): WorkflowToImport {
	const sdxl = octoAiNode('OctoAI SDXL', 'octoAiSdxl', { prompt: '={{ $json.body.prompt }}', numImages: 1 }, credential);
	const workflow = buildWorkflow(`Scale: webhook to SDXL image (${key})`, [webhook(SCALE_PATHS[key]), sdxl, respondWithImage()], [
		['Webhook', 'OctoAI SDXL'],
		['OctoAI SDXL', 'Respond with Image'],
	]);
	return { ...workflow, id: SCALE_WORKFLOW_IDS[key] };
}

/**
 * Webhook (POST {call}) -> OctoAI SD 1.5 with 2 images -> Respond to Webhook with JSON naming each image
 * (seed, binary id, size) and the execution, so the caller can check every image against the
 * emulator's log and the binary data in Postgres. SD 1.5's 512x512 default keeps the emulator's own
 * drawing (one thread in the test process, ~4x the pixels for SDXL's 1024x1024) from becoming a
 * serial cost that no number of workers can shorten; on a real service the GPU draws.
 */
function burstWorkflow(credential: CredentialToImport): WorkflowToImport {
	const sd15 = octoAiNode(
		'OctoAI SD 1.5',
		'octoAiSd15',
		{ prompt: '=scale burst call {{ $json.body.call }}', numImages: BURST_IMAGES_PER_CALL },
		credential,
	);
	const body =
		"={{ { call: $('Webhook').first().json.body.call, executionId: $execution.id, images: $input.all().map(item => " +
		'({ seed: item.json.seed, binaryId: item.binary.data.id, mimeType: item.binary.data.mimeType, fileSize: item.binary.data.fileSize })) } }}';
	const respond = workflowNode(
		'Respond with Summary',
		'n8n-nodes-base.respondToWebhook',
		{ respondWith: 'json', responseBody: body, options: {} },
		{ typeVersion: 1.1 },
	);
	const workflow = buildWorkflow('Scale: webhook burst, 2 SD 1.5 images per call', [webhook(SCALE_PATHS.burst), sd15, respond], [
		['Webhook', 'OctoAI SD 1.5'],
		['OctoAI SD 1.5', 'Respond with Summary'],
	]);
	return { ...workflow, id: SCALE_WORKFLOW_IDS.burst };
}

/**
 * Schedule Trigger (every 2 s while active) -> OctoAI SD 1.5 -> Extract from File, which reads the
 * image's bytes into `json.image` (base64): a node on the worker reading what the node before it stored.
 */
function scheduleWorkflow(credential: CredentialToImport): WorkflowToImport {
	const trigger = workflowNode(
		'Schedule Trigger',
		'n8n-nodes-base.scheduleTrigger',
		{ rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } },
		{ typeVersion: 1.2 },
	);
	const sd15 = octoAiNode('OctoAI SD 1.5', 'octoAiSd15', { prompt: 'a scheduled watercolor of a harbour', numImages: 1 }, credential);
	const read = workflowNode(
		'Read Image Bytes',
		'n8n-nodes-base.extractFromFile',
		{ operation: 'binaryToPropery', binaryPropertyName: 'data', destinationKey: 'image', options: {} },
		{ typeVersion: 1 },
	);
	const workflow = buildWorkflow('Scale: scheduled SD 1.5 image, read by the next node', [trigger, sd15, read], [
		['Schedule Trigger', 'OctoAI SD 1.5'],
		['OctoAI SD 1.5', 'Read Image Bytes'],
	]);
	return { ...workflow, id: SCALE_WORKFLOW_IDS.schedule };
}

/** Writes the scale workflows as import files into `dir` (for `importWorkflowFiles`). */
export function writeScaleWorkflows(dir: string, emulatorUrl: string): void {
	const credentials = scaleCredentials(emulatorUrl);
	mkdirSync(dir, { recursive: true });
	const workflows = [
		imageWorkflow('image', credentials.image),
		imageWorkflow('slow', credentials.slow),
		burstWorkflow(credentials.burst),
		scheduleWorkflow(credentials.schedule),
	];
	for (const workflow of workflows) {
		writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify({ ...workflow, active: false }, null, 2));
	}
}
