/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: '<rootDir>/test/helpers/jest/dropsTestDatabases.ts',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// Type checking is `npm run typecheck`; here ts-jest only transpiles, which keeps runs fast.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
	// Skipped tests say why (a block about one store, run on the other), after the usual summary.
	reporters: ['default', '<rootDir>/test/helpers/jest/skippedTestsReporter.js'],
	// Generous: the suite must pass on a loaded machine, where every wait takes longer.
	testTimeout: 120_000,
	maxWorkers: 2,
};
