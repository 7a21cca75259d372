// An engine for one-client envelope benchmarks (bench/envelopeSteps.js, bench/envelopeVm.js): `signflow
// serve` on a data folder (and a PostgreSQL database) of its own, an organization's key, a loopback
// receiver of workflow.completed registered as its webhook, and what runEnvelope needs.
'use strict';
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { startCompletions } = require('./envelope-client');
const { strokePng: signaturePng } = require('../test/helpers/pdf/pngs');
const { BENCH_ENV, createDatabase, createOrganization, serve } = require('./engineProcess');

const PDF = path.join(__dirname, '../test/fixtures/pdf/a4-1page.pdf');

/**
 * `store`: 'sqlite' or 'postgres'; `name` names its temporary folder and database; `nodeArgs` go to
 * the engine's node; `started(engine)` is called as soon as it listens (to read its output from then on).
 */
async function startEnvelopeEngine({ store, name, nodeArgs = [], started = () => {} }) {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), `signflow-bench-${name}-`));
	const database = store === 'postgres' ? await createDatabase(`signflow_bench_${name}`) : null;
	const args = ['--data', dataDir, ...(database ? ['--database-url', database.url] : [])];
	const apiKey = await createOrganization(args, 'Bench GmbH', BENCH_ENV);
	const engine = await serve(args, { env: BENCH_ENV, nodeArgs });
	started(engine);
	const completions = await startCompletions();
	const pool = new Pool(engine.url, { connections: 4 });
	const stop = async () => {
		await pool.close();
		await engine.stop();
		completions.close();
		rmSync(dataDir, { recursive: true, force: true });
		await database?.drop();
	};
	try {
		const hook = await pool.request({
			method: 'POST',
			path: '/api/v1/webhooks',
			headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'Bench receiver', url: completions.url, events: ['workflow.completed'] }),
		});
		if (hook.statusCode !== 201) throw new Error(`webhook: ${hook.statusCode} ${await hook.body.text()}`);
		await hook.body.text();
	} catch (error) {
		await stop();
		throw error;
	}
	const context = { pool, apiKey, completions, pdfBase64: readFileSync(PDF).toString('base64'), pngBase64: signaturePng().toString('base64') };
	return { engine, context, stop };
}

module.exports = { startEnvelopeEngine };
