import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, tempDataDir } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { databaseUrlFor, dropDatabaseOf } from '../helpers/engine/testDatabase';

/** Long enough for a loaded machine to start an engine: a `serve` still running by then did not refuse. */
const REFUSAL_WITHIN_MS = 30_000;

async function stop(engine: EngineProcess): Promise<void> {
	engine.child.kill('SIGTERM');
	await engine.exited;
}

function expectRefusal(result: { code: number | null; stdout: string; stderr: string }, keyFrom: RegExp): void {
	expect(result.code).not.toBeNull();
	expect(result.code).not.toBe(0);
	expect(result.stdout).not.toMatch(/listening on/);
	expect(result.stderr).toMatch(/Refusing to start: the master key does not match the one this database was set up with/);
	expect(result.stderr).toMatch(keyFrom);
	expect(result.stderr).toMatch(/Every engine process that shares a database must use the same master key/);
	expect(result.stderr).toMatch(/Keep the data folder's master\.key \(or the value of SIGNFLOW_MASTER_KEY\) with your backups, stored apart from the database's/);
}

describe('a master key that does not match the database', () => {
	const dataDir = tempDataDir('master-key-ŝlosilo');
	afterAll(async () => {
		rmSync(dataDir, { recursive: true, force: true });
		await dropDatabaseOf(dataDir);
	});

	it('stops `signflow serve`: exit code 1, and on stderr which key, where it came from, and what to do', async () => {
		// Set up with the data folder's own master.key.
		expect((await runCli(['migrate', '--data', dataDir])).code).toBe(0);
		const stored = await withDatabase(dataDir, (database) => database.all<{ value: string }>("select value from engine_settings where name = 'master_key_check'"));
		expect(stored).toHaveLength(1);
		const key = readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim();
		// Only a check value: not the key, in any form.
		for (const form of [key, Buffer.from(key, 'base64').toString('hex')]) expect(stored[0].value).not.toContain(form);

		const refused = await runCli(['serve', '--port', '0', '--data', dataDir], { SIGNFLOW_MASTER_KEY: randomBytes(32).toString('hex') }, { killAfterMs: REFUSAL_WITHIN_MS });
		expectRefusal(refused, /This process read its master key from SIGNFLOW_MASTER_KEY\./);
		expect(refused.code).toBe(1);

		// The same key as the file, given in the environment, is the same key.
		const engine = await spawnEngine(['--data', dataDir], { SIGNFLOW_MASTER_KEY: key });
		await stop(engine);
	});
});

describeOnly('postgres', 'several engine processes share one PostgreSQL database')('two data folders on one PostgreSQL database', () => {
	const first = tempDataDir('master-key-a');
	const second = tempDataDir('master-key-b');
	afterAll(async () => {
		for (const dataDir of [first, second]) rmSync(dataDir, { recursive: true, force: true });
		await dropDatabaseOf(first);
	});

	it("refuse the second folder's own master key, until it is given the first one's", async () => {
		const url = (await databaseUrlFor(first))!;
		const a = await spawnEngine(['--data', first]);
		try {
			const refused = await runCli(['serve', '--port', '0', '--data', second, '--database-url', url], {}, { killAfterMs: REFUSAL_WITHIN_MS });
			expectRefusal(refused, new RegExp(`from ${path.join(second, 'master.key').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(created just now`));
			// The first engine serves on.
			expect((await fetch(`${a.url}/healthz`)).status).toBe(200);

			copyFileSync(path.join(first, 'master.key'), path.join(second, 'master.key'));
			const b = await spawnEngine(['--data', second, '--database-url', url]);
			expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
			await stop(b);
		} finally {
			await stop(a);
		}
	});

	it('let one of two engines with different master keys starting at once on a new database run, and refuse the other', async () => {
		const [one, other] = [tempDataDir('master-key-race-ǅ'), tempDataDir('master-key-race-ǆ')];
		const databaseUrl = await databaseUrlFor(one);
		try {
			const started = await Promise.allSettled([startTestEngine({ dataDir: one }), startTestEngine({ dataDir: other, databaseUrl })]);
			for (const outcome of started) if (outcome.status === 'fulfilled') await outcome.value.stop();
			expect(started.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
			const [refusal] = started.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as Error] : []));
			expect(refusal.message).toMatch(/^Refusing to start: the master key does not match/);
		} finally {
			for (const dataDir of [one, other]) rmSync(dataDir, { recursive: true, force: true });
			await dropDatabaseOf(one);
		}
	});
});
