import { preparable } from '../../../engine/store/pgStatementCache';

describe('preparable: which PostgreSQL statements are kept prepared', () => {
	it('keeps statements whose result columns are named, or that return none', () => {
		expect(preparable('select "id", "name" from "workflows" where "id" = $1')).toBe(true);
		expect(preparable('insert into "events" ("id", "type") values ($1, $2)')).toBe(true);
		expect(preparable('select count(*) as "count" from "workflows" where "organization_id" = $1')).toBe(true);
	});

	it('does not keep a statement whose result is a `*`, which a later migration may widen', () => {
		expect(preparable('select * from "workflows" where "id" = $1')).toBe(false);
		expect(preparable('select w.* from workflows w where w.id = $1')).toBe(false);
		expect(preparable('select "a", * from t')).toBe(false);
		expect(preparable('select t.* from (select * from workflows where id = $1 offset 0) t')).toBe(false);
		expect(preparable('update "workflows" set "name" = $1 where "id" = $2 returning *')).toBe(false);
	});

	it('keeps a statement whose `*` is a subquery\'s, seen only through a value of fixed type', () => {
		expect(preparable('select to_json(w) as workflow from (select * from workflows where organization_id = $1 and id = $2 offset 0) w where w.test = $3 for update')).toBe(true);
		expect(preparable('select exists ( SELECT * from signers where workflow_id = $1) as "any"')).toBe(true);
	});
});
