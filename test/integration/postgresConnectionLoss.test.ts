import pg from 'pg';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { POSTGRES_ADMIN_URL } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

/*
 * The server ends the engine's connections (a restart, a failover, an administrator) while a
 * transaction holds one between two statements: that transaction fails, the process lives on.
 * Found by the PostgreSQL pass: pg's pool listens for errors only on idle connections, so a
 * checked-out one emitted an unhandled 'error' event, which ends a Node process.
 */
describeOnly('postgres', "it cuts the PostgreSQL server's connections")('an engine whose PostgreSQL connections are cut', () => {
	let t: TestEngine;
	let admin: pg.Client;
	beforeAll(async () => {
		t = await startTestEngine();
		admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
		await admin.connect();
	});
	afterAll(async () => {
		await admin?.end();
		await t?.destroy();
	});

	it('fails only the transaction that held one, and serves the next request on a new connection', async () => {
		const database = new URL(t.engine.config.databaseUrl!).pathname.slice(1);
		const backends = async () => (await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database])).rows.map((row) => row.pid);
		const cut = t.engine.store.transaction(async (repository) => {
			expect(await repository.organizations.get(t.organizationId)).not.toBeNull();
			// This transaction's connection is now idle in the transaction, like every other one of the engine's.
			const held = await backends();
			await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);
			await until(backends, (pids) => held.every((pid) => !pids.includes(pid)));
			return repository.organizations.get(t.organizationId);
		});
		await expect(cut).rejects.toThrow();
		expect((await t.api.get('/me')).status).toBe(200);
		expect((await t.api.post('/workflows', { name: 'Après la coupure – Zoë' })).status).toBe(201);
	});
});
