import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUILT_ENGINE_DIR } from '../support/paths';
import VENDORED from './vendored.json';

/*
 * Browser files and fonts taken from other packages (pdf.js, the signature
 * pad, intl-messageformat, Dancing Script, DejaVu Sans). The build copies each into
 * dist/engine/vendor (gulpfile.js), so the published package carries the few
 * files it serves instead of depending on those packages at run time. Before
 * the first build (the TypeScript sources under test), the same names resolve
 * into node_modules, where the packages are development dependencies.
 */

export type VendoredName = Exclude<keyof typeof VENDORED, '//'>;

const SHIPPED = path.join(BUILT_ENGINE_DIR, 'vendor');

/** Where an installed package lives, even when its `exports` hide package.json. */
export function packageDir(name: string): string {
	for (const folder of require.resolve.paths(name) ?? []) {
		const candidate = path.join(folder, name);
		if (existsSync(path.join(candidate, 'package.json'))) return candidate;
	}
	throw new Error(`${name} is not installed (it is a development dependency; the build copies what it needs into dist)`);
}

/** The source file (or folder, for names ending in /) of a vendored name, inside node_modules. */
export function vendoredSource(name: VendoredName): string {
	const spec = VENDORED[name];
	const [scopeOrName, maybeName, ...rest] = spec.split('/');
	const packageName = scopeOrName.startsWith('@') ? `${scopeOrName}/${maybeName}` : scopeOrName;
	const inside = scopeOrName.startsWith('@') ? rest : [maybeName, ...rest];
	return path.join(packageDir(packageName), ...inside);
}

/** The file (or folder) behind a vendored name: the shipped copy, or the package's own in development. */
export function vendoredPath(name: VendoredName): string {
	const shipped = path.join(SHIPPED, name);
	return existsSync(shipped) ? shipped : vendoredSource(name);
}

export const VENDORED_NAMES = Object.keys(VENDORED).filter((name) => name !== '//') as VendoredName[];
