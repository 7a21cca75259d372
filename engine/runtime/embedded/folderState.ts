import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STATE_FILE = 'embedded-engine.json';

/**
 * What a data folder remembers about the credentials that use its engine,
 * so that "the settings of the credential changed last" wins across n8n
 * restarts: the fingerprint of the settings the engine last started with,
 * and for each organization the fingerprint of the settings its credential
 * presented last. Fingerprints only (salted hashes): the SMTP password is
 * part of the settings and is not written here.
 */
export interface FolderStateData {
	salt: string;
	applied: string | null;
	seen: Record<string, string>;
}

export class FolderState {
	private data: FolderStateData | null = null;

	constructor(private readonly dataDir: string) {}

	get(): FolderStateData {
		if (!this.data) {
			const saved = this.read();
			this.data = {
				salt: saved.salt ?? randomBytes(16).toString('base64url'),
				applied: saved.applied ?? null,
				seen: saved.seen ?? {},
			};
		}
		return this.data;
	}

	/** What the file holds; an unreadable file counts as none (the settings of the next credential then apply). */
	private read(): Partial<FolderStateData> {
		const file = path.join(this.dataDir, STATE_FILE);
		if (!existsSync(file)) return {};
		try {
			return JSON.parse(readFileSync(file, 'utf8')) as Partial<FolderStateData>;
		} catch {
			return {};
		}
	}

	update(change: (data: FolderStateData) => boolean): void {
		const data = this.get();
		if (!change(data)) return;
		mkdirSync(this.dataDir, { recursive: true, mode: 0o700 });
		writeAtomically(path.join(this.dataDir, STATE_FILE), `${JSON.stringify(data, null, 2)}\n`);
	}
}

/** Writes a small file so that a crash leaves the old or the new content, never half of it. */
export function writeAtomically(file: string, content: string): void {
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, content, { mode: 0o600 });
	renameSync(temporary, file);
}
