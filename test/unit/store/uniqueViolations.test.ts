import Libsql from 'libsql';
import { violatesUnique } from '../../../engine/store/uniqueViolations';

/** The error SQLite gives for `sql` run after the tables below are filled. */
function sqliteError(sql: string): unknown {
	const db = new Libsql(':memory:');
	try {
		db.exec(`
			create table idempotency_keys (organization_id text, mode text, key text, owner text, primary key (organization_id, mode, key));
			create table events (id text primary key, workflow_id text, sequence integer);
			create unique index events_by_workflow_sequence on events (workflow_id, sequence);
			insert into idempotency_keys values ('org', 'live', 'n8n-Zoë-1', 'a');
			insert into events values ('e1', 'wf', 1);
		`);
		db.exec(sql);
		return null;
	} catch (error) {
		return error;
	} finally {
		db.close();
	}
}

describe('violatesUnique on SQLite', () => {
	it('recognises a taken Idempotency-Key and a taken chain sequence, each as itself only', () => {
		const key = sqliteError("insert into idempotency_keys values ('org', 'live', 'n8n-Zoë-1', 'b')");
		const sequence = sqliteError("insert into events values ('e2', 'wf', 1)");
		expect(violatesUnique(key, 'idempotency key')).toBe(true);
		expect(violatesUnique(key, 'chain sequence')).toBe(false);
		expect(violatesUnique(sequence, 'chain sequence')).toBe(true);
		expect(violatesUnique(sequence, 'idempotency key')).toBe(false);
	});

	it('recognises neither in another table\'s unique violation, another error or no error', () => {
		const otherUnique = sqliteError("insert into events values ('e1', 'wf', 2)");
		expect(otherUnique).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
		for (const error of [otherUnique, sqliteError('select * from nowhere'), null, 'UNIQUE constraint failed: events.workflow_id, events.sequence'])
			for (const index of ['idempotency key', 'chain sequence'] as const) expect(violatesUnique(error, index)).toBe(false);
	});
});
