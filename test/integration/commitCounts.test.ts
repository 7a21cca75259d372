import { rmSync } from 'node:fs';
import { newId } from '../../engine/domain';
import type { KyselyStore } from '../../engine/store/kyselyStore';
import { aWorkflow } from '../helpers/engine/builders';
import { tempDataDir } from '../helpers/engine/engine';
import { openStoreWithOrganization } from '../helpers/engine/storeWithOrganization';
import { TEST_DB } from '../helpers/engine/testDatabase';

/* The store's own count of committed transactions and commits, behind signflow_store_*_total. */
describe(`the store's commit counts (${TEST_DB})`, () => {
	const dataDir = tempDataDir('commit-counts');
	const organizationId = newId();
	let store: KyselyStore;

	beforeAll(async () => {
		store = await openStoreWithOrganization(dataDir, { id: organizationId, name: 'Kommunikation & Co – محمد 📈' });
	});
	afterAll(async () => {
		await store?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const create = (name: string, fail = false) =>
		store.transaction(async (repository) => {
			await repository.workflows.insert(aWorkflow({ organizationId, name }));
			if (fail) throw new Error('rolled back');
		});

	it('counts each committed transaction and its commit, and not one rolled back', async () => {
		const before = { ...store.commitCounts };
		await create('Zählung eins – Ångström');
		await create('Zählung zwei – 山田');
		await expect(create('Zählung drei – rolled back', true)).rejects.toThrow('rolled back');
		await create('Zählung vier – Ødegaard');
		expect(store.commitCounts).toEqual({ transactions: before.transactions + 3, commits: before.commits + 3 });
	});

	it('counts transactions that arrive together: a commit each on PostgreSQL, fewer commits than transactions on SQLite', async () => {
		const before = { ...store.commitCounts };
		await Promise.all(Array.from({ length: 12 }, (_, index) => create(`Gleichzeitig ${index} – 同時`)));
		const after = store.commitCounts;
		expect(after.transactions - before.transactions).toBe(12);
		if (TEST_DB === 'postgres') expect(after.commits - before.commits).toBe(12);
		else expect(after.commits - before.commits).toBeLessThan(12);
	});
});
