import { rmSync } from 'node:fs';
import { ManualClock } from '../helpers/engine/clock';
import { withDatabase } from '../helpers/engine/database';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

const DAY = 86_400_000;
/** Enough that both engines' sweeps run over the same due workflows for a while. */
const WORKFLOWS = 40;

describeOnly('postgres', 'several engine processes share one database only on PostgreSQL; a SQLite file has one')('retention with two engines on one database', () => {
	const dataDir = tempDataDir('retention-engines');
	const clock = new ManualClock('2026-03-27T09:00:00.000Z');
	const engines: TestEngine[] = [];

	afterAll(async () => {
		for (const engine of engines) await engine.stop();
		await dropDatabaseOf(dataDir);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('purges each workflow once: one workflow.purged event each, however the sweeps overlap', async () => {
		for (let index = 0; index < 2; index += 1) engines.push(await startTestEngine({ dataDir, clock, retentionCheckIntervalMs: 10 }));
		const [first] = engines;
		expect((await first.api.request('PATCH', '/organization', { json: { retention: { days: 7 } } })).status).toBe(200);
		const ids: string[] = [];
		for (let index = 0; index < WORKFLOWS; index += 1) {
			const { workflowId } = await createReadyDraft(first.api, `Aufbewahrung ${index} – 保存 🗄`);
			expect((await first.api.post(`/workflows/${workflowId}/send`)).status).toBe(200);
			expect((await first.api.post(`/workflows/${workflowId}/cancel`)).status).toBe(200);
			ids.push(workflowId);
		}

		clock.advance(7 * DAY + 1000);
		await until(
			() => withDatabase(dataDir, (database) => database.all<{ n: number }>('select cast(count(*) as integer) as n from workflows where purged_at is null')),
			([row]) => Number(row.n) === 0,
			60_000,
		);
		// Sweeps still running finish before counting.
		for (const engine of engines.splice(0)) await engine.stop();

		const purged = await withDatabase(dataDir, (database) =>
			database.all<{ workflow_id: string; n: number }>("select workflow_id, cast(count(*) as integer) as n from events where type = 'workflow.purged' group by workflow_id"),
		);
		expect(purged.map((row) => row.workflow_id).sort()).toEqual([...ids].sort());
		expect(purged.filter((row) => Number(row.n) !== 1)).toEqual([]);
	}, 120_000);
});

describeOnly('postgres', 'several engine processes share one database only on PostgreSQL; a SQLite file has one')('draft retention with two engines on one database', () => {
	const dataDir = tempDataDir('draft-retention-engines');
	const clock = new ManualClock('2026-05-04T09:00:00.000Z');
	const engines: TestEngine[] = [];

	afterAll(async () => {
		for (const engine of engines) await engine.stop();
		await dropDatabaseOf(dataDir);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('discards each stale draft once: one workflow.discarded event each, however the sweeps overlap', async () => {
		for (let index = 0; index < 2; index += 1) engines.push(await startTestEngine({ dataDir, clock, retentionCheckIntervalMs: 10 }));
		const [first] = engines;
		expect((await first.api.request('PATCH', '/organization', { json: { retention: { draftDays: 7 } } })).status).toBe(200);
		const ids: string[] = [];
		for (let index = 0; index < WORKFLOWS; index += 1) ids.push((await createReadyDraft(first.api, `Entwurf ${index} – 草稿 📝`)).workflowId);

		clock.advance(7 * DAY + 1000);
		// Two passes at once, besides the loops: a draft the other discarded first is nothing to do, not an error.
		const passes = await Promise.all(engines.map((engine) => engine.engine.service.discardStaleDrafts()));
		expect(passes.every((count) => count <= WORKFLOWS)).toBe(true);
		await until(
			() => withDatabase(dataDir, (database) => database.all<{ n: number }>("select cast(count(*) as integer) as n from workflows where status = 'draft'")),
			([row]) => Number(row.n) === 0,
			60_000,
		);
		// Sweeps still running finish before counting.
		for (const engine of engines.splice(0)) await engine.stop();

		const events = await withDatabase(dataDir, (database) => database.all<{ data: string }>("select data from events where type = 'workflow.discarded'"));
		const discarded = events.map((row) => (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as { workflowId: string; trigger: string });
		expect(discarded.map((data) => data.workflowId).sort()).toEqual([...ids].sort());
		expect(new Set(discarded.map((data) => data.trigger))).toEqual(new Set(['retention']));
	}, 120_000);
});
