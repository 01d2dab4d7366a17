import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root (the n8n-nodes-octoai package). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** test/e2e: its package.json pins the n8n app that scripts/e2e-install.sh installs. */
export const E2E_DIR = path.resolve(__dirname, '..');

/**
 * The n8n CLI entry point. scripts/e2e-install.sh links test/e2e/node_modules to the cached
 * install; N8N_E2E_APP_DIR may name another folder whose node_modules hold the app.
 */
export function n8nBin(): string {
	const appDir = process.env.N8N_E2E_APP_DIR ?? E2E_DIR;
	const bin = path.join(appDir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!existsSync(bin)) {
		throw new Error(`n8n is not installed at ${bin}: run \`bash scripts/e2e-install.sh\` first`);
	}
	return bin;
}

/** The installed n8n package's folder (holds its package.json; its dependencies resolve from here). */
export function n8nPackageDir(): string {
	return path.resolve(path.dirname(n8nBin()), '..');
}

/**
 * The node binary that runs n8n: N8N_E2E_NODE when the version matrix names one (n8n 1.x on the
 * machine's Node 20), else this process's own, which must be Node 24 like n8n 2.x needs.
 */
export function nodeBinary(): string {
	if (process.env.N8N_E2E_NODE) return process.env.N8N_E2E_NODE;
	const major = Number(process.versions.node.split('.')[0]);
	if (major < 24) {
		throw new Error(`n8n 2.x needs Node 24, this is ${process.version}: run under \`source scripts/node24.sh\``);
	}
	return process.execPath;
}

/** The version of the n8n app under test, from its package.json (the matrix runs several). */
export function n8nVersion(): string {
	return (JSON.parse(readFileSync(path.join(n8nPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** True for n8n 1.x, whose CLI and defaults differ from 2.x in the ways the tests note where they branch. */
export function isN8nV1(): boolean {
	return n8nVersion().startsWith('1.');
}
