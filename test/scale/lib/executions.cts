import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { n8nPackageDir, type ExecutionData, type N8nProcess } from '../../e2e/lib/index.cts';
import type { Postgres } from './postgres.cts';

/** One row of n8n's `execution_entity` table. */
export interface ExecutionRow {
	id: string;
	status: string;
	mode: string;
	finished: boolean;
}

/** The executions of a workflow in Postgres, oldest first. */
export async function executionsOf(postgres: Postgres, workflowId: string): Promise<ExecutionRow[]> {
	const rows = await postgres.query(
		`SELECT id, status, mode, finished FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`,
	);
	return rows.map(([id, status, mode, finished]) => ({ id, status, mode, finished: finished === 't' }));
}

/** An execution's run data as n8n stores it (`execution_data.data`, in n8n's `flatted` encoding). */
export async function executionData(postgres: Postgres, executionId: string): Promise<ExecutionData['data']> {
	const [[text] = []] = await postgres.query(`SELECT data FROM execution_data WHERE "executionId" = ${Number(executionId)}`);
	if (text === undefined) throw new Error(`execution ${executionId} has no data in Postgres`);
	// n8n's own copy of flatted, so the tests need no dependency of their own for it.
	const flatted = createRequire(path.join(n8nPackageDir(), 'package.json'))('flatted') as { parse(text: string): unknown };
	return flatted.parse(text) as ExecutionData['data'];
}

const DATABASE_ID = /^database:([0-9a-f-]{36})$/;

/**
 * The bytes of a binary stored in Postgres by n8n's `database` binary-data mode: an id
 * `database:<fileId>` names a row of `binary_data`.
 */
export async function databaseBinary(postgres: Postgres, binaryId: string): Promise<Buffer> {
	const [[hex] = []] = await postgres.query(`SELECT encode(data, 'hex') FROM binary_data WHERE "fileId" = '${fileIdOf(binaryId)}'`);
	if (hex === undefined) throw new Error(`no binary_data row for ${binaryId}`);
	return Buffer.from(hex, 'hex');
}

/** For many stored binaries at once: each one's sha256, size and first 8 bytes (hex), computed by Postgres. */
export async function databaseBinaryDigests(
	postgres: Postgres,
	binaryIds: string[],
): Promise<Map<string, { sha256: string; bytes: number; head: string }>> {
	const digests = new Map<string, { sha256: string; bytes: number; head: string }>();
	if (binaryIds.length === 0) return digests;
	const list = binaryIds.map((id) => `'${fileIdOf(id)}'`).join(',');
	const rows = await postgres.query(
		`SELECT "fileId", encode(sha256(data), 'hex'), length(data), encode(substring(data from 1 for 8), 'hex') FROM binary_data WHERE "fileId" IN (${list})`,
	);
	for (const [fileId, sha256, bytes, head] of rows) digests.set(`database:${fileId}`, { sha256, bytes: Number(bytes), head });
	return digests;
}

function fileIdOf(binaryId: string): string {
	const match = DATABASE_ID.exec(binaryId);
	if (!match) throw new Error(`binary id ${JSON.stringify(binaryId)} is not in n8n's database store`);
	return match[1];
}

/** Which processes logged that they ran this execution (n8n's worker log: "Worker started execution <id> ..."). */
export function processesThatRan<T extends N8nProcess>(processes: T[], executionId: string): T[] {
	const pattern = new RegExp(`started execution ${executionId}\\b`);
	return processes.filter((p) => p.logs().some((line) => pattern.test(line.message)));
}

/** Polls `read` every 250 ms until `done` holds, or throws after `timeoutMs` naming what it waited for. */
export async function waitFor<T>(what: string, timeoutMs: number, read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)?.slice(0, 500)}`);
		await delay(250);
	}
}
