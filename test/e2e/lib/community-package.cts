import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { runProcess, tail } from './process.cts';

const execFileAsync = promisify(execFile);

/** A community package as installed under `<N8N_USER_FOLDER>/.n8n/nodes/`. */
export interface InstalledPackage {
	name: string;
	version: string;
	/** `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>` */
	dir: string;
}

/** `<N8N_USER_FOLDER>/.n8n/nodes`, where n8n keeps community packages (InstanceSettings.nodesDownloadDir). */
export function nodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/**
 * Installs a packed community package (a tarball) into a user folder with the same steps n8n
 * 2.41 takes in `CommunityPackagesService.downloadPackage` when a user installs one from
 * Settings > Community nodes, minus the registry download: unpack into
 * `nodes/node_modules/<name>`, drop dev/peer/optional dependencies from its package.json,
 * `npm install` its runtime dependencies with n8n's flags, and record it in `nodes/package.json`.
 * On start, n8n loads every `n8n-nodes-*` folder in `nodes/node_modules` (the community-packages
 * module's `scanDirectoryForPackages`), whether or not its database lists the package.
 */
export async function installCommunityPackage(userFolder: string, tarball: string): Promise<InstalledPackage> {
	const nodes = nodesDir(userFolder);
	const { name, version } = await readTarballManifest(tarball);
	const dir = path.join(nodes, 'node_modules', name);
	// A reinstall (the dev command reuses its user folder) must not keep files the new build dropped.
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	await execFileAsync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);

	const manifestPath = path.join(dir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		readFileSync(manifestPath, 'utf8'),
	) as Record<string, unknown>;
	writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));

	const npmArgs = [
		'install',
		'--audit=false',
		'--fund=false',
		'--bin-links=false',
		'--install-strategy=shallow',
		'--ignore-scripts=true',
		'--package-lock=false',
	];
	const installed = await runProcess('npm', npmArgs, { cwd: dir, env: process.env, timeoutMs: 5 * 60_000 });
	if (installed.code !== 0) {
		throw new Error(`npm install in ${dir} failed (exit ${installed.code})\n${tail(installed.stdout + installed.stderr)}`);
	}

	recordDependency(nodes, name, version);
	return { name, version, dir };
}

/** n8n's ledger of installed community packages: `nodes/package.json` with one dependency each. */
function recordDependency(nodes: string, name: string, version: string): void {
	const ledgerPath = path.join(nodes, 'package.json');
	let ledger: { name: string; private: boolean; dependencies: Record<string, string> };
	try {
		ledger = JSON.parse(readFileSync(ledgerPath, 'utf8'));
	} catch {
		ledger = { name: 'installed-nodes', private: true, dependencies: {} };
	}
	ledger.dependencies[name] = version;
	writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2));
}

async function readTarballManifest(tarball: string): Promise<{ name: string; version: string }> {
	const { stdout } = await execFileAsync('tar', ['-xzOf', tarball, 'package/package.json'], { maxBuffer: 1 << 20 });
	const { name, version } = JSON.parse(stdout) as { name: string; version: string };
	return { name, version };
}
