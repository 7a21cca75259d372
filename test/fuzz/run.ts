/*
 * npm run fuzz: the long run. `signflow serve` (the built CLI) in a process
 * of its own, so its peak memory is its own; the generated requests of
 * api.fuzz.test.ts, 100,000 of them by default (or 15 minutes); then the
 * same consistency checks. Prints the figures and writes a JSON report with
 * every failure, its request and the engine's logged errors to .tmp/.
 *
 * SIGNFLOW_FUZZ_REQUESTS, SIGNFLOW_FUZZ_SECONDS, SIGNFLOW_FUZZ_SEED,
 * SIGNFLOW_FUZZ_CONCURRENCY, SIGNFLOW_FUZZ_STORE=sqlite|postgres.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { runCli, spawnEngine } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { startReceiver } from '../helpers/engine/receiver';
import { POSTGRES_ADMIN_URL } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';
import { brokenAuditChains } from './auditChains';
import { consistencyProblems, postgresReader, sqliteReader, stateFigures } from './consistency';
import { runFuzz, summary } from './fuzzer';
import { requestMeta } from './resolve';
import { describeSettings, fuzzSettings } from './settings';
import { Transport } from './transport';

/**
 * GET /healthz every half second on a connection of its own: its slowest
 * answers say whether a slow request was slow alone or the whole engine
 * stalled (its event loop blocked) at that moment.
 */
function healthProbe(baseUrl: string) {
	const transport = new Transport(baseUrl, 1);
	const started = Date.now();
	const samples: Array<{ at: number; ms: number }> = [];
	let stopped = false;
	const loop = (async () => {
		while (!stopped) {
			const before = Date.now();
			const ms = await transport
				.send({ method: 'GET', path: '/healthz', headers: {}, body: null, meta: requestMeta({ label: 'healthz', actor: 'A' }) }, 60_000)
				.then((response) => response.ms, () => 60_000);
			samples.push({ at: Math.round((before - started) / 1000), ms });
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	})();
	return {
		async stop() {
			stopped = true;
			await loop;
			transport.close();
			const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
			return {
				samples: samples.length,
				p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
				p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
				maxMs: sorted.at(-1) ?? 0,
				over1s: samples.filter((sample) => sample.ms > 1000).length,
				over5s: samples.filter((sample) => sample.ms > 5000).map((sample) => `${sample.ms} ms at ${sample.at} s`),
			};
		},
	};
}

function memoryMb(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function main(): Promise<number> {
	const settings = fuzzSettings({ requests: 100_000, seconds: 900, concurrency: 8, timeoutMs: 15_000 });
	const store = process.env.SIGNFLOW_FUZZ_STORE === 'postgres' ? 'postgres' : 'sqlite';
	console.log(`[${store}] ${describeSettings(settings)}`);
	const dataDir = tempDataDir('fuzz');
	let database: string | null = null;
	if (store === 'postgres') {
		database = `signflow_fuzz_${randomBytes(4).toString('hex')}`;
		const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
		await admin.connect();
		await admin.query(`create database ${database}`);
		await admin.end();
	}
	const databaseUrl = database ? POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`) : null;
	const storeArgs = ['--data', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
	const organization = async (name: string) => {
		const created = await runCli(['org', 'create', '--name', name, '--json', ...storeArgs]);
		if (created.code !== 0) throw new Error(`org create failed: ${created.stderr}`);
		return JSON.parse(created.stdout) as { organizationId: string; apiKey: string };
	};
	const a = await organization('Acme HR — Zu\u0308rich');
	const b = await organization('Other Org — שלום');
	const receiver = await startReceiver();
	receiver.respond = (_request, index) => (index % 4 === 3 ? { status: 500 } : { status: 200 });
	const engine = await spawnEngine([...storeArgs, '--allow-private-webhooks', '--log-level', 'error'], { SIGNFLOW_LOG_LEVEL: 'error' });
	const pid = engine.child.pid!;
	let peakRss = 0;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, memoryMb(pid).rss)), 1000);
	const startRss = memoryMb(pid).rss;
	const health = healthProbe(engine.url);
	try {
		const keys = { A: a.apiKey, B: b.apiKey };
		const report = await runFuzz({
			baseUrl: engine.url,
			keys,
			receiverUrl: receiver.url,
			seed: settings.seed,
			maxRequests: settings.requests,
			maxMs: settings.seconds * 1000,
			concurrency: settings.concurrency,
			timeoutMs: settings.timeoutMs,
			log: (line) => console.log(`[${store}] ${line}`),
		});
		const healthz = await health.stop();
		const reader = databaseUrl ? await postgresReader(databaseUrl) : sqliteReader(dataDir);
		try {
			const pending = await until(
				async () => Number((await reader.all("select count(*) as n from finalizations where status = 'pending' and attempts = 0"))[0].n),
				(count) => count === 0,
				120_000,
			);
			const audits = await brokenAuditChains(reader, engine.url, keys, { A: a.organizationId, B: b.organizationId });
			const problems = await consistencyProblems(reader);
			const memory = memoryMb(pid);
			const engineErrors = engine
				.output()
				.split('\n')
				.filter((line) => line.startsWith('{') && line.includes('"level":50'));
			const figures = {
				store,
				settings,
				requests: report.requests,
				generatedRequests: report.requests - report.setup.requests,
				fuzzSeconds: Math.round(report.durationMs / 1000),
				histogram: report.histogram,
				fiveXx: report.fiveXx,
				hung: report.hung,
				brokenRules: report.failureCounts,
				undocumentedStatuses: report.undocumented,
				engineRssMb: { atStart: startRss, peakSampled: Math.max(peakRss, memory.rss), peakVmHWM: memory.peak, atEnd: memory.rss },
				healthzDuringRun: healthz,
				hungRequests: report.failures.filter((failure) => failure.rule === 'hung').map((failure) => `${failure.label} at ${failure.atSeconds} s`),
				state: await stateFigures(reader),
				pendingFinalizations: pending,
				auditChainsChecked: audits.checked,
				auditChainProblems: audits.problems,
				databaseProblems: problems,
				webhookRequestsReceived: receiver.received.length,
			};
			console.log(summary(report, store));
			console.log(JSON.stringify(figures, null, 2));
			const out = path.resolve(__dirname, '../../.tmp');
			mkdirSync(out, { recursive: true });
			const file = path.join(out, `fuzz-${store}-${settings.seed}.json`);
			writeFileSync(file, JSON.stringify({ figures, failures: report.failures, engineErrors, byLabel: report.byLabel }, null, 1));
			console.log(`Report: ${file}`);
			const clean = report.fiveXx === 0 && report.hung === 0 && Object.keys(report.failureCounts).length === 0 && audits.problems.length === 0 && problems.length === 0;
			return clean ? 0 : 1;
		} finally {
			await reader.close();
		}
	} finally {
		await health.stop().catch(() => undefined);
		clearInterval(sampler);
		engine.child.kill('SIGTERM');
		await engine.exited;
		await receiver.close();
		if (database) {
			const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
			await admin.connect();
			await admin.query(`drop database if exists ${database} with (force)`);
			await admin.end();
		}
		rmSync(dataDir, { recursive: true, force: true });
	}
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(2);
	},
);
