import { n8nEnv } from './env.cts';
import { freePort } from './ports.cts';
import { spawnN8n, type N8nProcess } from './server.cts';

/** A running `n8n worker` (queue mode): takes executions from the Redis queue and runs them. */
export interface N8nWorker extends N8nProcess {
	/** Its health server's port (`/healthz`, `/healthz/readiness`). */
	healthPort: number;
}

export interface WorkerOptions {
	/** Queue-mode environment (EXECUTIONS_MODE, QUEUE_BULL_REDIS_*, DB_*), shared with the main instance. */
	env: Record<string, string>;
	/** Executions this worker runs at once (`--concurrency`, n8n's default 10). */
	concurrency?: number;
	cwd?: string;
	logFile?: string;
}

/**
 * Starts `n8n worker` on the data in `userFolder` (its own community packages) and resolves once its
 * health server says ready (`QUEUE_HEALTH_CHECK_ACTIVE`: database and Redis connected).
 */
export async function startN8nWorker(userFolder: string, options: WorkerOptions): Promise<N8nWorker> {
	const healthPort = await freePort();
	const env = n8nEnv(userFolder, {
		brokerPort: await freePort(),
		extra: {
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			...options.env,
		},
	});
	const args = ['worker', ...(options.concurrency === undefined ? [] : [`--concurrency=${options.concurrency}`])];
	const child = await spawnN8n(args, {
		cwd: options.cwd ?? userFolder,
		env,
		logFile: options.logFile,
		readinessUrl: `http://127.0.0.1:${healthPort}/healthz/readiness`,
	});
	return { ...child, healthPort };
}
