// The scale tier: n8n in queue mode (Postgres, Redis, main, workers) with this package. Run by the
// test command after the e2e tier, or `bash scripts/scale-test.sh [jest args]`.
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/scale'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	maxWorkers: 1,
	testTimeout: 180_000,
};
