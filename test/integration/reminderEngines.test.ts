import { rmSync } from 'node:fs';
import { ManualClock } from '../helpers/engine/clock';
import { withDatabase } from '../helpers/engine/database';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

const HOUR = 3600_000;
/** More than one pass's batch (100), so the engines' passes overlap over several batches. */
const WORKFLOWS = 130;

describeOnly('postgres', 'several engine processes share one database only on PostgreSQL; a SQLite file has one')('reminders with two engines on one database', () => {
	const dataDir = tempDataDir('reminder-engines');
	const clock = new ManualClock('2026-11-23T09:00:00.000Z');
	const engines: TestEngine[] = [];

	afterAll(async () => {
		for (const engine of engines) await engine.stop();
		await dropDatabaseOf(dataDir);
		rmSync(dataDir, { recursive: true, force: true });
	});

	const reminded = () =>
		withDatabase(dataDir, (database) => database.all<{ workflow_id: string; data: string }>("select workflow_id, data from events where type = 'signer.reminded'"));

	it('sends each reminder once: one signer.reminded event per signer and number, however the passes overlap', async () => {
		// Both look for due reminders every 10 ms over the same rows.
		for (let index = 0; index < 2; index += 1) engines.push(await startTestEngine({ dataDir, clock, reminderCheckIntervalMs: 10 }));
		const signers = new Map<string, string>();
		for (let index = 0; index < WORKFLOWS; index += 1) {
			const api = engines[index % 2].api;
			const { workflowId, signerIds } = await createReadyDraft(api, `Rappel ${index} – 催促 ⏰`, { reminderPolicy: { firstAfter: 'PT1H', every: 'PT2H', max: 2 } });
			expect((await api.post(`/workflows/${workflowId}/send`)).status).toBe(200);
			signers.set(workflowId, signerIds[0]);
		}

		clock.advance(HOUR);
		await until(reminded, (rows) => rows.length >= WORKFLOWS, 60_000);
		clock.advance(2 * HOUR);
		await until(reminded, (rows) => rows.length >= 2 * WORKFLOWS, 60_000);
		// Long past max: a pass of each sends nothing more. Passes still running finish before counting.
		clock.advance(10 * HOUR);
		expect(await Promise.all(engines.map((engine) => engine.engine.reminders.tick()))).toEqual([0, 0]);
		for (const engine of engines.splice(0)) await engine.stop();

		const seen = (await reminded()).map((row) => {
			const data = JSON.parse(row.data) as { signerId: string; reminder: number; automatic: boolean };
			expect(data.signerId).toBe(signers.get(row.workflow_id));
			expect(data.automatic).toBe(true);
			return `${data.signerId}#${data.reminder}`;
		});
		const expected = [...signers.values()].flatMap((signerId) => [`${signerId}#1`, `${signerId}#2`]);
		expect(seen.sort()).toEqual(expected.sort());
	}, 180_000);
});
