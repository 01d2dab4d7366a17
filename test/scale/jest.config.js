// The scale tier: n8n in queue mode (Postgres, Redis, main, workers) with this package. Run by the
// test command after the e2e tier, or `bash scripts/scale-test.sh [jest args]`.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/scale'],
	testMatch: ['**/*.test.cts'],
	// Jest's default order plus cts; json after ts, so `./X.node` finds the node's TypeScript before its codex JSON.
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'cts', 'json', 'node'],
	testPathIgnorePatterns: ['/node_modules/'],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 180_000,
};
