import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * Where the engine's own files are. Published, the engine is a few bundles
 * in dist/engine (scripts/bundle-engine.js), so a module's __dirname says
 * which bundle it was built into, not where its neighbours are: files are
 * found from the package root instead.
 */

function findPackageRoot(): { root: string; version: string } {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (!existsSync(file)) continue;
		const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
		if (pkg.name === 'n8n-nodes-signflow') return { root: dir, version: pkg.version ?? '0.0.0' };
	}
	throw new Error(`no package.json of n8n-nodes-signflow above ${__dirname}`);
}

const PACKAGE = findPackageRoot();

export const PACKAGE_ROOT = PACKAGE.root;
export const PACKAGE_VERSION = PACKAGE.version;

/** Running the TypeScript sources (tests, development) rather than the build. */
export const FROM_SOURCE = __filename.endsWith('.ts');

/** The built engine: dist/engine. */
export const BUILT_ENGINE_DIR = path.join(PACKAGE_ROOT, 'dist', 'engine');

/** The engine folder this code runs from: engine/ (sources) or dist/engine (built). */
export const ENGINE_DIR = FROM_SOURCE ? path.join(PACKAGE_ROOT, 'engine') : BUILT_ENGINE_DIR;
