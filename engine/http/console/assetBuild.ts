import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Coding } from '../signing/assetEncoding';
import { bundleConsole, CONSOLE_MANIFEST, CONSOLE_PUBLIC_DIR, consoleAssetsOf, type ConsoleManifest } from './consoleAssets';

/** Writes the console's files for serving (run at build by gulpfile.js): hashed, with brotli and gzip copies, and a manifest. */
export async function writeConsoleAssets(): Promise<{ files: number; bytes: number; compressedBytes: number }> {
	const assets = await consoleAssetsOf(await bundleConsole());
	await rm(CONSOLE_PUBLIC_DIR, { recursive: true, force: true });
	await mkdir(CONSOLE_PUBLIC_DIR, { recursive: true });
	const manifest: ConsoleManifest = { entries: [] };
	for (const asset of assets) {
		const file = path.join(CONSOLE_PUBLIC_DIR, asset.hashed);
		await writeFile(file, asset.bodies.identity!);
		const codings: Coding[] = [];
		for (const coding of ['br', 'gzip'] as const) {
			const body = asset.bodies[coding];
			if (!body) continue;
			await writeFile(`${file}.${coding === 'br' ? 'br' : 'gz'}`, body);
			codings.push(coding);
		}
		manifest.entries.push({ name: asset.name, hashed: asset.hashed, contentType: asset.contentType, digest: asset.digest, codings });
	}
	await writeFile(path.join(CONSOLE_PUBLIC_DIR, CONSOLE_MANIFEST), `${JSON.stringify(manifest, null, '\t')}\n`);
	return {
		files: assets.length,
		bytes: assets.reduce((sum, asset) => sum + asset.bodies.identity!.length, 0),
		compressedBytes: assets.reduce((sum, asset) => sum + (asset.bodies.br ?? asset.bodies.identity!).length, 0),
	};
}
