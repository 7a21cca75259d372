import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';
import { brokenAuditChains } from './auditChains';
import { consistencyProblems, postgresReader, sqliteReader, stateFigures, type DatabaseReader } from './consistency';
import { runFuzz, summary } from './fuzzer';
import { describeSettings, fuzzSettings } from './settings';

/*
 * Generated requests (fast-check, seeded) for every operation of the
 * engine's OpenAPI document and the signer's routes, on SQLite, and on
 * PostgreSQL in npm test's PostgreSQL pass: no 5xx, no hung request, no
 * leak across organizations, JSON errors, answers that match the document,
 * and a consistent database afterwards. 15 s of requests by default (about
 * 25 s with the seeding and the checks); `npm run fuzz` is the long run.
 */
const settings = fuzzSettings({ requests: 1_000_000, seconds: 15, concurrency: 4, timeoutMs: 15_000 });

describe(`the API under generated requests on ${TEST_DB}`, () => {
	const store = TEST_DB;
	let t: TestEngine;
	let receiver: Receiver;
	let other: { organizationId: string; api: { apiKey: string | null } };

	beforeAll(async () => {
		receiver = await startReceiver();
		// Some deliveries fail, so retries, dead deliveries and replays happen too.
		receiver.respond = (_request, index) => (index % 4 === 3 ? { status: 500 } : { status: 200 });
		t = await startTestEngine({
			allowPrivateWebhooks: true,
			expiryCheckIntervalMs: 500,
			finalizePollIntervalMs: 500,
			webhookPollIntervalMs: 500,
			maxFileBytes: 2 * 1024 * 1024,
		});
		other = await t.newOrganization('Other Org — Zu\u0308rich');
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
		await receiver?.close();
	});

	it(
		'answers every request without a 5xx, a hang or a leak, and leaves a consistent database',
		async () => {
			console.log(`[${store}] ${describeSettings(settings)}`);
			const keys = { A: t.api.apiKey!, B: other.api.apiKey! };
			const report = await runFuzz({
				baseUrl: t.engine.url,
				keys,
				receiverUrl: receiver.url,
				seed: settings.seed,
				maxRequests: settings.requests,
				maxMs: settings.seconds * 1000,
				concurrency: settings.concurrency,
				timeoutMs: settings.timeoutMs,
				log: (line) => console.log(`[${store}] ${line}`),
			});

			const reader: DatabaseReader = store === 'sqlite' ? sqliteReader(t.dataDir) : await postgresReader(t.engine.config.databaseUrl!);
			try {
				// Let the finalizer store the signed files of what completed (bounded: the checks hold at any moment anyway).
				const pending = await until(
					async () => Number((await reader.all("select count(*) as n from finalizations where status = 'pending' and attempts = 0"))[0].n),
					(count) => count === 0,
					30_000,
				);
				const audits = await brokenAuditChains(reader, t.engine.url, keys, { A: t.organizationId, B: other.organizationId });
				const problems = await consistencyProblems(reader);
				console.log(
					[
						summary(report, store),
						`[${store}] state reached: ${JSON.stringify(await stateFigures(reader))}`,
						`[${store}] finalizations still pending: ${pending}; audit chains checked: ${audits.checked}; webhook requests received: ${receiver.received.length}`,
					].join('\n'),
				);

				expect(report.requests).toBeGreaterThan(100);
				expect({
					fiveXx: report.fiveXx,
					hung: report.hung,
					brokenRules: report.failureCounts,
					firstFailures: report.failures.slice(0, 10).map((failure) => `[${failure.rule}] ${failure.detail}\n${failure.reproduce.slice(0, 1500)}`),
					auditChains: audits.problems,
					database: problems,
				}).toEqual({ fiveXx: 0, hung: 0, brokenRules: {}, firstFailures: [], auditChains: [], database: [] });
			} finally {
				await reader.close();
			}
		},
		(settings.seconds + 120) * 1000,
	);
});
