import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const PRIVATE_FOLDER = 0o700;
const PRIVATE_FILE = 0o600;

export interface DataFolderContents {
	/** Files directly in the folder (the database, keys). */
	files: string[];
	/** Sub-folders and everything in them (blobs); created if missing. */
	folders: string[];
	/** Sub-folders earlier versions wrote (seals): made private like the others when present, never created. */
	oldFolders?: string[];
}

/**
 * Makes the data folder private to the engine's user: the folder 0700 (new
 * or existing), its sub-folders created 0700 before anything writes into
 * them, the engine's files 0600. A folder an earlier version left open
 * (0755, files 0644) is tightened file by file once; afterwards every
 * writer creates its files private itself.
 */
export function makeDataFolderPrivate(dataDir: string, contents: DataFolderContents): void {
	mkdirSync(dataDir, { recursive: true, mode: PRIVATE_FOLDER });
	const wasOpen = (statSync(dataDir).mode & 0o777) !== PRIVATE_FOLDER;
	restrict(dataDir, PRIVATE_FOLDER);
	for (const file of contents.files) if (existsSync(path.join(dataDir, file))) restrict(path.join(dataDir, file), PRIVATE_FILE);
	for (const folder of contents.folders) {
		const root = path.join(dataDir, folder);
		mkdirSync(root, { recursive: true, mode: PRIVATE_FOLDER });
		if (wasOpen) restrictTree(root);
	}
	for (const folder of contents.oldFolders ?? []) {
		const root = path.join(dataDir, folder);
		if (wasOpen && existsSync(root)) restrictTree(root);
	}
}

function restrictTree(folder: string): void {
	restrict(folder, PRIVATE_FOLDER);
	for (const entry of readdirSync(folder, { withFileTypes: true })) {
		const full = path.join(folder, entry.name);
		if (entry.isDirectory()) restrictTree(full);
		else if (entry.isFile()) restrict(full, PRIVATE_FILE);
	}
}

function restrict(file: string, mode: number): void {
	if ((statSync(file).mode & 0o777) === mode) return;
	try {
		chmodSync(file, mode);
	} catch (error) {
		// A folder owned by another user (a mounted volume) cannot be changed by us; what we create in it still is private.
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
	}
}
