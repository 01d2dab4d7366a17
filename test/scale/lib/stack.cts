import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	importCredentials,
	importWorkflowFiles,
	installCommunityPackage,
	startN8nServer,
	startN8nWorker,
	type CredentialToImport,
	type N8nServer,
	type N8nWorker,
} from '../../e2e/lib/index.cts';
import { startPostgres, type Postgres } from './postgres.cts';
import { startRedis, type Redis } from './redis.cts';

/**
 * Lock and stall-check settings that let n8n notice a dead worker in well under a minute instead of
 * ~94 s (n8n's defaults: lock 30 s, renew 15 s, stall check 30 s). Shared by the tests and the bench.
 */
export const FAST_STALL_ENV: Record<string, string> = {
	QUEUE_WORKER_LOCK_DURATION: '10000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

export interface QueueStackOptions {
	/** The packed package, installed into the main instance's and every worker's user folder. */
	tarball: string;
	/** Workers started at once (more with `addWorker`). */
	workers: number;
	/** Executions each worker runs at once (`n8n worker --concurrency`). */
	concurrency?: number;
	/** Credentials to import (the emulator's). */
	credentials: CredentialToImport[];
	/** Folders of workflow exports to import (each file as it is, with its own id). */
	workflowDirs: string[];
	/** More environment for every n8n process (e.g. FAST_STALL_ENV). */
	env?: Record<string, string>;
	/** The main instance's port (default: a free one). */
	port?: number;
	/** n8n's working directory (Read/Write Files resolve relative paths against it). */
	cwd?: string;
	/** Where each process's log goes (`main.log`, `worker-1.log`, ...); default: the stack's scratch folder. */
	logDir?: string;
	log?: (message: string) => void;
}

/** n8n in queue mode: Postgres, Redis, one main instance (editor, webhooks, triggers) and workers. */
export interface QueueStack {
	postgres: Postgres;
	redis: Redis;
	main: N8nServer;
	/** The running workers, in start order (a killed one stays in the list). */
	workers: N8nWorker[];
	/** The environment every n8n process of the stack shares (EXECUTIONS_MODE, QUEUE_*, DB_*, ...). */
	env: Record<string, string>;
	logDir: string;
	/** Starts one more worker with its own user folder and copy of the package. */
	addWorker(): Promise<N8nWorker>;
	/** Stops every process it started (workers, main, Redis, Postgres) and removes their data. */
	stop(): Promise<void>;
}

/**
 * What every process of a queue-mode n8n shares: Postgres for workflows, executions and binary data
 * (`database` mode: one process writes an image, another reads it), Redis for the job queue.
 */
export function queueEnv(postgres: Postgres, redis: Redis): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		// Queue mode's recommended setting: manual runs from the editor go to the workers too.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/**
 * Starts the stack on free loopback ports. Every process gets its own user folder (as separate
 * machines would), each with the package installed the way n8n installs community packages;
 * credentials and workflows are imported into Postgres before the main instance starts.
 * On any failure, everything started so far is stopped.
 */
export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const log = options.log ?? (() => undefined);
	const scratch = mkdtempSync(path.join(tmpdir(), 'n8n-scale-'));
	const logDir = options.logDir ?? scratch;
	mkdirSync(logDir, { recursive: true });
	const started: Array<{ stop(): Promise<void> }> = [];
	const workers: N8nWorker[] = [];
	const stopAll = async () => {
		// Reverse start order: workers and main before Redis and Postgres.
		for (const item of started.splice(0).reverse()) await item.stop().catch(() => undefined);
		rmSync(scratch, { recursive: true, force: true });
	};
	try {
		const folderFor = async (name: string) => {
			const folder = path.join(scratch, name);
			mkdirSync(folder, { recursive: true });
			await installCommunityPackage(folder, options.tarball);
			return folder;
		};
		// Postgres, Redis and the main instance's package install do not depend on each other.
		const [pg, rd, folder] = await Promise.allSettled([startPostgres(), startRedis(), folderFor('main')]);
		for (const result of [pg, rd]) if (result.status === 'fulfilled') started.push(result.value);
		for (const result of [pg, rd, folder]) if (result.status === 'rejected') throw result.reason;
		const postgres = (pg as PromiseFulfilledResult<Postgres>).value;
		const redis = (rd as PromiseFulfilledResult<Redis>).value;
		const mainFolder = (folder as PromiseFulfilledResult<string>).value;
		log(`Postgres on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port}`);
		const env = { ...queueEnv(postgres, redis), ...options.env };

		log('importing credentials and workflows into Postgres');
		await importCredentials(mainFolder, options.credentials, { env });
		for (const dir of options.workflowDirs) await importWorkflowFiles(mainFolder, dir, { env });

		const main = await startN8nServer(mainFolder, { env, port: options.port, cwd: options.cwd, logFile: path.join(logDir, 'main.log') });
		started.push(main);
		log(`main instance ready at ${main.url}`);
		let workerCount = 0;
		const addWorker = async () => {
			const n = ++workerCount;
			const folder = await folderFor(`worker-${n}`);
			const worker = await startN8nWorker(folder, {
				env,
				concurrency: options.concurrency,
				cwd: options.cwd,
				logFile: path.join(logDir, `worker-${n}.log`),
			});
			started.push(worker);
			workers.push(worker);
			log(`worker ${n} ready (pid ${worker.pid}, health on 127.0.0.1:${worker.healthPort})`);
			return worker;
		};
		await Promise.all(Array.from({ length: options.workers }, () => addWorker()));
		return { postgres, redis, main, workers, env, logDir, addWorker, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}
