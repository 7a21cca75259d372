import { rmSync } from 'node:fs';
import { auditWith } from '../helpers/engine/audit';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver } from '../helpers/engine/receiver';
import { describeOnly } from '../helpers/engine/storeOnly';
import { until } from '../helpers/waits';

/*
 * The same engine on the real PostgreSQL server of this machine (127.0.0.1:5432), in a database
 * of its own made for this run: the PostgreSQL pass of `npm test` (SIGNFLOW_TEST_DB=postgres)
 * runs every integration test so; this one checks that it really is PostgreSQL underneath.
 */
describeOnly('postgres', 'it checks the PostgreSQL store itself')('on PostgreSQL', () => {
	const dataDir = tempDataDir('postgres');
	let t: TestEngine;

	beforeAll(async () => {
		t = await startTestEngine({ dataDir, allowPrivateWebhooks: true, webhookPollIntervalMs: 25, finalizePollIntervalMs: 25 });
	});

	afterAll(async () => {
		await t?.destroy();
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
		t = await startTestEngine({ dataDir });
		const api = t.api.withKey(apiKey);
		const first = await api.get('/workflows?limit=2');
		const second = await api.get(`/workflows?limit=2&cursor=${first.body.nextCursor}`);
		expect([...first.body.data, ...second.body.data].map((w: { name: string }) => w.name)).toEqual(['C', 'B', 'A', 'On PostgreSQL']);
	});
});
