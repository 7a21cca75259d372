import { createHash } from 'node:crypto';
import type { AssetSource } from './assets';

/*
 * Content-hashed names for the signing page's files, so they can be cached
 * for a year (`immutable`): `signing-app.js` is served as
 * `signing-app.3f9a1c2b.js`, and a folder pdf.js reads by name as a whole
 * (`cmaps/X.bcmap` as `cmaps.<hash of the folder>/X.bcmap`). Our own scripts
 * and styles refer to each other and to the rest by name; those references are
 * rewritten to the hashed names, so a file's hash covers what it loads.
 */

export interface CatalogEntry {
	/** The name the sources use (`signing-app.js`); still served, with a short cache, for pages opened before an upgrade. */
	name: string;
	/** The hashed name (`signing-app.3f9a1c2b.js`), served with a year's cache. */
	hashed: string;
	contentType: string;
	/** SHA-256 of the served bytes (base64url): the ETag, and the key of the compressed copies. */
	digest: string;
	/** The modules it imports (names), for the page's preload hints. */
	imports: string[];
	bytes: Buffer;
}

const HASH_LENGTH = 8;

export const digestOf = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('base64url');
const shortHash = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex').slice(0, HASH_LENGTH);

/** `pdf.min.mjs` + hash -> `pdf.min.<hash>.mjs`; `fonts/x.ttf` -> `fonts/x.<hash>.ttf`. */
export function withHash(name: string, hash: string): string {
	const slash = name.lastIndexOf('/');
	const dot = name.lastIndexOf('.');
	return dot > slash ? `${name.slice(0, dot)}.${hash}${name.slice(dot)}` : `${name}.${hash}`;
}

/** The name without its hash, for a hashed name of this or an earlier build: `signing-app.0badc0de.js` -> `signing-app.js`. */
export function withoutHash(hashed: string): string | null {
	const folder = /^([\w-]+)\.[0-9a-f]{8}\/(.+)$/.exec(hashed);
	if (folder) return `${folder[1]}/${folder[2]}`;
	const file = /^(.+)\.[0-9a-f]{8}(\.[\w]+)$/.exec(hashed);
	return file ? file[1] + file[2] : null;
}

/** References in our own files: `/sign/assets/<name>` anywhere, and `./<name>` module specifiers. */
const ABSOLUTE = /\/sign\/assets\/([\w./-]+)/g;
const RELATIVE = /(['"])\.\/([\w.-]+\.m?js)\1/g;
const IMPORT = /^\s*import\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm;

export function buildCatalog(sources: readonly AssetSource[]): CatalogEntry[] {
	const byName = new Map(sources.map((source) => [source.name, source]));
	const folderHashes = new Map<string, string>();
	for (const folder of new Set(sources.map((source) => source.folder).filter((folder): folder is string => folder !== null))) {
		const hash = createHash('sha256');
		for (const source of sources.filter((candidate) => candidate.folder === folder)) hash.update(`${source.name}\0${digestOf(source.bytes)}\0`);
		folderHashes.set(folder, hash.digest('hex').slice(0, HASH_LENGTH));
	}
	const done = new Map<string, CatalogEntry>();
	const visiting = new Set<string>();

	const hashedNameOf = (reference: string): string | null => {
		if (reference.endsWith('/') && folderHashes.has(reference.slice(0, -1))) return `${reference.slice(0, -1)}.${folderHashes.get(reference.slice(0, -1))}/`;
		return byName.has(reference) ? entryOf(reference).hashed : null;
	};

	function entryOf(name: string): CatalogEntry {
		const known = done.get(name);
		if (known) return known;
		if (visiting.has(name)) throw new Error(`signing assets refer to each other in a circle through ${name}`);
		visiting.add(name);
		const source = byName.get(name)!;
		let bytes = source.bytes;
		let imports: string[] = [];
		if (source.own) {
			const text = source.bytes.toString('utf8');
			imports = [...text.matchAll(IMPORT)].map((match) => match[1].replace(/^\.\//, '').replace(/^\/sign\/assets\//, ''));
			const rewritten = text
				.replace(ABSOLUTE, (whole, reference: string) => {
					const hashed = hashedNameOf(reference);
					return hashed ? `/sign/assets/${hashed}` : whole;
				})
				.replace(RELATIVE, (whole, quote: string, reference: string) => {
					const hashed = hashedNameOf(reference);
					return hashed ? `${quote}./${hashed}${quote}` : whole;
				});
			bytes = Buffer.from(rewritten, 'utf8');
		}
		const hashed = source.folder
			? `${source.folder}.${folderHashes.get(source.folder)}${source.name.slice(source.folder.length)}`
			: withHash(source.name, shortHash(bytes));
		const entry: CatalogEntry = { name, hashed, contentType: source.contentType, digest: digestOf(bytes), imports, bytes };
		visiting.delete(name);
		done.set(name, entry);
		return entry;
	}

	return sources.map((source) => entryOf(source.name));
}

/** The modules a module loads, itself excluded, in the order of discovery (for modulepreload hints). */
export function importClosure(entries: ReadonlyMap<string, Pick<CatalogEntry, 'imports'>>, name: string): string[] {
	const seen = new Set<string>([name]);
	const order: string[] = [];
	const visit = (current: string) => {
		for (const imported of entries.get(current)?.imports ?? []) {
			if (seen.has(imported)) continue;
			seen.add(imported);
			order.push(imported);
			visit(imported);
		}
	};
	visit(name);
	return order;
}
