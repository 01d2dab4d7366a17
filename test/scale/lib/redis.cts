import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { freePort } from '../../e2e/lib/ports.cts';
import { killGroup, tail } from '../../e2e/lib/process.cts';

const READY_TIMEOUT_MS = 20_000;

/** A throwaway redis-server on 127.0.0.1 (no persistence), n8n's job queue in queue mode. */
export interface Redis {
	host: string;
	port: number;
	pid: number;
	/** SIGTERM to its pid, then deletes its folder. */
	stop(): Promise<void>;
}

/** Debian's redis-server in the foreground on a free loopback port; scripts/scale-install.sh installs it. */
export async function startRedis(): Promise<Redis> {
	const dir = mkdtempSync(path.join(tmpdir(), 'n8n-scale-redis-'));
	const port = await freePort();
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let running = true;
	const killOnExit = () => killGroup(child.pid, 'SIGKILL');
	process.once('exit', killOnExit);
	void exited.then(() => {
		running = false;
		process.off('exit', killOnExit);
	});
	const stop = async () => {
		if (running) {
			killGroup(child.pid, 'SIGTERM');
			await Promise.race([exited, delay(5_000)]);
			if (running) killGroup(child.pid, 'SIGKILL');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	const deadline = Date.now() + READY_TIMEOUT_MS;
	while (!(await pings(port))) {
		if (!running || Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server on port ${port} ${running ? 'did not answer PING' : 'exited'}\n${tail(output)}`);
		}
		await delay(100);
	}
	return { host: '127.0.0.1', port, pid: child.pid!, stop };
}

/** Whether a Redis on the port answers PING with PONG (inline command protocol). */
function pings(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, '127.0.0.1');
		let answer = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1_000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			answer += chunk.toString();
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}
