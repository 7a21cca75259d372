import { rmSync } from 'node:fs';
import { engineScope, newId } from '../../engine/domain';
import type { KyselyStore } from '../../engine/store/kyselyStore';
import { aSigner, aWorkflow } from '../helpers/engine/builders';
import { openDatabase, type OutsideConnection } from '../helpers/engine/database';
import { tempDataDir } from '../helpers/engine/engine';
import { openStoreWithOrganization } from '../helpers/engine/storeWithOrganization';
import { TEST_DB } from '../helpers/engine/testDatabase';

/*
 * A workflow or signer updated with the state its transaction read is written column by column
 * where it changed, not whole: SQLite rewrites the entry of every index on a column an UPDATE sets
 * (a workflow's row has seven), whether its value changed or not.
 */
describe(`rows updated from the state a transaction read (${TEST_DB})`, () => {
	const dataDir = tempDataDir('row-updates');
	const organizationId = newId();
	let store: KyselyStore;
	let outside: OutsideConnection;

	beforeAll(async () => {
		store = await openStoreWithOrganization(dataDir, { id: organizationId, name: 'Société Générale de Zürich – 株式会社' });
		outside = await openDatabase(dataDir);
	});
	afterAll(async () => {
		await outside?.close();
		await store?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('writes only the fields that changed: a field another writer set meanwhile keeps its value', async () => {
		const workflow = aWorkflow({ organizationId, name: 'Contrat de travail – Zoë Ångström' });
		const signer = aSigner(workflow.id, 'محمد الأحمد');
		await store.transaction(async (repository) => {
			await repository.workflows.insert(workflow);
			await repository.signers.insert(organizationId, { ...signer, accessCodeHash: null });
		});
		// An operator's tool changes fields this engine's copy does not know of.
		await outside.run('update workflows set message = ? where id = ?', ['Bitte bis Freitag unterschreiben 🙏', workflow.id]);
		await outside.run('update signers set locale = ? where id = ?', ['ar', signer.id]);

		const later = '2027-03-01T09:30:00.000Z';
		await store.transaction(async (repository) => {
			await repository.workflows.update({ ...workflow, updatedAt: later }, workflow);
			await repository.signers.update(organizationId, { ...signer, viewedAt: later, updatedAt: later }, signer);
		});
		expect(await outside.all('select message, updated_at from workflows where id = ?', [workflow.id])).toEqual([
			{ message: 'Bitte bis Freitag unterschreiben 🙏', updated_at: later },
		]);
		expect(await outside.all('select locale, viewed_at from signers where id = ?', [signer.id])).toEqual([{ locale: 'ar', viewed_at: later }]);

		// Without the state read, every field is written, as the engine's copy has it.
		await store.transaction(async (repository) => {
			await repository.workflows.update({ ...workflow, updatedAt: later });
			await repository.signers.update(organizationId, { ...signer, viewedAt: later, updatedAt: later });
		});
		expect(await outside.all('select message from workflows where id = ?', [workflow.id])).toEqual([{ message: null }]);
		expect(await outside.all('select locale from signers where id = ?', [signer.id])).toEqual([{ locale: null }]);
	});

	it('keeps a renamed workflow findable by its new name: the folded copy changes with the name', async () => {
		const workflow = aWorkflow({ organizationId, name: 'Offer letter' });
		await store.transaction((repository) => repository.workflows.insert(workflow));
		const renamed = { ...workflow, name: 'Arbeitsvertrag – Jürgen Groß', updatedAt: '2027-03-02T10:00:00.000Z' };
		await store.transaction((repository) => repository.workflows.update(renamed, workflow));
		const found = await store.read((repository) => repository.workflows.list(engineScope(organizationId), { q: 'jurgen', limit: 10 }));
		expect(found.items.map((item) => item.id)).toEqual([workflow.id]);
	});
});
