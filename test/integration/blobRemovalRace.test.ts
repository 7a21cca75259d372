import { holdBlobs } from '../../engine/app/blobHolds';
import { deleteUnusedBlobs } from '../../engine/app/unusedBlobs';
import { newId } from '../../engine/domain';
import { sha256Hex } from '../../engine/store/blobStore';
import { blobStored, rowsNamingMissingBlobs } from '../helpers/engine/blobs';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { strokePng } from '../helpers/pdf/pngs';
import { until } from '../helpers/waits';

/*
 * Blobs are content-addressed and shared: removing a workflow deletes its PDF's blob when no row
 * names it any more. The same bytes uploaded to another draft at that very moment are stored
 * before their row is written; the removal must not take them from under that row.
 */

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(() => t?.destroy());

/** PostgreSQL: how many of this database's sessions wait for a lock another one holds. */
const waitingForLocks = async () =>
	(await withDatabase(t.dataDir, (database) => database.all<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")))[0].n;

/** Holds the next put of `bytes` once they are stored, until released: the moment between storing a blob and the transaction naming it. */
function holdAfterPut(bytes: Uint8Array): { stored: Promise<void>; release: () => void; restore: () => void } {
	const blobs = t.engine.blobs;
	const put = blobs.put.bind(blobs);
	const target = sha256Hex(bytes);
	let signalStored!: () => void;
	let release!: () => void;
	const stored = new Promise<void>((resolve) => (signalStored = resolve));
	const released = new Promise<void>((resolve) => (release = resolve));
	let held = false;
	blobs.put = async (given: Uint8Array) => {
		const sha256 = await put(given);
		if (sha256 === target && !held) {
			held = true;
			signalStored();
			await released;
		}
		return sha256;
	};
	return { stored, release, restore: () => (blobs.put = put) };
}

it(`keeps a PDF uploaded while another workflow with the same bytes is removed (${TEST_DB})`, async () => {
	const pdf = fixturePdf('letter-3pages.pdf');
	const first = (await t.api.post('/workflows', { name: 'Mietvertrag – Zoë Ångström' })).body.id as string;
	expect((await t.api.upload(first, 'mietvertrag.pdf', pdf)).status).toBe(201);
	const second = (await t.api.post('/workflows', { name: 'עותק – 契約書 🏠' })).body.id as string;

	const hold = holdAfterPut(pdf);
	try {
		const upload = t.api.upload(second, 'mietvertrag-kopie.pdf', pdf);
		await hold.stored;
		// The only row naming the bytes goes, and with it (nothing else names them yet) the blob.
		expect((await t.api.post(`/workflows/${first}/discard`, {})).status).toBe(200);
		hold.release();
		expect((await upload).status).toBe(201);
	} finally {
		hold.release();
		hold.restore();
	}

	const detail = (await t.api.get(`/workflows/${second}`)).body;
	const content = await t.api.get(`/workflows/${second}/files/${detail.files[0].id}/content?version=original`);
	expect(content.status).toBe(200);
	expect(sha256Hex(content.bytes)).toBe(sha256Hex(pdf));
	expect(await rowsNamingMissingBlobs(t.dataDir)).toEqual([]);
});

it(`a removal that finds a blob held by a transaction about to name it waits, then sees it named (${TEST_DB})`, async () => {
	const png = strokePng('rgba', { width: 64, height: 32 });
	const sha256 = await t.engine.blobs.put(png);
	let holding!: () => void;
	let release!: () => void;
	const held = new Promise<void>((resolve) => (holding = resolve));
	const released = new Promise<void>((resolve) => (release = resolve));
	const naming = t.engine.store.transaction(async (repository) => {
		await holdBlobs(repository, t.engine.blobs, [{ sha256, bytes: png }]);
		await repository.assets.insert({ id: newId(), organizationId: t.organizationId, sha256, mimeType: 'image/png', size: png.length, createdAt: new Date().toISOString() });
		holding();
		await released;
	});
	// SQLite's one writer runs the removal after the transaction; PostgreSQL's row lock makes it wait.
	await (TEST_DB === 'sqlite' ? Promise.resolve() : held);
	const removal = deleteUnusedBlobs(t.engine.store, t.engine.blobs, [sha256]);
	if (TEST_DB === 'postgres') await until(waitingForLocks, (count) => count > 0);
	release();
	await naming;
	expect(await removal).toBe(0);
	expect(await blobStored(t.dataDir, sha256)).toBe(true);
	expect(await rowsNamingMissingBlobs(t.dataDir)).toEqual([]);
});
