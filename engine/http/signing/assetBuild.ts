import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCatalog, type CatalogEntry } from './assetCatalog';
import { CODINGS, compressAsset, type Coding } from './assetEncoding';
import { assetSources } from './assets';
import { COMPRESSED_CACHE, compressedFileName, MANIFEST, PUBLIC_DIR, type Manifest, type ManifestEntry } from './servedAssets';

/**
 * Writes the signing page's files for serving (run at build by gulpfile.js,
 * after the sources are copied into dist): each under its hashed name, with
 * brotli and gzip copies, and the manifest the engine reads.
 */
export async function writeSigningAssets(): Promise<{ files: number; bytes: number; compressedBytes: number }> {
	const catalog = buildCatalog(assetSources());
	await rm(PUBLIC_DIR, { recursive: true, force: true });
	await mkdir(COMPRESSED_CACHE, { recursive: true });
	const entries = await Promise.all(catalog.map(writeEntry));
	const manifest: Manifest = { entries };
	await writeFile(path.join(PUBLIC_DIR, MANIFEST), `${JSON.stringify(manifest, null, '\t')}\n`);
	return {
		files: entries.length,
		bytes: entries.reduce((sum, entry) => sum + entry.size, 0),
		compressedBytes: entries.reduce((sum, entry) => sum + (entry.codings.br ?? entry.size), 0),
	};
}

async function writeEntry(entry: CatalogEntry): Promise<ManifestEntry> {
	const { bytes, ...rest } = entry;
	const file = path.join(PUBLIC_DIR, entry.hashed);
	await mkdir(path.dirname(file), { recursive: true });
	await writeFile(file, bytes);
	const codings: Partial<Record<Coding, number>> = {};
	for (const coding of CODINGS) {
		const compressed = await compressedCopy(entry, coding);
		if (!compressed) continue;
		await writeFile(`${file}.${coding === 'br' ? 'br' : 'gz'}`, compressed);
		codings[coding] = compressed.length;
	}
	return { ...rest, size: bytes.length, codings };
}

/** From the cache by digest, or made now (brotli at quality 11 takes seconds for the pdf.js worker) and cached. */
async function compressedCopy(entry: CatalogEntry, coding: Coding): Promise<Buffer | null> {
	const cached = path.join(COMPRESSED_CACHE, compressedFileName(entry.digest, coding));
	const notWorthIt = `${cached}.none`;
	if (existsSync(cached)) return readFile(cached);
	if (existsSync(notWorthIt)) return null;
	const compressed = await compressAsset(entry.bytes, coding);
	// Written aside and renamed: another build running at once never reads half a file.
	const temporary = `${cached}.${process.pid}.tmp`;
	await writeFile(temporary, compressed ?? '');
	await rename(temporary, compressed ? cached : notWorthIt);
	return compressed;
}
