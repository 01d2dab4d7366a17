// End-to-end tests against the real n8n app: `bash scripts/e2e-test.sh` (installs the app first),
// or `source scripts/node24.sh && npx jest --config test/e2e/jest.config.js` once it is installed.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.cts'],
	// Jest's default order plus cts; json after ts, so `./X.node` finds the node's TypeScript before its codex JSON.
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'cts', 'json', 'node'],
	testPathIgnorePatterns: ['/node_modules/'],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Each test starts n8n processes; on two cores, one file at a time.
	maxWorkers: 1,
	testTimeout: 180_000,
};
