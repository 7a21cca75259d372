import { openStore, type KyselyStore } from '../../../engine/store/kyselyStore';
import { databaseUrlFor } from './testDatabase';

/**
 * The store itself, without an engine around it, on the database SIGNFLOW_TEST_DB names for
 * `dataDir`: migrated, holding the one organization the test's rows belong to.
 */
export async function openStoreWithOrganization(dataDir: string, organization: { id: string; name: string; createdAt?: string }): Promise<KyselyStore> {
	const store = openStore({ dataDir, databaseUrl: await databaseUrlFor(dataDir) });
	await store.migrate();
	const { id, name, createdAt = new Date().toISOString() } = organization;
	await store.transaction((repository) => repository.organizations.insert({ id, name, adminEmail: null, createdAt }));
	return store;
}
