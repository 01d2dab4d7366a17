import 'reflect-metadata';
import { Logger } from '@n8n/backend-common';
import { ExpressionEngineConfig, InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, InstanceSettings } from 'n8n-core';
import { Expression, LoggerProxy } from 'n8n-workflow';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { CapturingLogger } from './log-capture.cts';
import { PackageRegistry } from './package-registry.cts';
import { afterTestFile } from './teardown.cts';
import { makeTempDir } from './temp-dirs.cts';

afterTestFile(async () => await Expression.disposeExpressionEngine());

/** The repo root: its package.json `n8n` section names the built nodes and credentials. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** The test-only node package (Start, Set Items, Read Binary, Credential Probe). */
export const FIXTURE_PACKAGE_ROOT = path.join(__dirname, 'fixtures', 'n8n-nodes-harness');

/** What one initialised harness holds; shared by every run in the same test file. */
export interface Engine {
	registry: PackageRegistry;
	binaryData: BinaryDataService;
	/** Root of this harness's temporary folders (n8n user folder, binary data store). */
	tempRoot: string;
	/** Where the filesystem binary data store writes. */
	binaryDataPath: string;
	logger: CapturingLogger;
}

let enginePromise: Promise<Engine> | undefined;

/**
 * Initialises n8n-core's services once (per jest module registry, i.e. per test file in a
 * worker) and returns them; later calls get the same promise, so a run costs milliseconds.
 */
export async function getEngine(): Promise<Engine> {
	enginePromise ??= startEngine();
	return await enginePromise;
}

async function startEngine(): Promise<Engine> {
	const tempRoot = makeTempDir('octoai-harness-');
	const userFolder = path.join(tempRoot, '.n8n');
	const binaryDataPath = path.join(tempRoot, 'binary-data');
	mkdirSync(userFolder, { recursive: true });

	const logger = new CapturingLogger();
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);

	// Point n8n at throwaway folders instead of ~/.n8n before anything reads the settings.
	const instanceConfig = Container.get(InstanceSettingsConfig);
	Object.assign(instanceConfig, { n8nFolder: userFolder, userHome: tempRoot });
	instanceConfig.encryptionKey ||= 'octoai-harness-encryption-key';
	instanceConfig.enforceSettingsFilePermissions = false;
	Container.get(InstanceSettings);

	// n8n 2.x's default store: binary data on disk, items carry only an id.
	const binaryConfig = Container.get(BinaryDataConfig);
	binaryConfig.mode = 'filesystem';
	binaryConfig.localStoragePath = binaryDataPath;
	const binaryData = Container.get(BinaryDataService);
	await binaryData.init();

	await startExpressionEngine();

	const registry = new PackageRegistry([PACKAGE_ROOT, FIXTURE_PACKAGE_ROOT]);
	await registry.load();

	return { registry, binaryData, tempRoot, binaryDataPath, logger };
}

/**
 * Expressions are evaluated in-process (n8n-workflow's `legacy` engine) unless
 * `N8N_EXPRESSION_ENGINE=vm` asks for the isolated-vm engine the n8n 2.x app starts by default,
 * with the app's own settings. The VM engine costs tens of milliseconds per run on this machine.
 */
async function startExpressionEngine(): Promise<void> {
	if (!process.env.N8N_EXPRESSION_ENGINE || process.env.N8N_EXPRESSION_ENGINE === 'legacy') return;
	const { engine, poolSize, maxCodeCacheSize, bridgeTimeout, bridgeMemoryLimit } = Container.get(ExpressionEngineConfig);
	await Expression.initExpressionEngine({ engine, poolSize, maxCodeCacheSize, bridgeTimeout, bridgeMemoryLimit });
}
