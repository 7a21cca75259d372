import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUILT_ENGINE_DIR, FROM_SOURCE, PACKAGE_ROOT } from '../../support/paths';
import { buildCatalog, importClosure, withoutHash, type CatalogEntry } from './assetCatalog';
import { CODINGS, compressAsset, type Coding } from './assetEncoding';
import { assetSources } from './assets';

/*
 * The signing page's files as the engine serves them. Built (`npm run build`,
 * gulpfile.js), every file is in dist/engine/http/signing/public under its
 * hashed name, with .br and .gz copies and a manifest.json. Run from the
 * TypeScript sources (tests, development), the same catalog is made in memory
 * from the sources, and compressed copies come from the build's cache or are
 * made on first request.
 */

export const PUBLIC_DIR = path.join(BUILT_ENGINE_DIR, 'http', 'signing', 'public');
export const MANIFEST = 'manifest.json';
/** The build keeps compressed copies here by digest, so a rebuild does not recompress unchanged files. */
export const COMPRESSED_CACHE = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'signflow-signing-assets');

export const compressedFileName = (digest: string, coding: Coding) => `${digest}.${coding === 'br' ? 'br' : 'gz'}`;

export interface ManifestEntry extends Omit<CatalogEntry, 'bytes'> {
	size: number;
	/** The compressed copies that exist (not where compressing did not pay), by their size. */
	codings: Partial<Record<Coding, number>>;
}

export interface Manifest {
	entries: ManifestEntry[];
}

export interface FoundAsset {
	entry: Pick<CatalogEntry, 'name' | 'hashed' | 'contentType' | 'digest'>;
	/** Asked for by this build's hashed name: cacheable for a year. Otherwise (a bare or an older build's name) briefly. */
	immutable: boolean;
}

interface Source {
	entries: Array<Omit<CatalogEntry, 'bytes'>>;
	codings(entry: Omit<CatalogEntry, 'bytes'>): ReadonlySet<Coding>;
	read(entry: Omit<CatalogEntry, 'bytes'>, coding: Coding | null): Promise<Buffer | null>;
}

export class SigningAssets {
	private readonly byHashed = new Map<string, Omit<CatalogEntry, 'bytes'>>();
	private readonly byName = new Map<string, Omit<CatalogEntry, 'bytes'>>();
	private readonly bodies = new Map<string, Promise<Buffer | null>>();

	private constructor(private readonly source: Source) {
		for (const entry of source.entries) {
			this.byHashed.set(entry.hashed, entry);
			this.byName.set(entry.name, entry);
		}
	}

	/** The address of a file by its source name, e.g. `/sign/assets/signing-app.3f9a1c2b.js`. */
	url(name: string): string {
		const entry = this.byName.get(name);
		if (!entry) throw new Error(`no signing asset ${name}`);
		return `/sign/assets/${entry.hashed}`;
	}

	/** The addresses of the modules a module imports, directly or not: what the page preloads. */
	moduleUrls(name: string): string[] {
		return importClosure(this.byName, name).map((imported) => this.url(imported));
	}

	/** The file at an address under /sign/assets/: a hashed name, a bare one, or an earlier build's hashed name. */
	find(requested: string): FoundAsset | null {
		const hashed = this.byHashed.get(requested);
		if (hashed) return { entry: hashed, immutable: true };
		const bare = this.byName.get(requested) ?? this.byName.get(withoutHash(requested) ?? '');
		return bare ? { entry: bare, immutable: false } : null;
	}

	codings(entry: FoundAsset['entry']): ReadonlySet<Coding> {
		return this.source.codings(this.byHashed.get(entry.hashed)!);
	}

	/** The bytes in a coding (null: as they are); null when that coding does not exist for the file. */
	body(entry: FoundAsset['entry'], coding: Coding | null): Promise<Buffer | null> {
		const key = `${entry.hashed}\0${coding ?? ''}`;
		let body = this.bodies.get(key);
		if (!body) {
			body = this.source.read(this.byHashed.get(entry.hashed)!, coding);
			this.bodies.set(key, body);
			body.catch(() => this.bodies.delete(key));
		}
		return body;
	}

	/** The built files when there are (and the engine runs from the build), else a catalog made from the sources. */
	static load(): SigningAssets {
		const manifestFile = path.join(PUBLIC_DIR, MANIFEST);
		if (!FROM_SOURCE && existsSync(manifestFile)) return new SigningAssets(builtSource(JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest));
		return new SigningAssets(memorySource(buildCatalog(assetSources())));
	}
}

function builtSource(manifest: Manifest): Source {
	const codings = new Map(manifest.entries.map((entry) => [entry.hashed, new Set(Object.keys(entry.codings) as Coding[])]));
	return {
		entries: manifest.entries,
		codings: (entry) => codings.get(entry.hashed)!,
		async read(entry, coding) {
			if (coding && !codings.get(entry.hashed)!.has(coding)) return null;
			return readFile(path.join(PUBLIC_DIR, coding ? `${entry.hashed}.${coding === 'br' ? 'br' : 'gz'}` : entry.hashed));
		},
	};
}

function memorySource(catalog: CatalogEntry[]): Source {
	const bytes = new Map(catalog.map((entry) => [entry.hashed, entry.bytes]));
	const all = new Set(CODINGS);
	return {
		entries: catalog.map(({ bytes: _bytes, ...entry }) => entry),
		codings: () => all,
		async read(entry, coding) {
			const original = bytes.get(entry.hashed)!;
			if (!coding) return original;
			const cached = path.join(COMPRESSED_CACHE, compressedFileName(entry.digest, coding));
			if (existsSync(cached)) return readFile(cached);
			return compressAsset(original, coding);
		},
	};
}

let loaded: SigningAssets | undefined;

/** The signing page's files, loaded on first use and kept for the life of the process (they do not change under it). */
export function signingAssets(): SigningAssets {
	loaded ??= SigningAssets.load();
	return loaded;
}
