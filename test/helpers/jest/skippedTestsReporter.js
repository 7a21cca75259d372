const path = require('node:path');

/**
 * After the run, one line per skipped block or test, with the reason its title gives
 * (storeOnly.ts puts it there): what a run on one store left to the other is never silent.
 */
class SkippedTestsReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}

	onRunComplete(_contexts, results) {
		const lines = new Set();
		for (const file of results.testResults) {
			for (const test of file.testResults) {
				if (test.status !== 'pending' && test.status !== 'skipped' && test.status !== 'todo') continue;
				// The outermost title that gives a reason, else the test's own full name.
				const titles = [...test.ancestorTitles, test.title];
				const reasoned = titles.findIndex((title) => /\[.+\]$/.test(title));
				const shown = reasoned >= 0 ? titles.slice(0, reasoned + 1) : titles;
				lines.add(`  ${path.relative(this.rootDir, file.testFilePath)} › ${shown.join(' › ')}`);
			}
		}
		if (lines.size === 0) return;
		const store = process.env.SIGNFLOW_TEST_DB === 'postgres' ? 'PostgreSQL' : 'SQLite';
		process.stderr.write(`\nSkipped in this run on ${store} (${lines.size}):\n${[...lines].join('\n')}\n`);
	}
}

module.exports = SkippedTestsReporter;
