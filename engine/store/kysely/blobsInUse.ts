import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * Engine-wide (blobs are content-addressed, so another organization's row may name the same bytes):
 * which of these blobs a row still names: a file of an unpurged workflow or of a template, a drawn signature, an image.
 */
export async function blobsInUse(db: Kysely<Database>, sha256s: string[]): Promise<Set<string>> {
	if (sha256s.length === 0) return new Set();
	const files = await db
		.selectFrom('files')
		.innerJoin('workflows', 'workflows.id', 'files.workflowId')
		.select(['files.sha256', 'files.signedSha256'])
		.where('workflows.purgedAt', 'is', null)
		.where((eb) => eb.or([eb('files.sha256', 'in', sha256s), eb('files.signedSha256', 'in', sha256s)]))
		.execute();
	const templateFiles = await db.selectFrom('templateFiles').select('sha256').where('sha256', 'in', sha256s).execute();
	const images = await db.selectFrom('signatures').select('valueImageSha256').where('valueImageSha256', 'in', sha256s).execute();
	const assets = await db.selectFrom('assets').select('sha256').where('sha256', 'in', sha256s).execute();
	return new Set([
		...files.flatMap((row) => [row.sha256, row.signedSha256]),
		...templateFiles.map((row) => row.sha256),
		...images.map((row) => row.valueImageSha256),
		...assets.map((row) => row.sha256),
	].filter((sha256): sha256 is string => sha256 !== null && sha256s.includes(sha256)));
}
