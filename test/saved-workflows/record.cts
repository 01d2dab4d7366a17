import { createHash } from 'node:crypto';

import type { INodeExecutionData } from 'n8n-workflow';

import type { LoggedRequest } from '../emulator/core/types.cts';
import type { RunResult } from '../harness/index.cts';

/**
 * What a saved workflow produced, with every value that changes from run to run replaced by a
 * placeholder: the requests the API got (sorted, so the order concurrency gives does not matter)
 * and each node's output items.
 */
export interface Recording {
	status: string;
	error?: string;
	requests: Array<{ method: string; path: string; body: unknown }>;
	outputs: Record<string, Array<{ json: unknown; binary?: Record<string, unknown> }>>;
}

/** Keys whose values differ between runs (ids the emulator makes, times, durations, sizes of the store). */
const VOLATILE_KEY = /^(id|.*Id|.*_id|created_at|updated_at|.*At|.*Ms|.*_ms|duration|elapsed.*|directory|fileSize)$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g;
/** The emulator's ids: `asset_01H…` style (test/emulator/core/ids.cts), and asynchronous jobs' `0a1b2c3d4e-xy9z0`. */
const PREFIXED_ID = /\b([a-z]+)_01H[0-9A-Za-z]{23}\b/g;
const JOB_ID = /\b[0-9a-f]{10}-[0-9a-z]{5}\b/g;
const SIGNATURE = /\b[0-9a-f]{32}\b/g;

export function normalise(value: unknown, origin: string): unknown {
	if (typeof value === 'string') {
		if (value.length > 200 && /^[A-Za-z0-9+/=\s]+$/.test(value)) {
			return `<base64 sha256:${createHash('sha256').update(value).digest('hex').slice(0, 16)}>`;
		}
		return value
			.split(origin)
			.join('<emulator>')
			.replace(UUID, '<uuid>')
			.replace(ISO_TIME, '<time>')
			.replace(PREFIXED_ID, '<$1 id>')
			.replace(JOB_ID, '<job id>')
			.replace(SIGNATURE, '<signature>');
	}
	if (Array.isArray(value)) return value.map((v) => normalise(v, origin));
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value).sort()) {
			const v = (value as Record<string, unknown>)[key];
			out[key] = VOLATILE_KEY.test(key) && v !== null && typeof v !== 'object' ? '<volatile>' : normalise(v, origin);
		}
		return out;
	}
	return value;
}

function binaryMeta(item: INodeExecutionData): Record<string, unknown> | undefined {
	if (!item.binary) return undefined;
	const out: Record<string, unknown> = {};
	for (const [field, data] of Object.entries(item.binary)) {
		const { mimeType, fileName, fileExtension, fileType } = data;
		out[field] = { mimeType, fileName, fileExtension, fileType };
	}
	return out;
}

export function record(result: RunResult, requests: LoggedRequest[], origin: string, nodeNames: string[]): Recording {
	// Sorted, so the order concurrency gives does not matter; a repeated GET (a status poll, whose
	// count depends on timing) is kept once.
	const sent = requests
		.map((r) => normalise({ method: r.method, path: r.path, body: r.body ?? null }, origin) as Recording['requests'][number])
		.map((r) => ({ key: JSON.stringify(r), r }))
		.filter(({ key, r }, i, all) => r.method !== 'GET' || all.findIndex((o) => o.key === key) === i)
		.sort((a, b) => a.key.localeCompare(b.key))
		.map(({ r }) => r);
	const outputs: Recording['outputs'] = {};
	for (const name of nodeNames) {
		if (!result.run.data.resultData.runData[name]) continue;
		outputs[name] = result.outputs(name).map((item) => {
			const json = { ...item.json };
			delete json._files; // combined binary mode's copy of the binary fields
			const binary = binaryMeta(item);
			return { json: normalise(json, origin), ...(binary ? { binary: normalise(binary, origin) as Record<string, unknown> } : {}) };
		});
	}
	const error = result.error ? normalise(`${result.error.message} ${result.error.description ?? ''}`.trim(), origin) : undefined;
	return { status: result.status, ...(error ? { error: error as string } : {}), requests: sent, outputs };
}
