import { rmSync } from 'node:fs';
import { CamelCasePlugin, Kysely, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { WorkflowScope } from '../../engine/domain';
import { scopedRowById } from '../../engine/store/kysely/scoped';
import { loadWorkflowAggregatePostgres, loadWorkflowDetailPostgres } from '../../engine/store/kysely/workflowDetail';
import { openStore, type KyselyStore } from '../../engine/store/kyselyStore';
import type { Database } from '../../engine/store/schema';
import { tempDataDir } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { TEST_DB, createTestDatabase, dropTestDatabase } from '../helpers/engine/testDatabase';

/*
 * The plans PostgreSQL makes for a workflow's detail and aggregate statements on a database with no
 * statistics yet (new, or just restored, before autovacuum's first analyze), and for a workflow,
 * template or bulk send looked up by id: the row must come by its primary key however many the
 * organization has, in each scope kind.
 */

const onPostgres = describeOnly('postgres', 'it reads PostgreSQL query plans');
const WORKFLOWS = 3000;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let store: KyselyStore;
let client: pg.Client;
const dataDir = tempDataDir('postgres-plans');

beforeAll(async () => {
	if (TEST_DB !== 'postgres') return;
	database = await createTestDatabase();
	store = openStore({ dataDir, databaseUrl: database.url });
	await store.migrate();
	client = new pg.Client({ connectionString: database.url });
	await client.connect();
	// Autovacuum would analyze the table during the file on a slow machine: the plans would no longer be those of no statistics.
	for (const table of ['workflows', 'templates', 'bulk_sends']) await client.query(`alter table ${table} set (autovacuum_enabled = false)`);
	await client.query(`insert into organizations (id, name, created_at) values ('org-Zoë', 'Zoë Ångström GmbH', now()::text)`);
	// Live and test workflows of one organization, as a busy one has; the table is never analyzed.
	await client.query(
		`insert into workflows (id, organization_id, name, name_search, status, time_zone, metadata, created_at, updated_at, test)
		 select 'wf-' || n, 'org-Zoë', 'Contrat n° ' || n || ' — 李', 'contrat n° ' || n, 'draft', 'Europe/Zurich', '{}', now()::text, now()::text, n % 2
		 from generate_series(1, ${WORKFLOWS}) n`,
	);
	await client.query(
		`insert into templates (id, organization_id, name, name_search, time_zone, metadata, roles, signatures, annotations, created_at, updated_at, test)
		 select 'tpl-' || n, 'org-Zoë', 'Offre d''emploi ' || n || ' — 李', 'offre d''emploi ' || n, 'Europe/Zurich', '{}', '[]', '[]', '[]', now()::text, now()::text, n % 2
		 from generate_series(1, ${WORKFLOWS}) n`,
	);
	await client.query(
		`insert into bulk_sends (id, organization_id, template_id, status, total, created_at, test)
		 select 'bulk-' || n, 'org-Zoë', 'tpl-' || n, 'completed', 1, now()::text, n % 2 from generate_series(1, ${WORKFLOWS}) n`,
	);
});

afterAll(async () => {
	await client?.end();
	await store?.close();
	rmSync(dataDir, { recursive: true, force: true });
	if (database) await dropTestDatabase(database.name);
});

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	'Index Name'?: string;
	Plans?: PlanNode[];
}

function scansOf(node: PlanNode, relation: string): PlanNode[] {
	const own = node['Relation Name'] === relation ? [node] : [];
	return [...own, ...(node.Plans ?? []).flatMap((child) => scansOf(child, relation))];
}

/** A Kysely whose statements are not run but explained, as the server plans them with these values. */
function explainingDb(plans: PlanNode[]): Kysely<Database> {
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }), plugins: [new CamelCasePlugin()] });
	db.executeQuery = (async (query: CompiledQuery) => {
		const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (format json) ${query.sql}`, [...query.parameters]);
		plans.push(rows[0]['QUERY PLAN'][0].Plan);
		return { rows: [] };
	});
	return db;
}

onPostgres('workflow statements on a database without statistics', () => {
	const scopes: Array<[string, WorkflowScope]> = [
		['the engine (any mode)', { organizationId: 'org-Zoë', mode: null }],
		['a live key', { organizationId: 'org-Zoë', mode: 'live' }],
		['a test key', { organizationId: 'org-Zoë', mode: 'test' }],
	];

	it.each(scopes)('reads the workflow row by its primary key for %s: detail, aggregate, locked aggregate', async (_label, scope) => {
		const { rows } = await client.query<{ reltuples: number }>(`select reltuples from pg_class where relname = 'workflows'`);
		expect(rows[0].reltuples).toBe(-1);
		const plans: PlanNode[] = [];
		const db = explainingDb(plans);
		try {
			await loadWorkflowDetailPostgres(db, scope, 'wf-1234');
			await loadWorkflowAggregatePostgres(db, scope, 'wf-1234', false);
			await loadWorkflowAggregatePostgres(db, scope, 'wf-1234', true);
		} finally {
			await db.destroy();
		}
		const workflowScans = plans.map((plan) => scansOf(plan, 'workflows'));
		// The locked aggregate's second statement (its parts) does not read `workflows`.
		expect(workflowScans.filter((scans) => scans.length > 0)).toHaveLength(3);
		for (const scans of workflowScans) for (const scan of scans) expect(scan['Index Name']).toBe('workflows_pkey');
	});

	it.each(scopes)('reads a workflow, template or bulk send by its primary key for %s (scopedRowById)', async (_label, scope) => {
		const ran: CompiledQuery[] = [];
		const db = new Kysely<Database>({
			dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database!.url, max: 1 }) }),
			plugins: [new CamelCasePlugin()],
			log: (event) => void ran.push(event.query),
		});
		try {
			await scopedRowById(db, scope, 'workflows', 'wf-1234', true);
			await scopedRowById(db, scope, 'templates', 'tpl-1234');
			await scopedRowById(db, scope, 'bulkSends', 'bulk-1234');
		} finally {
			await db.destroy();
		}
		const indexes = [];
		for (const query of ran) {
			const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (format json) ${query.sql}`, [...query.parameters]);
			const plan = rows[0]['QUERY PLAN'][0].Plan;
			indexes.push(['workflows', 'templates', 'bulk_sends'].flatMap((table) => scansOf(plan, table)).map((scan) => scan['Index Name']));
		}
		expect(indexes).toEqual([['workflows_pkey'], ['templates_pkey'], ['bulk_sends_pkey']]);
	});
});
