import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';

export type StoreKind = 'sqlite' | 'postgres';

/**
 * The one switch: SIGNFLOW_TEST_DB=postgres runs every engine and store the tests open on the
 * PostgreSQL server of SIGNFLOW_TEST_POSTGRES_URL, each in a database of its own; unset or
 * `sqlite`, on a SQLite file in the engine's data folder.
 */
export const TEST_DB: StoreKind = storeKind(process.env.SIGNFLOW_TEST_DB);

/** The PostgreSQL server the tests use (this machine's: 127.0.0.1:5432, database `test`). */
export const POSTGRES_ADMIN_URL = process.env.SIGNFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a test file's databases are listed on its global, for the test environment to drop after the file. */
export const CREATED_DATABASES = '__signflowTestDatabases';

/** Test databases start with this, then their creation time: a run killed before it dropped them can be told apart. */
export const TEST_DATABASE_PREFIX = 'signflow_test_';

function storeKind(value: string | undefined): StoreKind {
	if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
	if (value === 'postgres') return 'postgres';
	throw new Error(`SIGNFLOW_TEST_DB=${value}: use sqlite (the default) or postgres.`);
}

export function databaseUrl(name: string): string {
	const url = new URL(POSTGRES_ADMIN_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

async function onServer(statement: string): Promise<void> {
	const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
	await admin.connect();
	try {
		await admin.query(statement);
	} finally {
		await admin.end();
	}
}

function createdHere(): string[] {
	const holder = globalThis as unknown as Record<string, string[] | undefined>;
	return (holder[CREATED_DATABASES] ??= []);
}

/** A new, empty PostgreSQL database with a name no other test (nor jest worker, nor run) uses. */
export async function createTestDatabase(): Promise<{ name: string; url: string }> {
	const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${process.pid}_${randomBytes(4).toString('hex')}`;
	createdHere().push(name);
	await onServer(`create database ${name}`);
	return { name, url: databaseUrl(name) };
}

/** Drops a database, closing what still connects to it (an engine a failed test left running). */
export async function dropDatabase(name: string): Promise<void> {
	await onServer(`drop database if exists ${name} with (force)`);
}

export async function dropTestDatabase(name: string): Promise<void> {
	await dropDatabase(name);
	const created = createdHere();
	if (created.includes(name)) created.splice(created.indexOf(name), 1);
}

/** A data folder and its database go together: a restart on the same folder finds the same database. */
const byDataDir = new Map<string, Promise<{ name: string; url: string }>>();

/**
 * The database URL an engine or store on this data folder uses in this run: undefined on SQLite
 * (the file in the folder), a database of the folder's own on PostgreSQL, made on first use.
 */
export async function databaseUrlFor(dataDir: string): Promise<string | undefined> {
	if (TEST_DB === 'sqlite') return undefined;
	const key = path.resolve(dataDir);
	let database = byDataDir.get(key);
	if (!database) {
		database = createTestDatabase();
		byDataDir.set(key, database);
	}
	return (await database).url;
}

/** Drops the folder's database now (the environment would at the end of the file). */
export async function dropDatabaseOf(dataDir: string): Promise<void> {
	const key = path.resolve(dataDir);
	const database = byDataDir.get(key);
	if (!database) return;
	byDataDir.delete(key);
	await dropTestDatabase((await database).name);
}
