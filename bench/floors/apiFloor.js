// The API floor: a bare fastify server (the engine's fastify) doing the least an API write and
// read can do with the engine's durability. POST /api/v1/workflows is one INSERT in its own
// fsynced commit (SQLite opened as the engine opens it: libsql, WAL, synchronous=FULL; PostgreSQL
// with its default synchronous_commit=on); GET /api/v1/workflows/:id is one SELECT by primary key.
// Both answer JSON about the size of the engine's workflow detail. bench/api.js and
// bench/webhooks.js (the "API write floor") use it.
'use strict';
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Fastify = require('fastify');

const CREATE_TABLE = 'create table if not exists floor_workflows (id text primary key, organization_id text not null, name text not null, metadata text not null, created_at text not null)';

/** A workflow detail shaped like the engine's answer (same fields, empty parts). */
function detail(row) {
	return {
		id: row.id,
		organizationId: row.organization_id,
		name: row.name,
		message: null,
		status: 'draft',
		timeZone: 'UTC',
		expiresAt: null,
		requestFrom: null,
		metadata: JSON.parse(row.metadata),
		reminderPolicy: null,
		cancelReason: null,
		createdAt: row.created_at,
		updatedAt: row.created_at,
		sentAt: null,
		endedAt: null,
		files: [],
		signers: [],
		signatures: [],
		annotations: [],
		finalization: null,
	};
}

function newRow(body) {
	return {
		id: randomUUID(),
		organization_id: 'floor-organization',
		name: String(body?.name ?? ''),
		metadata: JSON.stringify(body?.metadata ?? {}),
		created_at: new Date().toISOString(),
	};
}

async function sqliteTable() {
	const { openSqlite } = require('../../engine/store/sqlite');
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-floor-api-'));
	const database = openSqlite(dataDir);
	database.prepare(CREATE_TABLE).run();
	const insert = database.prepare('insert into floor_workflows (id, organization_id, name, metadata, created_at) values (@id, @organization_id, @name, @metadata, @created_at)');
	const select = database.prepare('select * from floor_workflows where id = ?');
	return {
		// Autocommit: each INSERT is its own transaction, fsynced before run() returns.
		insert: async (row) => void insert.run(row),
		get: async (id) => select.get(id) ?? null,
		close: async () => {
			database.close();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

async function postgresTable(databaseUrl) {
	const pg = require('pg');
	const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
	pool.on('error', () => undefined);
	await pool.query(CREATE_TABLE);
	return {
		insert: async (row) =>
			void (await pool.query('insert into floor_workflows (id, organization_id, name, metadata, created_at) values ($1, $2, $3, $4, $5)', [
				row.id,
				row.organization_id,
				row.name,
				row.metadata,
				row.created_at,
			])),
		get: async (id) => (await pool.query('select * from floor_workflows where id = $1', [id])).rows[0] ?? null,
		close: () => pool.end(),
	};
}

/**
 * Starts the floor on a random loopback port. `database: 'postgres'` needs `databaseUrl` (a database
 * the caller made for the run; the floor creates its own table there).
 */
async function startApiFloor({ database = 'sqlite', databaseUrl } = {}) {
	const table = database === 'postgres' ? await postgresTable(databaseUrl) : await sqliteTable();
	const app = Fastify({ logger: false });
	app.post('/api/v1/workflows', async (request, reply) => {
		const row = newRow(request.body);
		await table.insert(row);
		return reply.status(201).send(detail(row));
	});
	app.get('/api/v1/workflows/:id', async (request, reply) => {
		const row = await table.get(request.params.id);
		if (!row) return reply.status(404).send({ error: { code: 'workflow_not_found', message: 'No such workflow.', details: [] } });
		return detail(row);
	});
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return {
		url,
		async close() {
			await app.close();
			await table.close();
		},
	};
}

module.exports = { startApiFloor };
