import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MissingBlobError, sha256Hex } from '../../engine/store/blobStore';
import { DiskBlobStore } from '../../engine/store/diskBlobStore';
import { openStore, type KyselyStore } from '../../engine/store/kyselyStore';
import { PostgresBlobStore } from '../../engine/store/postgresBlobStore';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { bodyBytes, diskBlobPath } from '../helpers/engine/blobs';
import { runCli } from '../helpers/engine/cli';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { describeOnly } from '../helpers/engine/storeOnly';
import { createTestDatabase } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { largePdf } from '../helpers/pdf/largePdf';
import { pdfsig } from '../helpers/pdf/pdfTools';
import { strokePng } from '../helpers/pdf/pngs';
import { until } from '../helpers/waits';

const MB = 1024 * 1024;
const onPostgres = describeOnly('postgres', 'blobs are in the database only on PostgreSQL; SQLite keeps them in its data folder');

/** Every file under a data folder's blobs/: on PostgreSQL, nothing should be written there. */
function blobFiles(dataDir: string): string[] {
	const root = path.join(dataDir, 'blobs');
	return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

onPostgres('the PostgreSQL blob store', () => {
	let store: KyselyStore;
	beforeAll(async () => {
		store = openStore({ dataDir: tempDataDir('pg-blob-store'), databaseUrl: (await createTestDatabase()).url });
		await store.migrate();
	});
	afterAll(() => store?.close());

	const count = async (table: string, sha256: string) =>
		Number((await store.postgresPool!.query(`select count(*) as n from ${table} where sha256 = $1`, [sha256])).rows[0].n);

	it('keeps bytes whole across chunks (any byte value, a last short chunk, one chunk, none at all)', async () => {
		const blobs = new PostgresBlobStore(store.postgresPool!, null, 7);
		for (const bytes of [Buffer.from([0xff, 0x00, 0xfe, 0x80, 0xc3, 0x28, 0x5c, 0x78, 0x0a]), randomBytes(70), Buffer.from('Zoë ✍'), Buffer.alloc(0)]) {
			const sha256 = await blobs.put(bytes);
			expect(sha256).toBe(sha256Hex(bytes));
			// Read as another process would: from the database, not from what this one keeps.
			const elsewhere = new PostgresBlobStore(store.postgresPool!, null, 7);
			expect((await elsewhere.get(sha256)).equals(bytes)).toBe(true);
			const opened = await new PostgresBlobStore(store.postgresPool!, null, 7).open(sha256);
			expect([opened.size, (await bodyBytes(opened.body)).equals(bytes)]).toEqual([bytes.length, true]);
			// One chunk or none is at hand whole; more are streamed.
			expect(Buffer.isBuffer(opened.body)).toBe(bytes.length <= 7);
			expect(await count('blob_chunks', sha256)).toBe(Math.ceil(bytes.length / 7));
		}
	});

	it('stores a one-chunk blob once, however many processes put it at the same time', async () => {
		const bytes = randomBytes(700);
		const names = await Promise.all(Array.from({ length: 6 }, () => new PostgresBlobStore(store.postgresPool!, null, 1024).put(bytes)));
		expect(new Set(names)).toEqual(new Set([sha256Hex(bytes)]));
		expect([await count('blobs', names[0]), await count('blob_chunks', names[0])]).toEqual([1, 1]);
	});

	it('answers reads of blobs it read lately without asking the database again, and asks once for a one-chunk blob', async () => {
		let queries = 0;
		const pool = store.postgresPool!;
		const counting = new Proxy(pool, {
			get: (target, key) => (key === 'query' ? (...args: unknown[]) => ((queries += 1), (target.query as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, key)),
		});
		const written = randomBytes(5000);
		const blobs = new PostgresBlobStore(counting, null, 8192);
		const sha256 = await blobs.put(written);
		expect(queries).toBe(1);
		expect((await blobs.get(sha256)).equals(written)).toBe(true);
		expect(queries).toBe(2);
		expect([await blobs.has(sha256), (await blobs.get(sha256)).equals(written), (await blobs.open(sha256)).size, await blobs.put(written)]).toEqual([
			true,
			true,
			5000,
			sha256,
		]);
		// Reads come from memory; the put asks the database (one statement): a purge in another process may have deleted the blob.
		expect(queries).toBe(3);
		// What a caller does with its copy does not change what is kept.
		(await blobs.get(sha256)).fill(0);
		expect((await blobs.get(sha256)).equals(written)).toBe(true);
		expect(queries).toBe(3);
	});

	it('stores again bytes another process deleted (a purge) though this one still has them in memory', async () => {
		const bytes = randomBytes(3000);
		const here = new PostgresBlobStore(store.postgresPool!, null, 8192);
		const there = new PostgresBlobStore(store.postgresPool!, null, 8192);
		const sha256 = await here.put(bytes);
		expect((await here.get(sha256)).equals(bytes)).toBe(true);
		await there.delete(sha256);
		expect(await there.stored(sha256)).toBe(false);
		await here.put(bytes);
		expect(await there.stored(sha256)).toBe(true);
		expect((await there.get(sha256)).equals(bytes)).toBe(true);
	});

	it('stores the same bytes once, however many writers put them at the same time', async () => {
		const blobs = new PostgresBlobStore(store.postgresPool!, null, 1024);
		const bytes = randomBytes(10 * 1024);
		const names = await Promise.all(Array.from({ length: 6 }, () => blobs.put(bytes)));
		expect(new Set(names)).toEqual(new Set([sha256Hex(bytes)]));
		expect(await blobs.put(bytes)).toBe(sha256Hex(bytes));
		expect([await count('blobs', names[0]), await count('blob_chunks', names[0])]).toEqual([1, 10]);
	});

	it('streams a blob as it is read: a paused reader holds no connection and at most two chunks', async () => {
		const pool = store.postgresPool!;
		const blobs = new PostgresBlobStore(pool, null, 1024);
		const bytes = randomBytes(64 * 1024 + 5);
		const { size, body: stream } = await blobs.open(await blobs.put(bytes));
		expect(size).toBe(bytes.length);
		if (Buffer.isBuffer(stream)) throw new Error('a blob of many chunks is streamed');
		// Asked to fill its buffer, with nobody taking from it: the stream fetches ahead, but not far.
		stream.read(0);
		expect(await until(() => stream.readableLength, (buffered) => buffered > 0)).toBeGreaterThan(0);
		expect(await until(() => pool.totalCount - pool.idleCount, (busy) => busy === 0)).toBe(0);
		expect(stream.readableLength).toBeLessThanOrEqual(2 * 1024);
		const parts: Buffer[] = [];
		for await (const part of stream) parts.push(part as Buffer);
		expect(Buffer.concat(parts).equals(bytes)).toBe(true);
		await expect(blobs.open(sha256Hex(Buffer.from('never stored')))).rejects.toThrow(MissingBlobError);
	});

	it('says which blob is missing, and reads one of an earlier disk-based version from the folder, copying it in', async () => {
		const folder = path.join(tempDataDir('pg-blob-fallback'), 'blobs');
		const disk = new DiskBlobStore(folder);
		const blobs = new PostgresBlobStore(store.postgresPool!, disk);
		const absent = sha256Hex(Buffer.from('never stored'));
		await expect(blobs.get(absent)).rejects.toThrow(MissingBlobError);
		await expect(blobs.has(absent)).resolves.toBe(false);

		const old = fixturePdf('letter-3pages.pdf');
		const sha256 = await disk.put(old);
		expect(await blobs.stored(sha256)).toBe(false);
		expect(await blobs.has(sha256)).toBe(true);
		expect((await blobs.get(sha256)).equals(old)).toBe(true);
		expect(await blobs.stored(sha256)).toBe(true);

		// A damaged file is not copied in.
		const damaged = await disk.put(Buffer.from('%PDF-1.7 Zoë'));
		writeFileSync(disk.pathOf(damaged), 'bit rot');
		await expect(blobs.get(damaged)).rejects.toThrow(/is damaged/);
		expect(await blobs.stored(damaged)).toBe(false);
		rmSync(path.dirname(folder), { recursive: true, force: true });
	});
});

onPostgres('two engine processes on two data folders sharing one database', () => {
	const engines: TestEngine[] = [];
	afterAll(async () => {
		for (const engine of engines) await engine.destroy();
	});

	it('upload through one, sign with a drawn signature and download through the other: one envelope, blobs in the database only', async () => {
		const { url } = await createTestDatabase();
		const masterKey = randomBytes(32).toString('base64');
		const options = { databaseUrl: url, masterKey, finalizePollIntervalMs: 50 };
		const first = await startTestEngine({ ...options, dataDir: tempDataDir('host-a') });
		engines.push(first);
		const second = await startTestEngine({ ...options, dataDir: tempDataDir('host-b') });
		engines.push(second);
		const viaFirst = first.api;
		const viaSecond = new ApiClient(second.engine.url, first.api.apiKey);

		const original = fixturePdf('mixed-sizes.pdf');
		const workflowId = (await viaFirst.post('/workflows', { name: 'Mietvertrag – Zoë Ångström, شقة 東京' })).body.id as string;
		const file = (await viaFirst.upload(workflowId, 'mietvertrag-Zoë.pdf', original)).body;
		const signer = (await viaFirst.post(`/workflows/${workflowId}/signers`, { name: 'Zoë Ångström', email: 'zoe@example.com' })).body;
		const field = (await viaFirst.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 2, x: 60, y: 60 })).body;
		const sent = (await viaFirst.post(`/workflows/${workflowId}/send`)).body;

		// The signer's link, opened on the other host (same master key, so the same token is valid there).
		const link = new URL(sent.signers[0].signingUrl as string);
		const signerOnSecond = new SignerClient(`${second.engine.url}${link.pathname}`);
		expect((await signerOnSecond.document(file.id)).bytes.equals(original)).toBe(true);
		const signed = await signerOnSecond.sign({ consent: true, values: { [field.id]: { type: 'drawn', pngBase64: strokePng().toString('base64') } } });
		expect(signed.status).toBe(200);

		await auditWith(viaSecond, workflowId, 'workflow.completed', 30_000);
		const fromSecond = await viaSecond.get(`/workflows/${workflowId}/files/${file.id}/content?version=signed`);
		expect(fromSecond.status).toBe(200);
		expect(pdfsig(fromSecond.bytes)).toContain('Signature Validation: Signature is Valid.');
		const fromFirst = await viaFirst.get(`/workflows/${workflowId}/files/${file.id}/content?version=signed`);
		expect(fromFirst.bytes.equals(fromSecond.bytes)).toBe(true);
		expect((await viaSecond.get(`/workflows/${workflowId}/files/${file.id}/content`)).bytes.equals(original)).toBe(true);

		expect([...blobFiles(first.dataDir), ...blobFiles(second.dataDir)]).toEqual([]);
		const named = await (second.engine.store as KyselyStore).postgresPool!.query(
			`select count(*) as n from blobs where sha256 in (select sha256 from files union select signed_sha256 from files union select value_image_sha256 from signatures)`,
		);
		expect(named.rows).toEqual([{ n: '3' }]);
	}, 90_000);
});

onPostgres('an engine upgraded from blobs on disk', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine();
	});
	afterAll(() => t?.destroy());

	it('serves a blob still in its data folder before migrate-blobs has run', async () => {
		const original = fixturePdf('letter-3pages.pdf');
		const workflowId = (await t.api.post('/workflows', { name: 'Ancien contrat – Émilie' })).body.id as string;
		const file = (await t.api.upload(workflowId, 'ancien.pdf', original)).body;
		// As an earlier version left it: the row in PostgreSQL, the bytes in the data folder only.
		await (t.engine.store as KyselyStore).postgresPool!.query('delete from blobs where sha256 = $1', [file.sha256]);
		mkdirSync(path.dirname(diskBlobPath(t.dataDir, file.sha256)), { recursive: true });
		writeFileSync(diskBlobPath(t.dataDir, file.sha256), original);
		// Started again: this process no longer keeps the blob it was sent.
		const { apiKey } = t.api;
		await t.stop();
		t = await startTestEngine({ dataDir: t.dataDir });

		const content = await new ApiClient(t.engine.url, apiKey).get(`/workflows/${workflowId}/files/${file.id}/content`);
		expect(content.status).toBe(200);
		expect(content.bytes.equals(original)).toBe(true);
		expect((await (t.engine.store as KyselyStore).postgresPool!.query('select size from blobs where sha256 = $1', [file.sha256])).rows).toEqual([
			{ size: String(original.length) },
		]);
	});
});

onPostgres('signflow migrate-blobs', () => {
	const dataDir = tempDataDir('migrate-blobs');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('copies every disk blob, checked; a second run copies nothing; a damaged one is reported and never copied', async () => {
		const { url } = await createTestDatabase();
		const disk = new DiskBlobStore(path.join(dataDir, 'blobs'));
		const good = [fixturePdf('a4-1page.pdf'), fixturePdf('pages-500.pdf'), await largePdf(3 * MB), strokePng()];
		const names = await Promise.all(good.map((bytes) => disk.put(bytes)));
		const damaged = await disk.put(Buffer.from('%PDF-1.4 Ærøskøbing'));
		writeFileSync(disk.pathOf(damaged), '%PDF-1.4 Ærøskøbing, one byte changed');
		writeFileSync(`${disk.pathOf(names[0])}.1a2b3c.tmp`, 'an interrupted write');

		const first = await runCli(['migrate-blobs', '--data', dataDir, '--database-url', url]);
		expect(first.stderr).toContain(`Damaged, not copied: ${disk.pathOf(damaged)}`);
		expect(first.stdout).toContain('Copied 4 blob(s)');
		expect(first.stdout).toContain('0 already there; 1 damaged, not copied');
		expect(first.code).toBe(1);

		const second = await runCli(['migrate-blobs', '--data', dataDir, '--database-url', url]);
		expect(second.stdout).toContain('Copied 0 blob(s) (0.0 MB)');
		expect(second.stdout).toContain('4 already there; 1 damaged, not copied');
		expect(second.code).toBe(1);

		const store = openStore({ dataDir, databaseUrl: url });
		try {
			const inDatabase = new PostgresBlobStore(store.postgresPool!);
			for (const [index, sha256] of names.entries()) expect((await inDatabase.get(sha256)).equals(good[index])).toBe(true);
			expect(await inDatabase.stored(damaged)).toBe(false);
			expect(Number((await store.postgresPool!.query('select count(*) as n from blobs')).rows[0].n)).toBe(4);
		} finally {
			await store.close();
		}

		// Restored from a backup, the damaged blob goes in on the next run.
		writeFileSync(disk.pathOf(damaged), '%PDF-1.4 Ærøskøbing');
		const third = await runCli(['migrate-blobs', '--data', dataDir, '--database-url', url]);
		expect([third.code, third.stderr]).toEqual([0, '']);
		expect(third.stdout).toContain('Copied 1 blob(s)');
	}, 60_000);

	it('refuses without a PostgreSQL database, saying what to give', async () => {
		const run = await runCli(['migrate-blobs', '--data', dataDir], { SIGNFLOW_DATABASE_URL: '' });
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('give --database-url postgres://');
	});
});
