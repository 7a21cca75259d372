import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { identityFromP12, type SealIdentity } from './sealIdentity';

/** The folder of the data folder where versions before seal identities moved into the database kept them. */
export const LEGACY_SEALS_FOLDER = 'seals';

/**
 * The seal an earlier version made for an organization in this data folder
 * (`seals/<organization id>.p12`, its password derived from the master key),
 * or null when there is none or it cannot be opened (earlier versions could
 * write unreadable files for names beyond Latin-1: those never sealed anything).
 * The file is only read: it stays where it is.
 */
export function readLegacySeal(dataDir: string, organizationId: string, password: string): SealIdentity | null {
	const file = path.join(dataDir, LEGACY_SEALS_FOLDER, `${organizationId}.p12`);
	if (!existsSync(file)) return null;
	try {
		return identityFromP12(readFileSync(file), password);
	} catch {
		return null;
	}
}
