import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { auditWith } from '../helpers/engine/audit';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver } from '../helpers/engine/receiver';
import { until } from '../helpers/waits';

/*
 * The same engine on the real PostgreSQL server of this machine
 * (127.0.0.1:5432), in a database of its own made for this run.
 */
const ADMIN_URL = process.env.SIGNFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('on PostgreSQL', () => {
	const database = `signflow_${randomBytes(6).toString('hex')}`;
	const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
	const dataDir = tempDataDir('postgres');
	let t: TestEngine;

	beforeAll(async () => {
		const admin = new pg.Client({ connectionString: ADMIN_URL });
		await admin.connect();
		await admin.query(`create database ${database}`);
		await admin.end();
		t = await startTestEngine({ dataDir, databaseUrl, allowPrivateWebhooks: true, webhookPollIntervalMs: 25, finalizePollIntervalMs: 25 });
	});

	afterAll(async () => {
		await t?.stop();
		const admin = new pg.Client({ connectionString: ADMIN_URL });
		await admin.connect();
		await admin.query(`drop database if exists ${database} with (force)`);
		await admin.end();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('runs a signing workflow from draft to sealed document, with its webhooks and audit trail', async () => {
		expect(t.engine.store.dialect).toBe('postgres');
		const receiver = await startReceiver();
		try {
			await t.api.post('/webhooks', { name: 'All', url: receiver.url, events: ['*'], auth: { type: 'none' } });
			const draft = await createReadyDraft(t.api, 'On PostgreSQL');
			const sent = (await t.api.post(`/workflows/${draft.workflowId}/send`)).body;
			await signEveryone(t.api, draft.workflowId, sent.signers);
			const audit = await auditWith(t.api, draft.workflowId, 'workflow.completed', 20_000);
			expect(audit.chain.intact).toBe(true);
			const signed = await t.api.get(`/workflows/${draft.workflowId}/files/${draft.fileId}/content?version=signed`);
			expect(signed.status).toBe(200);
			const delivered = await until(() => receiver.received.map((r) => r.body.event), (events) => events.includes('workflow.completed'));
			expect(delivered).toEqual(expect.arrayContaining(['workflow.created', 'workflow.sent', 'signer.signed', 'workflow.completed']));
			const events = (await t.api.get('/events?limit=500')).body.data;
			expect(events.length).toBeGreaterThanOrEqual(audit.events.length);
		} finally {
			await receiver.close();
		}
	});

	it('keeps everything across a restart, and pages stably', async () => {
		for (const name of ['A', 'B', 'C']) await t.api.post('/workflows', { name });
		const apiKey = t.api.apiKey;
		await t.stop();
		t = await startTestEngine({ dataDir, databaseUrl });
		const api = t.api.withKey(apiKey);
		const first = await api.get('/workflows?limit=2');
		const second = await api.get(`/workflows?limit=2&cursor=${first.body.nextCursor}`);
		expect([...first.body.data, ...second.body.data].map((w: { name: string }) => w.name)).toEqual(['C', 'B', 'A', 'On PostgreSQL']);
	});
});
