import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { n8nEnv } from './env.cts';
import { parseLogLines, type LogLine } from './logs.cts';
import { isN8nV1, n8nBin, n8nPackageDir, nodeBinary } from './paths.cts';
import { freePort } from './ports.cts';
import { killGroup, tail } from './process.cts';

/** The instance owner `startN8nServer` sets up through n8n's own env-managed owner settings. */
export const E2E_OWNER = {
	email: 'owner@e2e.example.com',
	password: 'E2e-owner-password-1',
	firstName: 'E2E',
	lastName: 'Owner',
};

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const MAX_OUTPUT_CHARS = 8_000_000;

/** A running `n8n start` (editor, REST API, webhooks) on a free 127.0.0.1 port. */
export interface N8nServer extends N8nProcess {
	/** e.g. `http://127.0.0.1:41234` */
	url: string;
	port: number;
	/** Logs in as E2E_OWNER and returns the session cookie (`name=value`) for REST calls. */
	login(): Promise<string>;
}

export interface ServerOptions {
	env?: Record<string, string>;
	readyTimeoutMs?: number;
	/**
	 * Whether n8n manages E2E_OWNER from the environment (the default). With `false` a fresh user
	 * folder has no owner yet and the editor opens on its owner setup form, as on a new install.
	 */
	envOwner?: boolean;
	/** n8n's working directory (default: the user folder); relative file paths resolve against it. */
	cwd?: string;
	/** The port to listen on (default: a free one). */
	port?: number;
	/** Also append everything the server prints to this file (a long-running server, e.g. the dev command). */
	logFile?: string;
}

/**
 * Starts `n8n start` on the data in `userFolder` and resolves once `/healthz/readiness` answers
 * 200 (database migrated, community packages loaded, server listening). Unless `envOwner` is
 * false, the owner account E2E_OWNER is created or reset on start, so `login()` works on a fresh folder.
 */
export async function startN8nServer(userFolder: string, options: ServerOptions = {}): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const env = n8nEnv(userFolder, {
		port,
		brokerPort: await freePort(),
		extra: { ...(options.envOwner === false ? {} : ownerEnv()), ...options.env },
	});
	const url = `http://127.0.0.1:${port}`;
	const child = await spawnN8n(['start'], {
		cwd: options.cwd ?? userFolder,
		env,
		logFile: options.logFile,
		readinessUrl: `${url}/healthz/readiness`,
		readyTimeoutMs: options.readyTimeoutMs,
	});
	await waitForRestApi(url, child);
	return { ...child, url, port, login: () => login(url) };
}

/**
 * n8n 1.x answers `/healthz/readiness` once the database is migrated, before its REST controllers
 * are mounted (a login right then gets 404); `/rest/settings`, public in 1.x and 2.x, answers 200
 * once they are. Bounded: 60 tries 250 ms apart.
 */
async function waitForRestApi(url: string, child: N8nProcess): Promise<void> {
	for (let attempt = 0; attempt < 60; attempt++) {
		const status = await fetch(`${url}/rest/settings`).then((r) => r.status, () => 0);
		if (status === 200) return;
		await delay(250);
	}
	await child.stop();
	throw new Error(`n8n at ${url} is ready but its REST API did not answer /rest/settings with 200 within 15 s`);
}

/** A running long-lived n8n command (`start`, `worker`), its output collected. */
export interface N8nProcess {
	pid: number;
	/** Everything the process printed so far (the last few MB of it). */
	output(): string;
	logs(): LogLine[];
	/** Stops the process (SIGTERM to its process group, SIGKILL after 20 s) and waits for it. */
	stop(): Promise<void>;
	/** Sends a signal to its process group at once (SIGKILL: a machine that dies mid-execution). */
	kill(signal: NodeJS.Signals): void;
	/** Settles when the process has exited, for whatever reason. */
	exited: Promise<void>;
}

export interface SpawnOptions {
	cwd: string;
	env: NodeJS.ProcessEnv;
	/** Ready once this URL answers 200. */
	readinessUrl: string;
	readyTimeoutMs?: number;
	logFile?: string;
}

/**
 * Spawns `n8n <args>` in its own process group (n8n starts a task runner of its own) and resolves
 * once `readinessUrl` answers 200; a process that exits or is not ready in time is stopped and throws.
 */
export async function spawnN8n(args: string[], options: SpawnOptions): Promise<N8nProcess> {
	const child = spawn(nodeBinary(), [n8nBin(), ...args], {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
	const collect = (chunk: string) => {
		output += chunk;
		// A server left running for hours (the dev command) keeps only its recent output in memory.
		if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS / 2);
		log?.write(chunk);
	};
	child.stdout.setEncoding('utf8').on('data', collect);
	child.stderr.setEncoding('utf8').on('data', collect);
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let running = true;
	// Detached, the server would outlive a test process that dies without calling stop().
	const killOnExit = () => killGroup(child.pid, 'SIGKILL');
	process.once('exit', killOnExit);
	void exited.then(() => {
		running = false;
		process.off('exit', killOnExit);
		log?.end();
	});

	const stop = async (): Promise<void> => {
		if (!running) return;
		killGroup(child.pid, 'SIGTERM');
		const grace = new AbortController();
		const timedOut = await Promise.race([
			exited.then(() => false),
			delay(STOP_TIMEOUT_MS, true, { signal: grace.signal }).catch(() => false),
		]);
		grace.abort(); // the pending timer would otherwise keep the test process alive
		if (timedOut) {
			killGroup(child.pid, 'SIGKILL');
			await exited;
		}
	};

	const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
	const deadline = Date.now() + timeoutMs;
	while (!(await isReady(options.readinessUrl))) {
		if (!running || Date.now() > deadline) {
			const why = running ? `was not ready after ${timeoutMs} ms` : 'exited';
			await stop();
			throw new Error(`n8n ${args.join(' ')} ${why}\n${tail(output)}`);
		}
		await delay(500);
	}

	return {
		pid: child.pid!,
		output: () => output,
		logs: () => parseLogLines(output),
		stop,
		kill: (signal) => killGroup(child.pid, signal),
		exited,
	};
}

async function isReady(readinessUrl: string): Promise<boolean> {
	try {
		const response = await fetch(readinessUrl);
		return response.status === 200;
	} catch {
		return false;
	}
}

async function login(url: string): Promise<string> {
	// n8n 1.x has no env-managed owner: the first login sets the owner up as the editor's form does.
	if (isN8nV1()) {
		const setup = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: E2E_OWNER.email, firstName: E2E_OWNER.firstName, lastName: E2E_OWNER.lastName, password: E2E_OWNER.password }),
		});
		const cookie = setup.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		if (setup.status === 200 && cookie) return cookie.split(';')[0];
	}
	const response = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: E2E_OWNER.email, password: E2E_OWNER.password }),
	});
	const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
	if (response.status !== 200 || !cookie) {
		throw new Error(`login as ${E2E_OWNER.email} failed: HTTP ${response.status} ${await response.text()}`);
	}
	return cookie.split(';')[0];
}

/**
 * n8n's env-managed owner (N8N_INSTANCE_OWNER_*) wants a bcrypt hash; it is made with the
 * bcryptjs the n8n app itself ships, so no test dependency is needed for it.
 */
function ownerEnv(): Record<string, string> {
	const requireFromN8n = createRequire(path.join(n8nPackageDir(), 'package.json'));
	const bcrypt = requireFromN8n('bcryptjs') as { hashSync(password: string, rounds: number): string };
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: E2E_OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: E2E_OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: E2E_OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(E2E_OWNER.password, 10),
	};
}
