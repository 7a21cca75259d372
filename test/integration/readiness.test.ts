import pg from 'pg';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { describeOnly } from '../helpers/engine/storeOnly';
import { POSTGRES_ADMIN_URL } from '../helpers/engine/testDatabase';
import { eventually } from '../helpers/waits';

interface Readiness {
	status: number;
	body: { ready: boolean; reasons?: Array<{ code: string; message: string }> };
}

async function readiness(t: TestEngine): Promise<Readiness> {
	const response = await fetch(`${t.engine.url}/readyz`);
	return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

const codes = (answer: Readiness) => (answer.body.reasons ?? []).map((reason) => reason.code).sort();

/** Short polls, so a pass fails or comes round within a few tens of milliseconds. */
const FAST = { webhookPollIntervalMs: 50, finalizePollIntervalMs: 50, mailPollIntervalMs: 50, expiryCheckIntervalMs: 50, reminderCheckIntervalMs: 50 } as const;

describe('/readyz', () => {
	let t: TestEngine;
	afterEach(() => t?.destroy());

	it('is 200 { ready: true } on a running engine, and /healthz stays liveness', async () => {
		t = await startTestEngine(FAST);
		expect(await readiness(t)).toEqual({ status: 200, body: { ready: true } });
		expect((await fetch(`${t.engine.url}/healthz`)).status).toBe(200);
	});

	it.each([
		['finalization worker', (engine: TestEngine['engine']) => engine.finalizer],
		['expiry scheduler', (engine: TestEngine['engine']) => engine.scheduler],
		['reminder scheduler', (engine: TestEngine['engine']) => engine.reminders],
	] as const)('is 503 while the %s is stopped, and 200 once it runs again', async (name, loop) => {
		t = await startTestEngine(FAST);
		await loop(t.engine).stop();
		const stopped = await readiness(t);
		expect(stopped.status).toBe(503);
		expect(stopped.body).toEqual({ ready: false, reasons: [{ code: 'worker_stopped', message: `The ${name} is stopped.` }] });
		// Liveness is not readiness: the process still answers.
		expect((await fetch(`${t.engine.url}/healthz`)).status).toBe(200);
		await loop(t.engine).start();
		expect(await readiness(t)).toEqual({ status: 200, body: { ready: true } });
	});

	it('is 503 while the webhook or the mail dispatcher is stopped', async () => {
		// An SMTP address nothing listens on: the mail dispatcher runs, and nothing here queues an email.
		t = await startTestEngine({ ...FAST, smtpUrl: 'smtp://127.0.0.1:9' });
		expect((await readiness(t)).status).toBe(200);
		await t.engine.mail!.stop();
		expect((await readiness(t)).body.reasons).toEqual([{ code: 'worker_stopped', message: 'The mail dispatcher is stopped.' }]);
		await t.engine.webhooks.stop();
		expect(codes(await readiness(t))).toEqual(['worker_stopped', 'worker_stopped']);
		expect((await readiness(t)).body.reasons!.map((reason) => reason.message)).toContain('The webhook dispatcher is stopped.');
	});

	describe('an outbox left waiting', () => {
		let receiver: Receiver;
		beforeEach(async () => {
			receiver = await startReceiver();
		});
		afterEach(() => receiver.close());

		it('is 503 once its oldest due item waits past the limit; deliveries a disabled configuration holds do not count', async () => {
			t = await startTestEngine({ ...FAST, allowPrivateWebhooks: true, outboxMaxAgeMs: 1000 });
			const webhook = await t.api.post('/webhooks', { name: 'Équipe RH – 人事 👥', url: receiver.url, events: ['workflow.created'] });
			expect(webhook.status).toBe(201);
			// No dispatcher: what the next workflows cause waits in the outbox.
			await t.engine.webhooks.stop();
			for (const name of ['Arbeitsvertrag – Jürgen', 'Contrat – Zoë 🚀']) expect((await t.api.post('/workflows', { name })).status).toBe(201);
			const stale = await eventually(() => readiness(t), (answer) => codes(answer).includes('outbox_stale'), 10_000);
			expect(stale.status).toBe(503);
			const reason = stale.body.reasons!.find((entry) => entry.code === 'outbox_stale')!;
			expect(reason.message).toMatch(/^The oldest due webhook delivery has waited \d+ s \(limit 1 s\); 2 are due\.$/);
			expect(receiver.received).toHaveLength(0);
			// A disabled configuration holds its deliveries on purpose: they are nobody's backlog.
			expect((await t.api.request('PATCH', `/webhooks/${webhook.body.id}`, { json: { enabled: false } })).status).toBe(200);
			expect(codes(await readiness(t))).toEqual(['worker_stopped']);
		});
	});
});

describeOnly('postgres', 'it cuts the engine off its PostgreSQL database')('/readyz while the database is unreachable', () => {
	let t: TestEngine;
	let admin: pg.Client;
	let database: string;
	beforeAll(async () => {
		t = await startTestEngine(FAST);
		database = new URL(t.engine.config.databaseUrl!).pathname.slice(1);
		admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
		await admin.connect();
	});
	afterAll(async () => {
		await admin?.query(`alter database ${database} with allow_connections true`).catch(() => undefined);
		await admin?.end();
		await t?.destroy();
	});

	it('is 503 saying so (and that the loops fail) while no connection can be made, and 200 after', async () => {
		expect((await readiness(t)).status).toBe(200);
		await admin.query(`alter database ${database} with allow_connections false`);
		await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [database]);

		// Every loop reads the database on each pass: each one's failures are counted, none swallowed.
		const down = await eventually(() => readiness(t), (answer) => codes(answer).filter((code) => code === 'worker_failing').length === 4, 15_000);
		expect(down.status).toBe(503);
		const reasons = down.body.reasons!;
		expect(reasons).toContainEqual({ code: 'database_unreachable', message: 'The database cannot be reached, or did not answer within 2 s.' });
		// The driver's words (host, database name) stay in the log, not on a public endpoint.
		expect(JSON.stringify(reasons)).not.toContain(database);
		expect(JSON.stringify(reasons)).not.toContain('127.0.0.1');
		expect(reasons.filter((entry) => entry.code === 'worker_failing').map((entry) => entry.message.replace(/\d+/, 'N')).sort()).toEqual([
			'The expiry scheduler failed its last N passes (its log says why).',
			'The finalization worker failed its last N passes (its log says why).',
			'The reminder scheduler failed its last N passes (its log says why).',
			'The webhook dispatcher failed its last N passes (its log says why).',
		]);
		expect((await fetch(`${t.engine.url}/healthz`)).status).toBe(503);

		await admin.query(`alter database ${database} with allow_connections true`);
		expect(await eventually(() => readiness(t), (answer) => answer.status === 200, 15_000)).toEqual({ status: 200, body: { ready: true } });
		expect((await t.api.post('/workflows', { name: 'Après la panne – Zoë' })).status).toBe(201);
	});
});
