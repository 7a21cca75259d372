// The API's own write floor: a bare fastify server whose POST /api/v1/workflows does the least a
// create must do, one fsynced INSERT (SQLite in WAL with synchronous=FULL, as the engine opens it,
// or PostgreSQL's default synchronous_commit), and answers 201 with the id. It runs in a child
// process, like the engine it is compared with. (A minimal version: the lead keeps one.)
'use strict';
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const POSTGRES_URL = process.env.SIGNFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Starts the floor server in a child process; resolves once it listens. */
function startApiFloor({ database = 'sqlite' } = {}) {
	const child = spawn(process.execPath, [__filename, database], { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
			if (match)
				resolve({
					url: match[1],
					close: () =>
						new Promise((done) => {
							if (child.exitCode !== null) return done();
							child.once('exit', () => done());
							child.kill('SIGTERM');
						}),
				});
		});
		child.once('exit', (code) => reject(new Error(`api floor exited (${code}): ${output}`)));
	});
}

async function openSqlite() {
	const Libsql = require('libsql');
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-api-floor-'));
	const db = new Libsql(path.join(dir, 'floor.db'));
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.exec('create table workflows (id text primary key, organization_id text not null, name text not null, created_at text not null)');
	const insert = db.prepare('insert into workflows (id, organization_id, name, created_at) values (?, ?, ?, ?)');
	return {
		insert: async (row) => insert.run(row.id, row.organizationId, row.name, row.createdAt),
		close: async () => {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

async function openPostgres() {
	const { Pool } = require('pg');
	const admin = new Pool({ connectionString: POSTGRES_URL, max: 1 });
	const schema = `api_floor_${process.pid}`;
	await admin.query(`create schema ${schema}`);
	await admin.query(`create table ${schema}.workflows (id text primary key, organization_id text not null, name text not null, created_at text not null)`);
	await admin.end();
	const pool = new Pool({ connectionString: POSTGRES_URL, max: 10, options: `-c search_path=${schema}` });
	return {
		insert: (row) => pool.query('insert into workflows (id, organization_id, name, created_at) values ($1, $2, $3, $4)', [row.id, row.organizationId, row.name, row.createdAt]),
		close: async () => {
			await pool.query(`drop schema ${schema} cascade`);
			await pool.end();
		},
	};
}

async function serve(database) {
	const fastify = require('fastify')({ logger: false });
	const store = database === 'postgres' ? await openPostgres() : await openSqlite();
	fastify.post('/api/v1/workflows', async (request, reply) => {
		const row = { id: randomUUID(), organizationId: 'org', name: String(request.body?.name ?? ''), createdAt: new Date().toISOString() };
		await store.insert(row);
		reply.code(201);
		return { id: row.id, name: row.name, createdAt: row.createdAt };
	});
	const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
	process.stdout.write(`listening on ${url}\n`);
	process.once('SIGTERM', async () => {
		await fastify.close();
		await store.close();
		process.exit(0);
	});
}

if (require.main === module)
	serve(process.argv[2] ?? 'sqlite').catch((error) => {
		console.error(error);
		process.exit(1);
	});

module.exports = { startApiFloor };
