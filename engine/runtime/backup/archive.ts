import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { MANIFEST_ENTRY, MANIFEST_FORMAT, type BackupManifest } from './manifest';

/**
 * Writes the archive from a staging folder, manifest first (restore reads it before anything
 * else), to a temp file renamed into place: an interrupted backup never leaves a file that looks
 * whole at `out`.
 */
export async function writeArchive(staging: string, entries: string[], manifest: BackupManifest, out: string): Promise<number> {
	await fs.writeFile(path.join(staging, MANIFEST_ENTRY), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
	const temp = `${out}.${randomBytes(6).toString('hex')}.partial`;
	try {
		await tar.create({ file: temp, cwd: staging, portable: true }, [MANIFEST_ENTRY, ...entries]);
		// Private like the data folder: the archive holds signed contracts and personal data.
		await fs.chmod(temp, 0o600);
		await fs.rename(temp, out);
	} catch (error) {
		await fs.rm(temp, { force: true });
		throw error;
	}
	return (await fs.stat(out)).size;
}

/** The archive's manifest, read without extracting anything. */
export async function readManifest(file: string): Promise<BackupManifest> {
	let text: string | null = null;
	await tar.list({
		file,
		filter: (entry) => entry === MANIFEST_ENTRY,
		onReadEntry: (entry) => {
			const chunks: Buffer[] = [];
			entry.on('data', (chunk: Buffer) => chunks.push(chunk));
			entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
		},
	});
	if (text === null) throw new Error(`${file} is not a Signflow backup: it has no ${MANIFEST_ENTRY}.`);
	const manifest = JSON.parse(text) as BackupManifest;
	if (manifest.format !== MANIFEST_FORMAT) throw new Error(`${file} is a backup of an unknown format (${String(manifest.format)}).`);
	return manifest;
}

/** Extracts the archive's entries other than the manifest into `folder`, keeping their (private) modes. */
export async function extractArchive(file: string, folder: string, only?: (entry: string) => boolean): Promise<void> {
	await tar.extract({
		file,
		cwd: folder,
		preserveOwner: false,
		strict: true,
		filter: (entry) => entry !== MANIFEST_ENTRY && (!only || only(entry)),
	});
}
