// npm run bench [name...]: each benchmark prints our figure next to a baseline measured in the same run.
'use strict';
const { printSummary } = require('./report');
const benches = {
	finalize: () => require('./finalize')(),
	webhooks: () => require('./webhooks')(),
	sqlite: () => require('./sqlite')(),
	signingPage: () => require('./signingPage')(),
	envelope: () => require('./envelope')(),
	envelopeSteps: () => require('./envelopeSteps')(),
	envelopeVm: () => require('./envelopeVm')(),
	n8nNode: () => require('./n8nNode')(),
	api: () => require('./api')(),
	pgRoundTrips: () => require('./pgRoundTrips')(),
	scaleOut: () => require('./scaleOut')(),
};

(async () => {
	const chosen = process.argv.slice(2);
	for (const [name, run] of Object.entries(benches)) {
		if (chosen.length && !chosen.includes(name)) continue;
		console.log(`\n== ${name}`);
		await run();
	}
	printSummary();
})().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
