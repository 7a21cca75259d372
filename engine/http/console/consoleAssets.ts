import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BUILT_ENGINE_DIR, FROM_SOURCE, PACKAGE_ROOT } from '../../support/paths';
import { digestOf, withHash } from '../signing/assetCatalog';
import { CODINGS, compressAsset, type Coding } from '../signing/assetEncoding';

/*
 * The console's files (a Preact app bundled by esbuild: one script, one style sheet) as the engine
 * serves them, with the signing page's discipline: content-hashed names cached for a year,
 * brotli and gzip copies made once. Built (`npm run build`, gulpfile.js), they are in
 * dist/engine/http/console/public with a manifest; run from the TypeScript sources (tests,
 * development), the app is bundled in memory on first use.
 */

export const CONSOLE_PUBLIC_DIR = path.join(BUILT_ENGINE_DIR, 'http', 'console', 'public');
export const CONSOLE_MANIFEST = 'manifest.json';
/** The app's entry point (Preact, TSX). */
export const CONSOLE_ENTRY = path.join(PACKAGE_ROOT, 'engine', 'http', 'console', 'app', 'main.tsx');

export interface ConsoleAsset {
	/** `console.js` or `console.css`. */
	name: string;
	/** `console.3f9a1c2b.js`. */
	hashed: string;
	contentType: string;
	digest: string;
	/** The bytes in each coding; `identity` always. */
	bodies: Partial<Record<Coding | 'identity', Buffer>>;
}

export interface ConsoleManifest {
	entries: Array<{ name: string; hashed: string; contentType: string; digest: string; codings: Coding[] }>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Bundles the app with esbuild (a build-time tool: only the build and a run from the sources call this). */
export async function bundleConsole(): Promise<Array<{ name: string; bytes: Buffer }>> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const esbuild = require('esbuild') as typeof import('esbuild');
	const result = await esbuild.build({
		entryPoints: { console: CONSOLE_ENTRY },
		bundle: true,
		write: false,
		outdir: '/console-out',
		format: 'esm',
		target: ['chrome100', 'firefox100', 'safari15'],
		jsx: 'automatic',
		jsxImportSource: 'preact',
		minify: true,
		legalComments: 'none',
		logLevel: 'warning',
		absWorkingDir: PACKAGE_ROOT,
	});
	return result.outputFiles.map((file) => ({ name: path.basename(file.path), bytes: Buffer.from(file.contents) }));
}

/** Hashed names and compressed copies of the bundle's files. */
export async function consoleAssetsOf(files: Array<{ name: string; bytes: Buffer }>): Promise<ConsoleAsset[]> {
	return Promise.all(
		files.map(async ({ name, bytes }) => {
			const bodies: ConsoleAsset['bodies'] = { identity: bytes };
			for (const coding of CODINGS) {
				const compressed = await compressAsset(bytes, coding);
				if (compressed) bodies[coding] = compressed;
			}
			return { name, hashed: withHash(name, createHash('sha256').update(bytes).digest('hex').slice(0, 8)), contentType: TYPES[path.extname(name)] ?? 'application/octet-stream', digest: digestOf(bytes), bodies };
		}),
	);
}

/** The built files, when the engine runs from the build. */
export function builtConsoleAssets(): ConsoleAsset[] | null {
	const manifestFile = path.join(CONSOLE_PUBLIC_DIR, CONSOLE_MANIFEST);
	if (FROM_SOURCE || !existsSync(manifestFile)) return null;
	const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ConsoleManifest;
	return manifest.entries.map((entry) => {
		const file = path.join(CONSOLE_PUBLIC_DIR, entry.hashed);
		const bodies: ConsoleAsset['bodies'] = { identity: readFileSync(file) };
		for (const coding of entry.codings) bodies[coding] = readFileSync(`${file}.${coding === 'br' ? 'br' : 'gz'}`);
		return { name: entry.name, hashed: entry.hashed, contentType: entry.contentType, digest: entry.digest, bodies };
	});
}

let loaded: Promise<ConsoleAsset[]> | undefined;

/** The console's files: the build's, or bundled from the sources once per process. */
export function consoleAssets(): Promise<ConsoleAsset[]> {
	loaded ??= Promise.resolve(builtConsoleAssets() ?? bundleConsole().then(consoleAssetsOf));
	loaded.catch(() => (loaded = undefined));
	return loaded;
}
