import { TEST_DB, type StoreKind } from './testDatabase';

export const STORE_NAMES: Record<StoreKind, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * `describe` for tests about one store itself (the SQLite file and its group commit, several
 * engine processes sharing one PostgreSQL database...). Run on the other store, the block is
 * skipped with the reason in its title, which the skipped-tests reporter prints after the run;
 * its body is not even called (it may make folders or databases).
 */
export function describeOnly(store: StoreKind, reason: string): (name: string, body: () => void) => void {
	return (name, body) => {
		if (store === TEST_DB) describe(name, body);
		// Skipped here for the reason the caller gives (in the title), not lost: `npm test` runs a pass
		// on each store, and the block runs in the other store's pass.
		else it.skip(`${name} [${STORE_NAMES[store]} only: ${reason}]`, () => undefined); // reason: the block is about the other store
	};
}
