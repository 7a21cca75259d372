import { rmSync } from 'node:fs';
import { newId, type Workflow } from '../../engine/domain';
import { openStore, type KyselyStore } from '../../engine/store/kyselyStore';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { sqliteFile, tempDataDir } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

/*
 * SQLite group commit: transactions that arrive together share one COMMIT (one fsync). Each runs
 * under its own savepoint, so one that fails is rolled back alone, and nobody is answered before
 * the shared COMMIT returned, so a kill -9 in the middle of a burst loses nothing acknowledged.
 */

function workflow(organizationId: string, name: string): Workflow {
	const at = new Date().toISOString();
	return {
		id: newId(),
		organizationId,
		name,
		message: null,
		status: 'draft',
		test: false,
		timeZone: 'Europe/Paris',
		expiresAt: null,
		requestFrom: null,
		metadata: {},
		reminderPolicy: null,
		cancelReason: null,
		allowDelegation: false,
		locale: null,
		redirectUrl: null,
		createdAt: at,
		updatedAt: at,
		sentAt: null,
		endedAt: null,
		purgedAt: null,
		purgeScope: null,
	};
}

describeOnly('sqlite', 'group commit is how the SQLite store shares one fsync among transactions')('SQLite group commit in the store', () => {
	const dataDir = tempDataDir('group-commit');
	let store: KyselyStore;
	const organizationId = newId();
	beforeAll(async () => {
		store = openStore({ dataDir });
		await store.migrate();
		await store.transaction((repository) => repository.organizations.insert({ id: organizationId, name: 'Grupo Ñandú', adminEmail: null, createdAt: new Date().toISOString() }));
	});
	afterAll(async () => {
		await store?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('commits 200 concurrent writers in a few shared commits; the ones that fail after writing leave no row, and fail alone', async () => {
		const before = { ...store.groupCommitStats! };
		const outcomes = await Promise.allSettled(
			Array.from({ length: 200 }, (_, index) =>
				store.transaction(async (repository) => {
					const made = workflow(organizationId, `Écrivain ${index} – 書き手`);
					await repository.workflows.insert(made);
					await repository.events.append(organizationId, { type: 'workflow.created', workflowId: made.id, data: { name: made.name } }, { actor: { type: 'system', id: null }, ip: null, userAgent: null }, made.createdAt);
					if (index % 7 === 3) throw new Error(`writer ${index} changed its mind`);
					return made.id;
				}),
			),
		);
		const committed = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
		const failures = outcomes.flatMap((outcome, index) => (outcome.status === 'rejected' ? [{ index, reason: String(outcome.reason) }] : []));
		expect(failures.map((failure) => failure.index)).toEqual(Array.from({ length: 200 }, (_, index) => index).filter((index) => index % 7 === 3));
		for (const failure of failures) expect(failure.reason).toContain(`writer ${failure.index} changed its mind`);
		const after = store.groupCommitStats!;
		expect(after.units - before.units).toBe(200);
		expect(after.commits - before.commits).toBeLessThanOrEqual(10);

		// Read by another connection, as another process would: exactly the acknowledged writers.
		const database = sqliteFile(dataDir);
		try {
			const rows = database.prepare('select id from workflows where organization_id = ?').all(organizationId) as Array<{ id: string }>;
			expect(rows.map((row) => row.id).sort()).toEqual([...committed].sort());
			const events = database.prepare('select count(*) as n from events where organization_id = ?').get(organizationId) as { n: number };
			expect(events.n).toBe(committed.length);
		} finally {
			database.close();
		}
	});

	it('runs after-commit callbacks only for the writers that committed', async () => {
		const called: number[] = [];
		await Promise.allSettled(
			Array.from({ length: 20 }, (_, index) =>
				store.transaction(async (repository) => {
					await repository.workflows.insert(workflow(organizationId, `Rappel ${index}`));
					repository.afterCommit(() => called.push(index));
					if (index % 2) throw new Error('no');
				}),
			),
		);
		expect(called.sort((a, b) => a - b)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
	});
});

// On SQLite this is group commit's promise; on PostgreSQL, that an answer comes after the commit.
describe(`an engine on ${TEST_DB} killed with SIGKILL in the middle of a burst of 32 writers`, () => {
	const dataDir = tempDataDir('group-commit-crash');
	let engine: EngineProcess | null = null;
	afterAll(async () => {
		if (engine && engine.child.exitCode === null && engine.child.signalCode === null) {
			engine.child.kill('SIGKILL');
			await engine.exited;
		}
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('still holds every workflow it acknowledged, each with an intact audit chain', async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Crash Ōkubo', '--json', '--data', dataDir])).stdout);
		engine = await spawnEngine(['--data', dataDir, '--rate-limit-api', '1000000']);
		const api = new ApiClient(engine.url, apiKey);
		const acknowledged: string[] = [];
		let killed = false;
		const writer = async (client: number) => {
			for (let index = 0; !killed; index++) {
				const response = await api.post('/workflows', { name: `Contrat ${client}-${index} – Zoë`, metadata: { client } }).catch(() => null);
				if (response?.status === 201) acknowledged.push(response.body.id);
			}
		};
		const writers = Array.from({ length: 32 }, (_, client) => writer(client));
		await until(() => acknowledged.length, (count) => count >= 300, 120_000);
		engine.child.kill('SIGKILL');
		killed = true;
		await engine.exited;
		await Promise.all(writers);
		expect(acknowledged.length).toBeGreaterThanOrEqual(300);

		engine = await spawnEngine(['--data', dataDir, '--rate-limit-api', '1000000']);
		const restarted = new ApiClient(engine.url, apiKey);
		const stored = new Set((await withDatabase(dataDir, (database) => database.all<{ id: string }>('select id from workflows'))).map((row) => row.id));
		expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
		for (const id of acknowledged.slice(-20)) {
			const audit = (await restarted.get(`/workflows/${id}/audit`)).body;
			expect(audit.chain.intact).toBe(true);
			expect(audit.events.map((event: { type: string }) => event.type)).toEqual(['workflow.created']);
		}
	});
});
