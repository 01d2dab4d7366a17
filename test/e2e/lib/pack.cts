import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runProcess, tail } from './process.cts';
import { REPO_ROOT } from './paths.cts';

const NPM_TIMEOUT_MS = 5 * 60_000;

/**
 * `npm pack` of the package in `dir` into `destDir`; returns the tarball's path. Lifecycle
 * scripts do not run (the package has none, as n8n's verification requires).
 */
export async function npmPack(dir: string, destDir: string): Promise<string> {
	mkdirSync(destDir, { recursive: true });
	const packed = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', destDir], dir);
	const [entry] = JSON.parse(packed) as Array<{ filename: string }>;
	return path.join(destDir, entry.filename);
}

/**
 * Builds and packs this package as a release does (`npm run build && npm pack`) and returns the
 * tarball's path. It builds in a staging copy of the working tree (tracked and untracked files
 * that git does not ignore, minus test/), so that builds others run in the checkout at the same
 * time neither break nor leak into the tarball.
 */
export async function packThisPackage(destDir: string): Promise<string> {
	const stage = mkdtempSync(path.join(tmpdir(), 'octoai-pack-'));
	try {
		const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
		});
		for (const file of listed.split('\0')) {
			// A file deleted in the working tree is still listed as cached.
			if (!file || file.startsWith('test/') || !existsSync(path.join(REPO_ROOT, file))) continue;
			cpSync(path.join(REPO_ROOT, file), path.join(stage, file));
		}
		symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(stage, 'node_modules'));
		await npm(['run', 'build'], stage);
		return await npmPack(stage, destDir);
	} finally {
		rmSync(stage, { recursive: true, force: true });
	}
}

async function npm(args: string[], cwd: string): Promise<string> {
	const result = await runProcess('npm', args, { cwd, env: process.env, timeoutMs: NPM_TIMEOUT_MS });
	if (result.code !== 0) {
		throw new Error(`npm ${args.join(' ')} failed in ${cwd} (exit ${result.code})\n${tail(result.stdout + result.stderr)}`);
	}
	return result.stdout;
}
