import { CamelCasePlugin, type PluginTransformResultArgs, type QueryResult, type UnknownRow } from 'kysely';

/**
 * Kysely's CamelCasePlugin: camelCase names in queries become snake_case columns, and the columns
 * of result rows become camelCase. SQLite's rows arrive named already (sqlite.ts names a
 * statement's columns once, not every row's): on SQLite only the query half runs.
 */
export class CamelCaseNames extends CamelCasePlugin {
	constructor(
		/** Whether the driver names the rows' columns itself (SQLite's, sqlite.ts): they are left as they come. */
		readonly leavesRowsAsTheyCome: boolean,
	) {
		super();
	}

	override transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return this.leavesRowsAsTheyCome ? Promise.resolve(args.result) : super.transformResult(args);
	}

	/** A result column's name as the plugin gives it to rows. */
	columnName(column: string): string {
		return this.camelCase(column);
	}
}

const names = new CamelCaseNames(false);

/** A result column's name as Kysely's CamelCasePlugin gives it to rows: `signed_at` is `signedAt`. */
export function camelCaseColumn(column: string): string {
	return names.columnName(column);
}
