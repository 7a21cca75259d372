import type { Kysely, Selectable } from 'kysely';
import type { ReminderSchedule } from '../../domain';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database, ReminderSchedulesTable } from '../schema';
import { asWrite, keptCompiled } from './rowWrites';
import { scoped } from './scoped';
import type { Write } from './writes';

/** Each signer's next automatic reminder (domain/reminders.ts). */
export function reminderScheduleRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['reminderSchedules'] {
	const scheduleOf = (organizationId: string) => db.deleteFrom('reminderSchedules').where('organizationId', '=', organizationId);
	return {
		async start(schedule) {
			await write(
				db
					.insertInto('reminderSchedules')
					.values(schedule)
					.onConflict((oc) => oc.column('signerId').doUpdateSet({ nextDueAt: schedule.nextDueAt, sent: schedule.sent })),
			);
		},
		async postpone(organizationId, signerId, nextDueAt) {
			await write(scoped(db, organizationId).updateTable('reminderSchedules').where('signerId', '=', signerId).set({ nextDueAt }));
		},
		async stop(organizationId, signerId) {
			// Each signature stops its signer's reminders: its text is kept.
			await write(
				asWrite(
					db,
					keptCompiled(`${dialect} stop reminders of signer`, [organizationId, signerId], () => scheduleOf(organizationId).where('signerId', '=', signerId).compile()),
				),
			);
		},
		async stopWorkflow(organizationId, workflowId) {
			await write(scheduleOf(organizationId).where('workflowId', '=', workflowId));
		},
		// Engine-wide: the reminder loop serves every organization.
		async due(now, limit) {
			const rows = await db.selectFrom('reminderSchedules').selectAll().where('nextDueAt', '<=', now).orderBy('nextDueAt').limit(limit).execute();
			return rows.map(scheduleFromRow);
		},
		async get(organizationId, signerId) {
			const row = await scoped(db, organizationId).selectFrom('reminderSchedules').selectAll().where('signerId', '=', signerId).executeTakeFirst();
			return row ? scheduleFromRow(row) : null;
		},
		async advance(from, next) {
			if (next.nextDueAt === null) {
				const result = await scheduleOf(from.organizationId)
					.where('signerId', '=', from.signerId)
					.where('nextDueAt', '=', from.nextDueAt)
					.where('sent', '=', from.sent)
					.executeTakeFirst();
				return result.numDeletedRows > 0n;
			}
			const result = await scoped(db, from.organizationId)
				.updateTable('reminderSchedules')
				.where('signerId', '=', from.signerId)
				.where('nextDueAt', '=', from.nextDueAt)
				.where('sent', '=', from.sent)
				.set({ nextDueAt: next.nextDueAt, sent: next.sent })
				.executeTakeFirst();
			return result.numUpdatedRows > 0n;
		},
	};
}

function scheduleFromRow(row: Selectable<ReminderSchedulesTable>): ReminderSchedule {
	return { ...row, sent: Number(row.sent) };
}
