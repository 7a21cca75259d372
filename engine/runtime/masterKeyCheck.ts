import { MASTER_KEY_FILE, type MasterKey } from '../security/masterKey';
import type { Store } from '../store/port';

/** The engine setting that holds the master key's check value (MasterKey.checkValue). */
export const MASTER_KEY_CHECK = 'master_key_check';

/**
 * Stores this process's master key check value when the database has none yet (its first start,
 * or the first since an upgrade), and otherwise refuses to go on when it differs: a process with
 * another master key could not open what the others sealed (webhook secrets, seal keys) and its
 * signing links would not open on them.
 */
export async function checkMasterKey(store: Store, masterKey: MasterKey, at: Date): Promise<void> {
	const value = masterKey.checkValue();
	const stored = await store.transaction(async (repository) => {
		// Two processes starting on a new database at once: one value is kept, both compare with it.
		await repository.engineSettings.insertIfAbsent(MASTER_KEY_CHECK, value, at.toISOString());
		return repository.engineSettings.get(MASTER_KEY_CHECK);
	});
	if (stored !== value) throw new Error(mismatchMessage(masterKey));
}

function mismatchMessage(masterKey: MasterKey): string {
	const source = masterKey.source;
	const from =
		source.kind === 'environment'
			? 'from SIGNFLOW_MASTER_KEY'
			: `from ${source.file}${source.created ? ' (created just now: the data folder had no master key)' : ''}`;
	return [
		'Refusing to start: the master key does not match the one this database was set up with.',
		`This process read its master key ${from}.`,
		'Every engine process that shares a database must use the same master key: set SIGNFLOW_MASTER_KEY to the same value on every process,',
		`or copy ${MASTER_KEY_FILE} from the data folder of the engine that first used this database.`,
		'Webhook secrets and seal keys in the database are sealed with it, and signing links are derived from it.',
		`Keep the data folder's ${MASTER_KEY_FILE} (or the value of SIGNFLOW_MASTER_KEY) with your backups, stored apart from the database's: a restored database cannot be used without it.`,
	].join('\n');
}
