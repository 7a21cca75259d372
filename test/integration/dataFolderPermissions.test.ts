import { chmodSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { selfSignedP12 } from '../../engine/pdf/sealIdentity';
import { auditWith } from '../helpers/engine/audit';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * The data folder holds the database, the PDFs and the master key (and, from
 * earlier versions, seal certificates): private to the engine's user, on a new
 * folder and on one an earlier version left readable by others.
 */

/** Every folder and file under `root` (itself included) with its permission bits, e.g. { '.': '700', 'master.key': '600' }. */
function permissions(root: string): Record<string, string> {
	const entries = ['.', ...(readdirSync(root, { recursive: true }) as string[])];
	return Object.fromEntries(entries.map((entry) => [entry, (statSync(path.join(root, entry)).mode & 0o777).toString(8)]));
}

function expectPrivate(root: string): void {
	const found = permissions(root);
	const expected = Object.fromEntries(Object.keys(found).map((entry) => [entry, statSync(path.join(root, entry)).isDirectory() ? '700' : '600']));
	expect(found).toEqual(expected);
}

/** What an engine of an earlier version left under the usual umask 022: folders 0755, files 0644 (keys excepted). */
function loosen(root: string): void {
	for (const entry of ['.', ...(readdirSync(root, { recursive: true }) as string[])]) {
		const file = path.join(root, entry);
		if (statSync(file).isDirectory()) chmodSync(file, 0o755);
		else if (!/master\.key$|\.p12$/.test(entry)) chmodSync(file, 0o644);
	}
}

/** A signing workflow to its sealed end: the original and signed PDFs in blobs/ (SQLite) or the database (the organization's seal is in the database). */
async function completeOne(t: TestEngine): Promise<void> {
	const draft = await createReadyDraft(t.api, 'Arbeitsvertrag \u2013 Zu\u0308rich');
	const sent = (await t.api.post(`/workflows/${draft.workflowId}/send`)).body;
	await signEveryone(t.api, draft.workflowId, sent.signers);
	await auditWith(t.api, draft.workflowId, 'workflow.completed', 30_000);
}

function expectEngineFiles(root: string, sqlite: boolean): void {
	const entries = Object.keys(permissions(root));
	expect(entries).toEqual(expect.arrayContaining(['master.key', 'blobs']));
	// On PostgreSQL the blobs are in the database: the folder is only read for those of an earlier version.
	const blobFiles = entries.filter((entry) => /^blobs\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(entry)).length;
	if (sqlite) expect(blobFiles).toBeGreaterThanOrEqual(2);
	else expect(blobFiles).toBe(0);
	if (sqlite) expect(entries).toEqual(expect.arrayContaining(['signflow.db', 'signflow.db-wal', 'signflow.db-shm']));
	else expect(entries.filter((entry) => entry.startsWith('signflow.db'))).toEqual([]);
}

describe(`data folder permissions on ${TEST_DB}`, () => {
	const parent = tempDataDir('permissions');
	let t: TestEngine | undefined;

	afterAll(async () => {
		await t?.stop();
		rmSync(parent, { recursive: true, force: true });
	});

	it('creates a new data folder 0700 and every file in it 0600', async () => {
		const dataDir = path.join(parent, 'données', 'signflow');
		t = await startTestEngine({ dataDir, finalizePollIntervalMs: 25 });
		await completeOne(t);
		// While the engine runs, so that SQLite's -wal and -shm files are there too.
		expectEngineFiles(dataDir, TEST_DB === 'sqlite');
		expect(Object.keys(permissions(dataDir))).not.toContain('seals');
		expectPrivate(dataDir);
		await t.stop();
		t = undefined;
	}, 90_000);

	it('makes an existing folder that others could read private at start', async () => {
		const dataDir = path.join(parent, 'données', 'signflow');
		// An earlier version's seal, written as it wrote them (0600) in the folder it kept them in.
		mkdirSync(path.join(dataDir, 'seals'));
		writeFileSync(path.join(dataDir, 'seals', 'org-1.p12'), selfSignedP12('Acme HR', 'derived'), { mode: 0o600 });
		loosen(dataDir);
		expect(permissions(dataDir)['.']).toBe('755');
		t = await startTestEngine({ dataDir, finalizePollIntervalMs: 25 });
		await completeOne(t);
		expectEngineFiles(dataDir, TEST_DB === 'sqlite');
		expect(Object.keys(permissions(dataDir))).toEqual(expect.arrayContaining(['seals', 'seals/org-1.p12']));
		expectPrivate(dataDir);
	}, 90_000);
});
