import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { ManualClock } from '../helpers/engine/clock';
import { withDatabase } from '../helpers/engine/database';
import { createReadyDraft } from '../helpers/engine/drafts';
import { takeBackToBefore } from '../helpers/engine/earlierDatabase';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { until } from '../helpers/waits';

interface Reminded {
	signerId: string;
	email: string;
	automatic?: boolean;
	reminder?: number;
	of?: number;
	createdAt: string;
}

/** Moves a manual clock to an instant (forward only, as time goes). */
function setClock(clock: ManualClock, at: string): void {
	const delta = Date.parse(at) - clock.now().getTime();
	if (delta < 0) throw new Error(`The clock is at ${clock.now().toISOString()}, past ${at}.`);
	clock.advance(delta);
}

const utc = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC().toISO()!;

describe('automatic reminders on a manual clock', () => {
	// The loop's own timer is slow here: every pass below is a tick() the test asks for, so that
	// "nothing yet" is checked right before a due time and "one now" right at it.
	const clock = new ManualClock('2026-10-29T08:00:00.000Z');
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ clock, reminderCheckIntervalMs: 600_000 });
	});
	afterAll(() => t.destroy());

	async function reminders(workflowId: string): Promise<Reminded[]> {
		const audit = (await t.api.get(`/workflows/${workflowId}/audit`)).body as { events: Array<{ type: string; data: Record<string, unknown>; createdAt: string; actor: { type: string } }> };
		return audit.events.filter((event) => event.type === 'signer.reminded').map((event) => ({ ...(event.data as { signerId: string; email: string }), createdAt: event.createdAt }));
	}

	/** A sent two-signer workflow (Ann order 1, Bob order 2) with this policy, in `timeZone`. */
	async function sent(name: string, timeZone: string, reminderPolicy: Record<string, unknown>, extra: Record<string, unknown> = {}) {
		const draft = await createReadyDraft(t.api, name, { timeZone, reminderPolicy, ...extra });
		const response = await t.api.post(`/workflows/${draft.workflowId}/send`);
		expect(response.status).toBe(200);
		return { ...draft, signers: response.body.signers as Array<{ id: string; name: string; signingUrl: string }> };
	}

	/** Checks that nothing goes out a second before `dueUtc` and exactly one reminder at it. */
	async function expectOneReminderAt(workflowId: string, dueUtc: string): Promise<Reminded> {
		const before = (await reminders(workflowId)).length;
		setClock(clock, new Date(Date.parse(dueUtc) - 1000).toISOString());
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(before);
		setClock(clock, dueUtc);
		await t.engine.reminders.tick();
		const after = await reminders(workflowId);
		expect(after).toHaveLength(before + 1);
		return after[after.length - 1];
	}

	it('keeps the local hour across the spring DST change in Europe/Berlin, sends at most max, and only to the signer whose turn it is', async () => {
		setClock(clock, utc('2027-03-26T09:00', 'Europe/Berlin'));
		const { workflowId, signerIds } = await sent('Arbeitsvertrag für Zoë Müller – 契約 ✍️', 'Europe/Berlin', { firstAfter: 'P1D', every: 'P1D', max: 3 });
		const [ann] = signerIds;

		// 27 March (CET, UTC+1), 28 March (the change: CEST, UTC+2), 29 March: always 09:00 in Berlin.
		const dues = ['2027-03-27T09:00', '2027-03-28T09:00', '2027-03-29T09:00'].map((local) => utc(local, 'Europe/Berlin'));
		expect(dues).toEqual(['2027-03-27T08:00:00.000Z', '2027-03-28T07:00:00.000Z', '2027-03-29T07:00:00.000Z']);
		for (const [index, due] of dues.entries()) {
			const reminder = await expectOneReminderAt(workflowId, due);
			expect(reminder).toMatchObject({ signerId: ann, automatic: true, reminder: index + 1, of: 3 });
			expect(DateTime.fromISO(reminder.createdAt).setZone('Europe/Berlin').hour).toBe(9);
		}

		// max is 3: a month later there has been no fourth, and Bob (order 2) never had one before his turn.
		setClock(clock, utc('2027-04-29T09:00', 'Europe/Berlin'));
		await t.engine.reminders.tick();
		const all = await reminders(workflowId);
		expect(all).toHaveLength(3);
		expect(all.every((reminder) => reminder.signerId === ann)).toBe(true);
	});

	it('keeps the local hour across the autumn DST change in America/New_York, every two days', async () => {
		setClock(clock, utc('2027-11-05T09:00', 'America/New_York'));
		const { workflowId, signerIds } = await sent('Lease — Renée Ο\u0308stlund 🗽', 'America/New_York', { firstAfter: 'PT24H', every: 'P2D', max: 2 });

		// PT24H is exact hours; P2D is calendar days: 8 November is 09:00 EST (UTC-5), after 6 November 09:00 EDT (UTC-4);
		// the clocks go back on 7 November 2027.
		const first = await expectOneReminderAt(workflowId, utc('2027-11-06T09:00', 'America/New_York'));
		expect(first.createdAt).toBe('2027-11-06T13:00:00.000Z');
		expect(first).toMatchObject({ signerId: signerIds[0], automatic: true, reminder: 1, of: 2 });
		const second = await expectOneReminderAt(workflowId, utc('2027-11-08T09:00', 'America/New_York'));
		expect(second.createdAt).toBe('2027-11-08T14:00:00.000Z');
		expect(DateTime.fromISO(second.createdAt).setZone('America/New_York').hour).toBe(9);
		expect(second).toMatchObject({ reminder: 2, of: 2 });
	});

	it('stops reminding a signer who signed, and starts the next signer\u2019s schedule when their turn comes', async () => {
		setClock(clock, '2027-12-01T10:00:00.000Z');
		const { workflowId, signerIds, signers } = await sent('Offer – محمد', 'UTC', { firstAfter: 'P2D', every: 'P1D', max: 5 });
		await expectOneReminderAt(workflowId, '2027-12-03T10:00:00.000Z');

		// Ann signs on 3 December at 15:00: Bob's turn comes; his first reminder is two days later.
		setClock(clock, '2027-12-03T15:00:00.000Z');
		const fields = (await t.api.get(`/workflows/${workflowId}`)).body.signatures as Array<{ id: string; signerId: string }>;
		const annField = fields.find((field) => field.signerId === signerIds[0])!;
		expect((await new SignerClient(signers[0].signingUrl).sign({ consent: true, values: { [annField.id]: { type: 'typed', text: 'Ann Lee' } } })).status).toBe(200);

		// Ann's next one would have been 4 December 10:00: it does not come.
		setClock(clock, '2027-12-04T10:00:00.000Z');
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(1);

		const bobs = await expectOneReminderAt(workflowId, '2027-12-05T15:00:00.000Z');
		expect(bobs).toMatchObject({ signerId: signerIds[1], automatic: true, reminder: 1, of: 5 });
	});

	it('sends nothing once the workflow has expired, even before the expiry sweep has run', async () => {
		setClock(clock, '2028-01-10T09:00:00.000Z');
		const { workflowId } = await sent('Kurzfristig', 'Europe/Berlin', { firstAfter: 'P1D', every: 'P1D', max: 5 }, { expiresAt: '2028-01-12T08:30:00.000Z' });
		await expectOneReminderAt(workflowId, '2028-01-11T09:00:00.000Z');

		// The second would be due 12 January 09:00, half an hour after expiry.
		setClock(clock, '2028-01-12T09:00:00.000Z');
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(1);
		await t.engine.scheduler.tick();
		expect((await t.api.get(`/workflows/${workflowId}`)).body.status).toBe('expired');
		setClock(clock, '2028-02-12T09:00:00.000Z');
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(1);
	});

	it('counts the next automatic reminder from a reminder sent by hand, which does not use one up', async () => {
		setClock(clock, '2028-03-01T12:00:00.000Z');
		const { workflowId, signerIds } = await sent('Manual first', 'UTC', { firstAfter: 'P2D', every: 'P3D', max: 2 });
		setClock(clock, '2028-03-02T18:00:00.000Z');
		expect((await t.api.post(`/workflows/${workflowId}/remind`)).status).toBe(200);
		const manual = await reminders(workflowId);
		expect(manual).toHaveLength(1);
		expect(manual[0].automatic).toBeUndefined();

		// Not at 3 March 12:00 (firstAfter from the invitation): three days after the manual one.
		setClock(clock, '2028-03-03T12:00:00.000Z');
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(1);
		const next = await expectOneReminderAt(workflowId, '2028-03-05T18:00:00.000Z');
		expect(next).toMatchObject({ signerId: signerIds[0], automatic: true, reminder: 1, of: 2 });
	});

	it('after a pause (engines down) sends one reminder, not the missed ones at once, and the next at the usual local hour', async () => {
		setClock(clock, '2028-04-03T07:30:00.000Z');
		const { workflowId } = await sent('Nach der Pause – Åsa', 'Europe/Berlin', { firstAfter: 'P1D', every: 'P1D', max: 5 });
		// Due 4 April 09:30 Berlin; nothing runs until 7 April 12:00 UTC.
		setClock(clock, '2028-04-07T12:00:00.000Z');
		await t.engine.reminders.tick();
		await t.engine.reminders.tick();
		expect((await reminders(workflowId)).map((reminder) => reminder.reminder)).toEqual([1]);
		const next = await expectOneReminderAt(workflowId, utc('2028-04-08T09:30', 'Europe/Berlin'));
		expect(next).toMatchObject({ reminder: 2, of: 5 });
	});

	it('starts over for the person a signer is reassigned to', async () => {
		setClock(clock, '2028-05-01T08:00:00.000Z');
		const { workflowId, signerIds } = await sent('Übergabe – 引き継ぎ', 'UTC', { firstAfter: 'P2D', every: 'P1D', max: 2 });
		await expectOneReminderAt(workflowId, '2028-05-03T08:00:00.000Z');
		setClock(clock, '2028-05-03T12:00:00.000Z');
		expect((await t.api.post(`/workflows/${workflowId}/signers/${signerIds[0]}/reassign`, { name: 'Chloé Dubois', email: 'chloe@example.com' })).status).toBe(200);
		// Not at 4 May 08:00 (Ann's next): two days after the reassignment, as the first of two.
		setClock(clock, '2028-05-04T08:00:00.000Z');
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(1);
		const first = await expectOneReminderAt(workflowId, '2028-05-05T12:00:00.000Z');
		expect(first).toMatchObject({ signerId: signerIds[0], reminder: 1, of: 2 });
		expect(first.email).toBe('chloe@example.com');
	});

	it('starts over for the person a signer hands their place to', async () => {
		setClock(clock, '2028-06-01T08:00:00.000Z');
		const { workflowId, signers } = await sent('Vollmacht – Jürgen → أحمد', 'UTC', { firstAfter: 'P1D', every: 'P1D', max: 3 }, { allowDelegation: true });
		await expectOneReminderAt(workflowId, '2028-06-02T08:00:00.000Z');
		setClock(clock, '2028-06-02T20:00:00.000Z');
		expect((await new SignerClient(signers[0].signingUrl).delegate({ name: 'أحمد Haddad', email: 'ahmed@example.com', reason: 'Urlaub' })).status).toBe(200);
		setClock(clock, '2028-06-03T08:00:00.000Z');
		await t.engine.reminders.tick();
		expect(await reminders(workflowId)).toHaveLength(1);
		const first = await expectOneReminderAt(workflowId, '2028-06-03T20:00:00.000Z');
		expect(first).toMatchObject({ reminder: 1, of: 3, email: 'ahmed@example.com' });
	});

	it('answers the policy as firstAfter/every/max, reads the older intervalDays/maxReminders, and refuses bad ones with a 422 that says why', async () => {
		const created = await t.api.post('/workflows', { name: 'Old shape', reminderPolicy: { intervalDays: 3, maxReminders: 2 } });
		expect(created.status).toBe(201);
		expect(created.body.reminderPolicy).toEqual({ firstAfter: 'P3D', every: 'P3D', max: 2 });
		expect((await t.api.get(`/workflows/${created.body.id}`)).body.reminderPolicy).toEqual({ firstAfter: 'P3D', every: 'P3D', max: 2 });
		const newShape = await t.api.post('/workflows', { name: 'New shape', reminderPolicy: { firstAfter: 'PT36H', every: 'P1W', max: 4 } });
		expect(newShape.body.reminderPolicy).toEqual({ firstAfter: 'PT36H', every: 'P1W', max: 4 });

		const refused: Array<[unknown, string, RegExp]> = [
			[{ firstAfter: 'PT30M', every: 'P1D', max: 2 }, 'reminderPolicy.firstAfter', /at least PT1H/],
			[{ firstAfter: 'P1D', every: 'P91D', max: 2 }, 'reminderPolicy.every', /at most P90D/],
			[{ firstAfter: 'two days', every: 'P1D', max: 2 }, 'reminderPolicy.firstAfter', /ISO 8601 duration/],
			[{ firstAfter: 'P1D', every: 'P1D', max: 21 }, 'reminderPolicy.max', /20/],
			[{ firstAfter: 'P1D', every: 'P1D' }, 'reminderPolicy.max', /Required/],
			[{ firstAfter: 'P1D', every: 'P1D', max: 1, intervalDays: 2 }, 'reminderPolicy', /either/],
			[{ intervalDays: 2 }, 'reminderPolicy.maxReminders', /Required/],
			[{ firstAfter: 'P1D', every: 'P1D', max: 1, hourly: true }, 'reminderPolicy', /hourly/],
		];
		for (const [policy, path, message] of refused) {
			const response = await t.api.post('/workflows', { name: 'Bad policy', reminderPolicy: policy });
			expect({ policy, status: response.status, code: response.body.error.code }).toEqual({ policy, status: 422, code: 'validation_failed' });
			expect(response.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
		}
	});
});

describe('automatic reminders by email and webhook', () => {
	let smtp: TestSmtp;
	let receiver: Receiver;
	let t: TestEngine;
	const clock = new ManualClock('2026-12-01T09:00:00.000Z');
	beforeAll(async () => {
		smtp = await startSmtp();
		receiver = await startReceiver();
		t = await startTestEngine({ clock, smtpUrl: smtp.url, mailPollIntervalMs: 25, reminderCheckIntervalMs: 25, publicUrl: 'https://sign.acme.test', allowPrivateWebhooks: true });
	});
	afterAll(async () => {
		await t.destroy();
		await smtp.close();
		await receiver.close();
	});

	it('emails the reminder through SMTP when its time comes, by the loop on its own, and tells webhooks which one it is', async () => {
		expect((await t.api.post('/webhooks', { name: 'SMS gateway', url: receiver.url, events: ['signer.reminded'] })).status).toBe(201);
		const { workflowId } = await createReadyDraft(t.api, 'Contrat de travail – Élodie 🇫🇷', { timeZone: 'Europe/Paris', reminderPolicy: { firstAfter: 'P2D', every: 'P1D', max: 1 } });
		expect((await t.api.post(`/workflows/${workflowId}/send`)).status).toBe(200);
		const invitation = (await smtp.waitFor(1))[0];
		expect(to(invitation)).toBe('ann@example.com');

		clock.advance(2 * 24 * 3600_000);
		const [, reminder] = await smtp.waitFor(2);
		expect(reminder).toBeDefined();
		expect(to(reminder)).toBe('ann@example.com');
		expect(reminder.subject).toMatch(/^Reminder: /);
		expect(reminder.subject).toContain('Élodie');
		const events = await until(
			() => t.api.get(`/workflows/${workflowId}/audit`),
			(response) => response.body.events.some((event: { type: string }) => event.type === 'signer.reminded'),
		);
		expect(events.body.events.filter((event: { type: string }) => event.type === 'signer.reminded')).toEqual([
			expect.objectContaining({ actor: { type: 'system', id: null }, data: expect.objectContaining({ automatic: true, reminder: 1, of: 1 }) }),
		]);
		const [hook] = await receiver.waitFor(1);
		expect(hook.body).toMatchObject({
			event: 'signer.reminded',
			data: { automatic: true, reminder: 1, of: 1, signer: { name: 'Ann Lee', email: 'ann@example.com', signingUrl: expect.stringMatching(/^https:\/\/sign\.acme\.test\/sign\//) } },
		});
	});
});

describe('a database from before reminders ran', () => {
	const dataDir = tempDataDir('reminder-upgrade');
	const clock = new ManualClock('2026-12-01T09:00:00.000Z');

	it('schedules the waiting signers of workflows sent earlier, from the policy in the shape that version stored', async () => {
		let t = await startTestEngine({ dataDir, clock, reminderCheckIntervalMs: 600_000 });
		const apiKey = t.api.apiKey!;
		const { workflowId, signerIds } = await createReadyDraft(t.api, 'Vertrag – Ärztekammer 🏥', { timeZone: 'Europe/Berlin', reminderPolicy: { firstAfter: 'P1D', every: 'P1D', max: 1 } });
		expect((await t.api.post(`/workflows/${workflowId}/send`)).status).toBe(200);
		await t.stop();
		// What the earlier version left: no schedules, and the policy as it stored it.
		await takeBackToBefore(dataDir, '013_reminder_schedules');
		await withDatabase(dataDir, (database) => database.run('update workflows set reminder_policy = ? where id = ?', ['{"intervalDays":2,"maxReminders":1}', workflowId]));

		t = await startTestEngine({ dataDir, clock, reminderCheckIntervalMs: 600_000 });
		try {
			const api = t.api.withKey(apiKey);
			expect((await api.get(`/workflows/${workflowId}`)).body.reminderPolicy).toEqual({ firstAfter: 'P2D', every: 'P2D', max: 1 });
			clock.advance(2 * 24 * 3600_000 - 1000);
			expect(await t.engine.reminders.tick()).toBe(0);
			clock.advance(1000);
			expect(await t.engine.reminders.tick()).toBe(1);
			const events = (await api.get(`/workflows/${workflowId}/audit`)).body.events as Array<{ type: string; data: Record<string, unknown> }>;
			expect(events.filter((event) => event.type === 'signer.reminded').map((event) => event.data)).toEqual([
				expect.objectContaining({ signerId: signerIds[0], automatic: true, reminder: 1, of: 1 }),
			]);
		} finally {
			await t.destroy();
		}
	});
});

const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address;
