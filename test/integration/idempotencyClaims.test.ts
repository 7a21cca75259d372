import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { IdempotencyKeys, type IdempotencyClaim } from '../../engine/app/idempotency';
import { newId, type Principal } from '../../engine/domain';
import { SecretBox } from '../../engine/security/secretBox';
import type { KyselyStore } from '../../engine/store/kyselyStore';
import type { Store } from '../../engine/store/port';
import { aWorkflow } from '../helpers/engine/builders';
import { ManualClock } from '../helpers/engine/clock';
import { openDatabase, type OutsideConnection } from '../helpers/engine/database';
import { tempDataDir } from '../helpers/engine/engine';
import { openStoreWithOrganization } from '../helpers/engine/storeWithOrganization';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * The Idempotency-Key's row is written by the request's first transaction to commit, with its
 * work: a keyed creation costs its work's commit and the kept answer's, nothing more (the work's
 * commit alone when the route answers with what that commit wrote), and a request that dies before
 * its work commits leaves nothing that would hold up a retry.
 */
describe(`Idempotency-Key rows and the commits they cost (${TEST_DB})`, () => {
	const dataDir = tempDataDir('idempotency-claims');
	const timeoutMs = 60_000;
	const clock = new ManualClock('2026-12-05T09:00:00.000Z');
	const principal: Principal = { organizationId: newId(), apiKeyId: newId(), mode: 'live' };
	let store: KyselyStore;
	let outside: OutsideConnection;
	/** Transactions the keys opened (the work's are counted by the test itself). */
	let transactions = 0;
	let keys: IdempotencyKeys;

	beforeAll(async () => {
		store = await openStoreWithOrganization(dataDir, { id: principal.organizationId, name: 'Ærøskøbing Bygg – 株式会社 🏗', createdAt: clock.now().toISOString() });
		const counting: Store = Object.create(store, {
			transaction: { value: <T>(work: Parameters<Store['transaction']>[0]) => ((transactions += 1), store.transaction(work) as Promise<T>) },
		});
		keys = new IdempotencyKeys({ store: counting, clock, secrets: new SecretBox(randomBytes(32)) });
		outside = await openDatabase(dataDir);
	});
	afterAll(async () => {
		await outside?.close();
		await store?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	async function begin(key: string, requestHash: string): Promise<IdempotencyClaim> {
		const start = await keys.begin(principal, key, requestHash, timeoutMs);
		if (!('claim' in start)) throw new Error(`expected a claim, got the replay of ${start.replay.status}`);
		return start.claim;
	}

	/** The work of a creating request: one workflow named `name`, in one transaction (throwing after its insert when `fail`). */
	function createWorkflow(claim: IdempotencyClaim, name: string, fail = false): Promise<string> {
		return keys.run(claim, () =>
			store.transaction(async (repository) => {
				const workflow = aWorkflow({ organizationId: principal.organizationId, name });
				await repository.workflows.insert(workflow);
				if (fail) throw new Error('the engine stops here (kill -9 before the commit)');
				return workflow.id;
			}),
		);
	}

	async function workflowsNamed(name: string): Promise<number> {
		const rows = await outside.all<{ n: number }>('select count(*) as n from workflows where name = ?', [name]);
		return Number(rows[0].n);
	}

	function keyRow(key: string) {
		return outside.all<{ state: string; status: number | null }>('select state, status from idempotency_keys where key = ?', [key]);
	}

	it('costs the work’s commit and the answer’s, with no commit of its own for the claim', async () => {
		const key = `n8n-${newId()}`;
		const name = 'Arbeitsvertrag – Zoë Ångström 🖋';
		transactions = 0;
		const claim = await begin(key, 'hash-of-the-request');
		expect(transactions).toBe(0);
		await createWorkflow(claim, name);
		expect(await keyRow(key)).toEqual([{ state: 'committed', status: null }]);
		await keys.finish(claim, { status: 201, body: JSON.stringify({ name }) });
		expect(transactions).toBe(1);
		expect((await keyRow(key)).map((row) => [row.state, Number(row.status)])).toEqual([['done', 201]]);

		const replay = await keys.begin(principal, key, 'hash-of-the-request', timeoutMs);
		expect(replay).toEqual({ replay: { status: 201, body: JSON.stringify({ name }) } });
		expect(await workflowsNamed(name)).toBe(1);
	});

	it('keeps the answer in the work’s commit when the route answers with what its transaction returned: no commit for the answer', async () => {
		const key = `n8n-${newId()}`;
		const name = 'Offerte – Jürgen Weiß 📄';
		transactions = 0;
		const claim = await begin(key, 'an offer');
		claim.answerInCommit(201);
		const id = await createWorkflow(claim, name);
		// Done with the work, before the request has answered: a retry after a kill -9 here gets the answer.
		expect((await keyRow(key)).map((row) => [row.state, Number(row.status)])).toEqual([['done', 201]]);
		expect(await keys.begin(principal, key, 'an offer', timeoutMs)).toEqual({ replay: { status: 201, body: JSON.stringify(id) } });
		await keys.finish(claim, { status: 201, body: JSON.stringify(id) });
		expect(transactions).toBe(0);
		expect(await keys.begin(principal, key, 'an offer', timeoutMs)).toEqual({ replay: { status: 201, body: JSON.stringify(id) } });
		expect(await workflowsNamed(name)).toBe(1);
	});

	it('keeps the answer the request got when it is not what its transaction returned', async () => {
		const key = `n8n-${newId()}`;
		const claim = await begin(key, 'a contract');
		claim.answerInCommit(201);
		const id = await createWorkflow(claim, 'Vertrag – Ōkubo 大久保');
		transactions = 0;
		await keys.finish(claim, { status: 201, body: JSON.stringify({ id, more: 'than the transaction returned' }) });
		expect(transactions).toBe(1);
		expect(await keys.begin(principal, key, 'a contract', timeoutMs)).toEqual({ replay: { status: 201, body: JSON.stringify({ id, more: 'than the transaction returned' }) } });
	});

	it('takes the answer kept with the work back when the request commits again, or fails after its commit', async () => {
		const twice = `n8n-${newId()}`;
		const claim = await begin(twice, 'two commits');
		claim.answerInCommit(201);
		await createWorkflow(claim, 'Erster Teil – Ærø');
		// The second commit of the request takes the first one's answer back with it.
		const second = await createWorkflow(claim, 'Zweiter Teil – Ærø');
		expect(await keyRow(twice)).toEqual([{ state: 'committed', status: null }]);
		await expect(keys.begin(principal, twice, 'two commits', timeoutMs)).rejects.toMatchObject({ code: 'idempotency_key_in_progress' });
		await keys.finish(claim, { status: 201, body: JSON.stringify(second) });
		expect(await keys.begin(principal, twice, 'two commits', timeoutMs)).toEqual({ replay: { status: 201, body: JSON.stringify(second) } });

		const failed = `n8n-${newId()}`;
		const failing = await begin(failed, 'fails after its commit');
		failing.answerInCommit(201);
		await createWorkflow(failing, 'Fehlgeschlagen – Ñ');
		await keys.finish(failing, { status: 500, body: '{"error":{"code":"internal"}}' });
		expect(await keyRow(failed)).toEqual([{ state: 'committed', status: null }]);
	});

	it('leaves no row when the work never committed: the retry runs at once and creates once', async () => {
		const key = `n8n-${newId()}`;
		const name = 'عقد العمل – محمد الأحمد';
		await expect(createWorkflow(await begin(key, 'same request'), name, true)).rejects.toThrow('kill -9');
		expect(await keyRow(key)).toEqual([]);
		expect(await workflowsNamed(name)).toBe(0);

		const retry = await begin(key, 'same request');
		await createWorkflow(retry, name);
		await keys.finish(retry, { status: 201, body: '{}' });
		expect(await workflowsNamed(name)).toBe(1);
	});

	it('lets two requests with one key run, commits the first to finish, and rolls back the other’s work', async () => {
		const key = `n8n-${newId()}`;
		const first = await begin(key, 'offer letter');
		const second = await begin(key, 'offer letter');
		const other = await begin(key, 'another body under the same key');
		await createWorkflow(second, 'Offre – Élodie (second)');
		await expect(createWorkflow(first, 'Offre – Élodie (first)')).rejects.toMatchObject({ code: 'idempotency_key_in_progress' });
		await expect(createWorkflow(other, 'Offre – Élodie (other)')).rejects.toMatchObject({ code: 'idempotency_key_reused' });
		expect([await workflowsNamed('Offre – Élodie (second)'), await workflowsNamed('Offre – Élodie (first)'), await workflowsNamed('Offre – Élodie (other)')]).toEqual([1, 0, 0]);
		// The losers' answers (409) are not kept and leave the winner's row as it is.
		await keys.finish(first, { status: 409, body: '{}' });
		await keys.finish(second, { status: 201, body: '{"winner":"second"}' });
		expect(await keys.begin(principal, key, 'offer letter', timeoutMs)).toEqual({ replay: { status: 201, body: '{"winner":"second"}' } });
	});

	it('keeps a refusal of the request itself in a row of its own, and keeps nothing for a 404', async () => {
		const refused = `n8n-${newId()}`;
		const claim = await begin(refused, 'an empty name');
		transactions = 0;
		await keys.finish(claim, { status: 422, body: '{"error":{"code":"validation_failed"}}' });
		expect(transactions).toBe(1);
		expect(await keys.begin(principal, refused, 'an empty name', timeoutMs)).toEqual({ replay: { status: 422, body: '{"error":{"code":"validation_failed"}}' } });

		const missing = `n8n-${newId()}`;
		transactions = 0;
		await keys.finish(await begin(missing, 'a signer for a workflow that is not there'), { status: 404, body: '{}' });
		expect(transactions).toBe(0);
		expect(await keyRow(missing)).toEqual([]);
	});

	it('answers in progress while a committed key’s answer is missing, then, after the request timeout, that it was lost', async () => {
		const key = `n8n-${newId()}`;
		const name = 'Mietvertrag – Ñandú (answer lost)';
		// Killed after its work committed, before its answer was kept.
		await createWorkflow(await begin(key, 'lease'), name);
		await expect(keys.begin(principal, key, 'lease', timeoutMs)).rejects.toMatchObject({ code: 'idempotency_key_in_progress' });
		await expect(keys.begin(principal, key, 'another lease', timeoutMs)).rejects.toMatchObject({ code: 'idempotency_key_reused' });
		clock.advance(timeoutMs);
		await expect(keys.begin(principal, key, 'lease', timeoutMs)).rejects.toMatchObject({ code: 'idempotency_key_answer_lost' });
		expect(await workflowsNamed(name)).toBe(1);
	});

	it('honours a claim an earlier build took before its work: in progress, then taken over after the request timeout', async () => {
		const key = `n8n-${newId()}`;
		const name = '旧版本 – 張偉 (taken over)';
		const at = clock.now().toISOString();
		await store.transaction((repository) =>
			repository.idempotencyKeys.insert({ organizationId: principal.organizationId, mode: principal.mode, key, requestHash: 'nda', owner: newId(), state: 'in_progress', status: null, answer: null, createdAt: at, claimedAt: at }),
		);
		await expect(keys.begin(principal, key, 'nda', timeoutMs)).rejects.toMatchObject({ code: 'idempotency_key_in_progress' });
		clock.advance(timeoutMs);
		const claim = await begin(key, 'nda');
		await createWorkflow(claim, name);
		await keys.finish(claim, { status: 201, body: '{"taken":"over"}' });
		expect(await keys.begin(principal, key, 'nda', timeoutMs)).toEqual({ replay: { status: 201, body: '{"taken":"over"}' } });
		expect(await workflowsNamed(name)).toBe(1);
	});
});
