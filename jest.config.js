// Tests that measure timing against the emulator's pace (Concurrency Auto settling at a GPU's capacity)
// run alone in the test command: it sets JEST_PACED=skip for the parallel run, then runs these with
// --runInBand, since a second jest worker on the same cores changes the timings they measure.
const PACED = ['<rootDir>/test/nodes/auto-concurrency'];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/nodes'],
  testMatch: ['**/*.test.cts'],
  // Jest's default order plus cts; json after ts, so `./X.node` finds the node's TypeScript before its codex JSON.
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'cts', 'json', 'node'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/', '<rootDir>/test/scale/', ...(process.env.JEST_PACED === 'skip' ? PACED : [])],
  transform: {
    // Transpile only (isolatedModules in tsconfig.test.json): the test command type-checks once, outside jest.
    '^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  // Shipped code imports the image codecs bundled into dist at build (scripts/bundle-codecs.mjs); source
  // loaded by tests (and a test importing nodes/shared/images/vendor/codecs itself) takes the same bundle, so `npm run build` comes first, as for the engine tests.
  moduleNameMapper: { '^(\\.\\./)+(nodes/shared/images/)?vendor/codecs$': '<rootDir>/dist/nodes/shared/images/vendor/codecs.js' },
  testTimeout: 60000,
};
