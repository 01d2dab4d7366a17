import { execFile, execFileSync } from 'node:child_process';
import { chownSync, globSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../../e2e/lib/ports.cts';

const execFileAsync = promisify(execFile);

/** A throwaway Postgres cluster on 127.0.0.1 with one database and one user for n8n. */
export interface Postgres {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	/** The database's size on disk in bytes (`pg_database_size`). */
	databaseSize(): Promise<number>;
	/** Runs one SQL statement in the n8n database and returns its rows, tab-separated (psql -At). */
	query(sql: string): Promise<string[][]>;
	/** Stops the server (`pg_ctl stop -m fast`, by its data folder) and deletes its data. */
	stop(): Promise<void>;
}

/** Debian's Postgres binaries (initdb, pg_ctl), newest major first; scripts/scale-install.sh installs them. */
export function postgresBinDir(): string {
	const [dir] = globSync('/usr/lib/postgresql/*/bin/pg_ctl')
		.map((file) => path.dirname(file))
		.sort((a, b) => Number(b.split('/')[4]) - Number(a.split('/')[4]));
	if (!dir) throw new Error('Postgres is not installed: run `bash scripts/scale-install.sh`');
	return dir;
}

/**
 * initdb + pg_ctl start in a fresh temp folder, listening on a free port on 127.0.0.1 only (and a
 * Unix socket in the same folder), fsync off (the data is thrown away). Postgres refuses to run as
 * root, so as root it runs as Debian's `postgres` user.
 */
export async function startPostgres(): Promise<Postgres> {
	const bin = postgresBinDir();
	const dir = mkdtempSync(path.join(tmpdir(), 'n8n-scale-pg-'));
	const data = path.join(dir, 'data');
	const asRoot = userInfo().uid === 0;
	if (asRoot) {
		const { stdout } = await execFileAsync('id', ['-u', 'postgres']);
		const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
		chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
	}
	const run = (command: string, args: string[]) =>
		asRoot ? execFileAsync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]) : execFileAsync(path.join(bin, command), args);

	const port = await freePort();
	const user = 'n8n';
	const password = 'n8n-scale-password';
	const database = 'n8n';
	let started = false;
	// pg_ctl starts the server detached: if this process dies without stop(), end it on the way out.
	const stopOnExit = () => {
		const args = [path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
		try {
			execFileSync(asRoot ? 'runuser' : args[0], asRoot ? ['-u', 'postgres', '--', ...args] : args.slice(1), { stdio: 'ignore' });
		} catch {
			// Already stopped.
		}
		rmSync(dir, { recursive: true, force: true });
	};
	const stop = async () => {
		process.off('exit', stopOnExit);
		if (started) await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
		started = false;
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
		const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		await run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'postgres.log'), '-w', 'start']);
		started = true;
		process.once('exit', stopOnExit);
		const psql = (sql: string, db = 'postgres') =>
			execFileAsync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-v', 'ON_ERROR_STOP=1', '-At', '-F', '\t', '-c', sql], {
				maxBuffer: 64 << 20,
			});
		// One statement per -c: CREATE DATABASE cannot run inside the transaction a multi-statement string is.
		await psql(`CREATE USER ${user} WITH PASSWORD '${password}'`);
		await psql(`CREATE DATABASE ${database} OWNER ${user}`);
		return {
			host: '127.0.0.1',
			port,
			database,
			user,
			password,
			databaseSize: async () => Number((await psql(`SELECT pg_database_size('${database}')`)).stdout.trim()),
			query: async (sql) =>
				(await psql(sql, database)).stdout
					.split('\n')
					.filter((line) => line.length > 0)
					.map((line) => line.split('\t')),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
