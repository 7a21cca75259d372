import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SignflowService } from '../../app/service';
import { writeAtomically } from './folderState';

/** Where versions up to 0.1 kept the key of the one organization every embedded credential shared. */
export const LEGACY_KEY_FILE = 'embedded-api-key.json';

/**
 * Hands the organization of an earlier version (one for the whole data
 * folder) to the first credential that needs one after the upgrade, once:
 * the key is then removed from the file, which keeps the organization's id
 * and when it was claimed. Answers the key, or null when there is nothing
 * (left) to claim.
 */
export async function claimLegacyOrganization(dataDir: string, service: SignflowService, now: Date): Promise<string | null> {
	const file = path.join(dataDir, LEGACY_KEY_FILE);
	if (!existsSync(file)) return null;
	let saved: { organizationId?: string; apiKey?: string };
	try {
		saved = JSON.parse(readFileSync(file, 'utf8')) as typeof saved;
	} catch {
		return null;
	}
	if (!saved.apiKey) return null;
	const principal = await service.authenticate(saved.apiKey);
	if (!principal) return null;
	// Marked before the key is handed out: a failed write keeps it claimable rather than shared.
	writeAtomically(
		file,
		`${JSON.stringify(
			{
				organizationId: principal.organizationId,
				claimedAt: now.toISOString(),
				note: 'Claimed by the first Signflow credential that used this data folder after the upgrade; its key is kept only in that credential.',
			},
			null,
			2,
		)}\n`,
	);
	return saved.apiKey;
}
