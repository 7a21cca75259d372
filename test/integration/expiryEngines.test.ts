import { rmSync } from 'node:fs';
import { ManualClock } from '../helpers/engine/clock';
import { withDatabase } from '../helpers/engine/database';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

const HOUR = 3600_000;
/** More than one sweep's batch (100), so the engines' sweeps overlap over several batches. */
const WORKFLOWS = 130;

describeOnly('postgres', 'several engine processes share one database only on PostgreSQL; a SQLite file has one')('expiry with two engines on one database', () => {
	const dataDir = tempDataDir('expiry-engines');
	const clock = new ManualClock('2026-11-23T09:00:00.000Z');
	const engines: TestEngine[] = [];

	afterAll(async () => {
		for (const engine of engines) await engine.stop();
		await dropDatabaseOf(dataDir);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('expires each workflow once: one workflow.expired event each, however the sweeps overlap', async () => {
		// Both sweep every 10 ms over the same due workflows.
		for (let index = 0; index < 2; index += 1) engines.push(await startTestEngine({ dataDir, clock, expiryCheckIntervalMs: 10 }));
		const ids: string[] = [];
		for (let index = 0; index < WORKFLOWS; index += 1) {
			const api = engines[index % 2].api;
			const { workflowId } = await createReadyDraft(api, `Échéance ${index} – 期限 ⏳`, { expiresAt: new Date(clock.now().getTime() + HOUR).toISOString() });
			expect((await api.post(`/workflows/${workflowId}/send`)).status).toBe(200);
			ids.push(workflowId);
		}

		clock.advance(HOUR + 1000);
		const counts = () =>
			withDatabase(dataDir, (database) =>
				database.all<{ workflow_id: string; n: number }>(
					"select workflow_id, cast(count(*) as integer) as n from events where type = 'workflow.expired' group by workflow_id",
				),
			);
		await until(
			() => withDatabase(dataDir, (database) => database.all<{ n: number }>("select cast(count(*) as integer) as n from workflows where status = 'sent'")),
			([row]) => Number(row.n) === 0,
			60_000,
		);
		// Sweeps still running finish before counting.
		for (const engine of engines.splice(0)) await engine.stop();

		const expired = await counts();
		expect(expired.map((row) => row.workflow_id).sort()).toEqual([...ids].sort());
		expect(expired.filter((row) => Number(row.n) !== 1)).toEqual([]);
	}, 120_000);
});
