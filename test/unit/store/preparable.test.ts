import { preparable } from '../../../engine/store/pgStatementCache';

describe('preparable: which PostgreSQL statements are kept prepared', () => {
	it.each([
		'select "id", "name" from "workflows" where "id" = $1',
		'insert into "events" ("id", "type") values ($1, $2)',
		'select count(*) as "count" from "workflows" where "organization_id" = $1',
	])('keeps a statement whose result columns are named, or that returns none: %s', (text) => {
		expect(preparable(text)).toBe(true);
	});

	it.each([
		'select * from "workflows" where "id" = $1',
		'select w.* from workflows w where w.id = $1',
		'select "a", * from t',
		'select t.* from (select * from workflows where id = $1 offset 0) t',
		'update "workflows" set "name" = $1 where "id" = $2 returning *',
	])('does not keep a statement whose result is a `*`, which a later migration may widen: %s', (text) => {
		expect(preparable(text)).toBe(false);
	});

	it.each([
		'select to_json(w) as workflow from (select * from workflows where organization_id = $1 and id = $2 offset 0) w where w.test = $3 for update',
		'select exists ( SELECT * from signers where workflow_id = $1) as "any"',
	])("keeps a statement whose `*` is a subquery's, seen only through a value of fixed type: %s", (text) => {
		expect(preparable(text)).toBe(true);
	});
});
