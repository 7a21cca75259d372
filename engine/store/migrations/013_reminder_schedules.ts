import type { Kysely, Migration } from 'kysely';
import { addInZone, toReminderPolicy } from '../../domain';

const BATCH = 500;

/**
 * The tables as this migration finds them: a migration never uses the current schema's types, which
 * change after it. Names in camelCase, as the store's CamelCasePlugin maps them.
 */
interface Tables {
	workflows: { id: string; organizationId: string; status: string; timeZone: string; reminderPolicy: string | null };
	signers: { id: string; workflowId: string; status: string; updatedAt: string };
	reminderSchedules: { signerId: string; organizationId: string; workflowId: string; nextDueAt: string; sent: number };
}

/**
 * When each signer whose turn it is gets their next automatic reminder, and how many they had: the
 * reminder loop reads only the rows that are due (by the index), and moves a row forward only from
 * the due time and count it read, so two engine processes never send the same reminder.
 * Workflows sent before it, whose policy nothing ran, get their schedules now, counted from when
 * each waiting signer last changed (their turn, or a later view): a schedule already past sends one
 * reminder at the first pass.
 */
export function reminderSchedulesSchema(): Migration {
	return {
		async up(db: Kysely<Tables>) {
			await db.schema
				.createTable('reminder_schedules')
				.addColumn('signer_id', 'text', (c) => c.primaryKey().references('signers.id'))
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
				.addColumn('next_due_at', 'text', (c) => c.notNull())
				.addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
				.execute();
			await db.schema.createIndex('reminder_schedules_by_due').on('reminder_schedules').column('next_due_at').execute();
			await db.schema.createIndex('reminder_schedules_by_workflow').on('reminder_schedules').column('workflow_id').execute();
			for (let after = ''; ; ) {
				const rows = await db
					.selectFrom('signers')
					.innerJoin('workflows', 'workflows.id', 'signers.workflowId')
					.select(['signers.id as signerId', 'signers.updatedAt', 'workflows.id as workflowId', 'workflows.organizationId', 'workflows.timeZone', 'workflows.reminderPolicy'])
					.where('workflows.status', '=', 'sent')
					.where('workflows.reminderPolicy', 'is not', null)
					.where('signers.status', '=', 'active')
					.where('signers.id', '>', after)
					.orderBy('signers.id')
					.limit(BATCH)
					.execute();
				for (const row of rows) {
					const policy = toReminderPolicy(JSON.parse(row.reminderPolicy!) as Parameters<typeof toReminderPolicy>[0]);
					if (policy.max === 0) continue;
					await db
						.insertInto('reminderSchedules')
						.values({
							signerId: row.signerId,
							organizationId: row.organizationId,
							workflowId: row.workflowId,
							nextDueAt: addInZone(row.updatedAt, policy.firstAfter, row.timeZone),
							sent: 0,
						})
						.execute();
				}
				if (rows.length < BATCH) break;
				after = rows[rows.length - 1].signerId;
			}
		},
	};
}
