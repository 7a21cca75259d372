import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { openDatabase } from '../helpers/engine/database';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import { tempDataDir } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { dropDatabaseOf, TEST_DB } from '../helpers/engine/testDatabase';
import { eventually } from '../helpers/waits';

/** Names as people write them: accents, decomposed Unicode, right-to-left scripts, CJK, emoji. */
const NAMES = [
	'Contrat de cession — Société Générale',
	'Cafe\u0301 Me\u0301nie\u0300re (décomposé)',
	'عقد عمل — شركة الأمل',
	'雇用契約書・東京本社',
	'Договор № 42 с ООО «Ромашка»',
	'Vertrag 🖋️ Müller & Söhne',
	'חוזה שכירות — תל אביב',
	'Ñandú 🦤 Açaí Ltda.',
];
const LOAD_CLIENTS = 3;
/** Workflows completed before the backup: one per name by default; more for figures at a larger scale. */
const COMPLETED_BEFORE = Number(process.env.SIGNFLOW_BACKUP_TEST_WORKFLOWS || NAMES.length);

interface Manifest {
	store: string;
	engineVersion: string;
	migrations: string[];
	rowCounts: Record<string, number>;
	blobs: { count: number; bytes: number };
	signedDocuments: Array<{ workflowId: string; fileId: string; sha256: string }>;
	masterKeyCheck: string;
}

async function manifestOf(archive: string): Promise<Manifest> {
	let text = '';
	await tar.list({
		file: archive,
		filter: (entry) => entry === 'manifest.json',
		onReadEntry: (entry) => entry.on('data', (chunk: Buffer) => (text += chunk.toString('utf8'))),
	});
	return JSON.parse(text) as Manifest;
}

/** Creates, sends and signs a workflow through the API and the signer's routes; resolves once its signing is done. */
async function signOne(api: ApiClient, name: string): Promise<{ workflowId: string; createdAt: number }> {
	const draft = await createReadyDraft(api, name);
	const createdAt = Date.now();
	const sent = await api.post(`/workflows/${draft.workflowId}/send`);
	expect(sent.status).toBe(200);
	await signEveryone(api, draft.workflowId, sent.body.signers);
	return { workflowId: draft.workflowId, createdAt };
}

/** Once sealed: the status says completed at the last signature, the signed document and workflow.completed follow finalization. */
async function completed(api: ApiClient, workflowId: string): Promise<void> {
	expect((await auditWith(api, workflowId, 'workflow.completed', 60_000)).events.map((event) => event.type)).toContain('workflow.completed');
}

async function stop(engine: EngineProcess): Promise<void> {
	engine.child.kill('SIGTERM');
	await engine.exited;
}

/** Tables in the folder's PostgreSQL database (none when it is as empty as it was made); 0 on SQLite. */
async function tablesInDatabaseOf(dataDir: string): Promise<number> {
	if (TEST_DB !== 'postgres') return 0;
	const database = await openDatabase(dataDir);
	try {
		return (await database.all<{ n: number }>('select count(*)::int as n from pg_tables where schemaname = current_schema()'))[0].n;
	} finally {
		await database.close();
	}
}

describe('signflow backup while the engine signs, and signflow restore', () => {
	const dataDir = tempDataDir('sauvegarde-ŝanĝo');
	const restored = tempDataDir('restauración-復元');
	const refused = path.join(tempDataDir('refusé'), 'nouveau-dossier');
	const work = tempDataDir('archive');
	const archive = path.join(work, 'signflow-backup.tar');
	let engine: EngineProcess | null = null;
	let restoredEngine: EngineProcess | null = null;

	afterAll(async () => {
		for (const running of [engine, restoredEngine]) if (running && running.child.exitCode === null) await stop(running);
		for (const folder of [dataDir, restored, path.dirname(refused), work]) rmSync(folder, { recursive: true, force: true });
		for (const folder of [dataDir, restored, refused]) await dropDatabaseOf(folder);
	});

	it('archives a consistent snapshot under load, restores it elsewhere, and the restored engine serves and verifies everything signed before', async () => {
		engine = await spawnEngine(['--data', dataDir]);
		const created = await runCli(['org', 'create', '--name', 'Ærøskøbing Ejendomme ApS', '--json', '--data', dataDir]);
		expect(created.code).toBe(0);
		const { apiKey } = JSON.parse(created.stdout) as { apiKey: string };
		const api = new ApiClient(engine.url, apiKey);

		// Completed before the backup starts: these must all come back.
		const before: string[] = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: LOAD_CLIENTS }, async () => {
				for (let index = next++; index < COMPLETED_BEFORE; index = next++)
					before.push((await signOne(api, `${NAMES[index % NAMES.length]}${index < NAMES.length ? '' : ` (${index})`}`)).workflowId);
			}),
		);
		for (const workflowId of before) await completed(api, workflowId);

		// Several clients keep creating and signing while the backup runs.
		let loading = true;
		const createdDuringLoad: Array<{ workflowId: string; createdAt: number }> = [];
		const clients = Array.from({ length: LOAD_CLIENTS }, async (_, client) => {
			for (let round = 0; loading; round += 1) createdDuringLoad.push(await signOne(api, `${NAMES[(client + round) % NAMES.length]} #${client}.${round}`));
		});
		await eventually(() => createdDuringLoad.length, (count) => count >= LOAD_CLIENTS, 60_000);

		const backupStarted = Date.now();
		const backup = await runCli(['backup', '--out', archive, '--data', dataDir]);
		const backupMs = Date.now() - backupStarted;
		const signedDuringBackup = createdDuringLoad.filter((workflow) => workflow.createdAt >= backupStarted).length;
		loading = false;
		await Promise.all(clients);
		expect(backup.stderr).toBe('');
		expect(backup.code).toBe(0);
		expect(backup.stdout).toMatch(/The master key is NOT in the archive/);
		expect(backup.stdout).toContain(path.join(dataDir, 'master.key'));
		expect(backup.stdout).toMatch(/Keep a copy of it apart from the archive/);
		await stop(engine);

		// The archive: private, a manifest, and never the master key.
		expect(statSync(archive).mode & 0o777).toBe(0o600);
		const manifest = await manifestOf(archive);
		expect(manifest.store).toBe(TEST_DB);
		expect(manifest.migrations.length).toBeGreaterThan(5);
		expect(manifest.rowCounts.workflows).toBeGreaterThanOrEqual(NAMES.length);
		const key = readFileSync(path.join(dataDir, 'master.key'), 'utf8').trim();
		const archiveBytes = readFileSync(archive);
		for (const form of [key, Buffer.from(key, 'base64').toString('hex'), Buffer.from(key, 'base64').toString('latin1')]) expect(archiveBytes.includes(form)).toBe(false);
		const signedWorkflows = new Set(manifest.signedDocuments.map((document) => document.workflowId));
		for (const workflowId of before) expect(signedWorkflows.has(workflowId)).toBe(true);

		// A wrong master key is refused before anything is written.
		const wrongKey = await runCli(['restore', archive, '--data', refused], { SIGNFLOW_MASTER_KEY: randomBytes(32).toString('base64') });
		expect(wrongKey.code).toBe(1);
		expect(wrongKey.stderr).toMatch(/Refusing to restore: the master key given does not open this archive's data/);
		expect(wrongKey.stderr).toMatch(/Nothing was written/);
		expect(existsSync(refused)).toBe(false);
		expect(await tablesInDatabaseOf(refused)).toBe(0);

		const restoreStarted = Date.now();
		const restore = await runCli(['restore', archive, '--data', restored, '--master-key-file', path.join(dataDir, 'master.key')]);
		const restoreMs = Date.now() - restoreStarted;
		expect(restore.stderr).toBe('');
		expect(restore.code).toBe(0);
		expect(restore.stdout).toContain(`signed documents verified: ${manifest.signedDocuments.length}`);
		expect(statSync(path.join(restored, 'master.key')).mode & 0o777).toBe(0o600);
		// Into a folder that now holds data, a second restore is refused.
		const again = await runCli(['restore', archive, '--data', restored, '--master-key-file', path.join(dataDir, 'master.key')]);
		expect(again.code).toBe(1);
		expect(again.stderr).toMatch(/Refusing to restore into .*: the folder is not empty/);

		restoredEngine = await spawnEngine(['--data', restored]);
		const restoredApi = new ApiClient(restoredEngine.url, apiKey);
		for (const workflowId of before) expect((await restoredApi.get(`/workflows/${workflowId}`)).body.status).toBe('completed');
		// Every workflow created before the backup started is there, in whatever state it had reached.
		for (const { workflowId } of createdDuringLoad.filter((workflow) => workflow.createdAt < backupStarted))
			expect((await restoredApi.get(`/workflows/${workflowId}`)).status).toBe(200);
		for (const workflowId of new Set([...before, ...signedWorkflows])) {
			const audit = await restoredApi.get(`/workflows/${workflowId}/audit`);
			expect(audit.status).toBe(200);
			expect(audit.body.chain).toEqual(expect.objectContaining({ intact: true, brokenAt: null }));
		}

		const downloads = path.join(work, 'signed');
		mkdirSync(downloads);
		for (const document of manifest.signedDocuments) {
			const signed = await restoredApi.get(`/workflows/${document.workflowId}/files/${document.fileId}/content?version=signed`);
			expect(signed.status).toBe(200);
			expect(createHash('sha256').update(signed.bytes).digest('hex')).toBe(document.sha256);
			const file = path.join(downloads, `${document.fileId}.pdf`);
			writeFileSync(file, signed.bytes);
			const verdict = await runCli(['verify', file, '--json', '--data', restored]);
			expect(verdict.code).toBe(0);
			expect(JSON.parse(verdict.stdout)).toEqual(expect.objectContaining({ unmodified: true, sha256: document.sha256 }));
		}
		await stop(restoredEngine);

		console.log(
			[
				`backup/restore round trip on ${TEST_DB}, ${LOAD_CLIENTS} clients signing during the backup (${signedDuringBackup} workflows started while it ran):`,
				`  archive ${(statSync(archive).size / 1024 / 1024).toFixed(2)} MB (${manifest.rowCounts.workflows} workflows, ${manifest.blobs.count} blobs of ${(manifest.blobs.bytes / 1024 / 1024).toFixed(2)} MB)`,
				`  backup ${(backupMs / 1000).toFixed(1)} s, restore ${(restoreMs / 1000).toFixed(1)} s (each a CLI process, start included)`,
				`  signed documents verified by signflow verify on the restored engine: ${manifest.signedDocuments.length}`,
			].join('\n'),
		);
	}, 600_000);
});

describe('a damaged archive', () => {
	const dataDir = tempDataDir('abîmé');
	const work = tempDataDir('abîmé-archive');
	const archive = path.join(work, 'backup.tar');
	const unpacked = path.join(work, 'unpacked');
	const targets: string[] = [];
	let manifest: Manifest;

	beforeAll(async () => {
		const engine = await spawnEngine(['--data', dataDir]);
		try {
			const created = await runCli(['org', 'create', '--name', 'Łódź Spółka 🧾', '--json', '--data', dataDir]);
			const api = new ApiClient(engine.url, (JSON.parse(created.stdout) as { apiKey: string }).apiKey);
			await completed(api, (await signOne(api, 'Umowa najmu — Łódź')).workflowId);
		} finally {
			await stop(engine);
		}
		expect((await runCli(['backup', '--out', archive, '--data', dataDir])).code).toBe(0);
		manifest = await manifestOf(archive);
		mkdirSync(unpacked);
		await tar.extract({ file: archive, cwd: unpacked });
	}, 120_000);
	afterAll(async () => {
		for (const folder of [dataDir, work]) rmSync(folder, { recursive: true, force: true });
		for (const folder of [dataDir, ...targets]) await dropDatabaseOf(folder);
	});

	/** The archive repacked after `damage` changed its unpacked copy; restored into a new folder. */
	async function restoreDamaged(damage: () => void) {
		damage();
		const damaged = path.join(work, `damaged-${targets.length}.tar`);
		await tar.create({ file: damaged, cwd: unpacked }, ['manifest.json', ...(TEST_DB === 'sqlite' ? ['signflow.db', 'blobs'] : ['database.dump'])]);
		const target = path.join(work, `nouveau-${targets.length}`);
		targets.push(target);
		const result = await runCli(['restore', damaged, '--data', target, '--master-key-file', path.join(dataDir, 'master.key')]);
		return { ...result, target };
	}

	it('whose data does not match its manifest is refused after the restore wrote it, and what it wrote is removed (folder and database)', async () => {
		const manifestFile = path.join(unpacked, 'manifest.json');
		const original = readFileSync(manifestFile, 'utf8');
		const result = await restoreDamaged(() =>
			writeFileSync(manifestFile, JSON.stringify({ ...manifest, rowCounts: { ...manifest.rowCounts, events: manifest.rowCounts.events + 1 } })),
		);
		writeFileSync(manifestFile, original);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`Damaged archive: table events holds ${manifest.rowCounts.events} row(s), the manifest counted ${manifest.rowCounts.events + 1}`);
		expect(existsSync(result.target)).toBe(false);
		expect(await tablesInDatabaseOf(result.target)).toBe(0);
	}, 120_000);

	describeOnly('sqlite', 'the blobs are files in the archive only on SQLite')('with a blob changed', () => {
		it('is refused after checking each blob against its SHA-256, and the folder it was restoring into is removed', async () => {
			const blob = manifest.signedDocuments[0].sha256;
			const result = await restoreDamaged(() => {
				const blobFile = path.join(unpacked, 'blobs', blob.slice(0, 2), blob);
				const bytes = readFileSync(blobFile);
				bytes[bytes.length >> 1] ^= 0xff;
				writeFileSync(blobFile, bytes);
			});
			expect(result.code).toBe(1);
			expect(result.stderr).toContain(`Damaged archive: blob ${blob} hashes to`);
			expect(existsSync(result.target)).toBe(false);
		}, 120_000);
	});
});
