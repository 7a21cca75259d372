import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { blobStored, diskBlobPath, removeBlob } from '../helpers/engine/blobs';
import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

const DAY = 86_400_000;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A one-signer workflow signed by Zoë, its signed file made (finalization done). */
async function completedWorkflow(api: ApiClient, pdf: Buffer, name = 'Arbeitsvertrag – Zoë Müller') {
	const workflowId = (await api.post('/workflows', { name })).body.id as string;
	const file = (await api.upload(workflowId, 'vertrag-ñ.pdf', pdf)).body;
	const signer = (await api.post(`/workflows/${workflowId}/signers`, { name: 'Zoë Müller', email: 'zoe@example.com' })).body;
	const field = (await api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
	const sent = (await api.post(`/workflows/${workflowId}/send`)).body;
	const signed = await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Zoë Müller 🖋' } } });
	expect(signed.body.state).toBe('completed');
	const detail = await until(() => api.get(`/workflows/${workflowId}`), (response) => response.body.finalization?.status === 'done', 30_000);
	return { workflowId, fileId: file.id as string, signerId: signer.id as string, original: file.sha256 as string, signed: detail.body.files[0].signedSha256 as string };
}

/** A sent workflow, cancelled at once: a finished workflow without finalization. */
async function cancelledWorkflow(api: ApiClient, name: string) {
	const workflowId = (await api.post('/workflows', { name })).body.id as string;
	const file = (await api.upload(workflowId, 'offre.pdf', fixturePdf('a4-1page.pdf'))).body;
	const signer = (await api.post(`/workflows/${workflowId}/signers`, { name: 'محمد علي', email: 'm.ali@example.com' })).body;
	await api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 });
	expect((await api.post(`/workflows/${workflowId}/send`)).status).toBe(200);
	expect((await api.post(`/workflows/${workflowId}/cancel`, { reason: 'Poste pourvu' })).status).toBe(200);
	return workflowId;
}

describe('purge on request', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ finalizePollIntervalMs: 25 });
	});
	afterAll(() => t.destroy());

	it('deletes the documents, keeps their hashes and the audit chain, answers 410 for downloads, and keeps a blob another workflow names', async () => {
		const pdf = fixturePdf('a4-1page.pdf');
		const done = await completedWorkflow(t.api, pdf);
		// An unfinished draft of the same organization holds the same original bytes (content-addressed: one blob).
		const draft = (await t.api.post('/workflows', { name: 'Brouillon – 草稿' })).body.id as string;
		expect((await t.api.upload(draft, 'same.pdf', pdf)).body.sha256).toBe(done.original);
		expect([await blobStored(t.dataDir, done.original), await blobStored(t.dataDir, done.signed)]).toEqual([true, true]);

		const purged = await t.api.post(`/workflows/${done.workflowId}/purge`, { scope: 'documents' });
		expect(purged.status).toBe(200);
		expect(purged.body).toMatchObject({ purgedAt: expect.any(String), purgeScope: 'documents', status: 'completed' });
		expect(purged.body.files[0]).toMatchObject({ sha256: done.original, signedSha256: done.signed });

		expect(await blobStored(t.dataDir, done.signed)).toBe(false);
		if (TEST_DB === 'sqlite') expect(existsSync(diskBlobPath(t.dataDir, done.signed))).toBe(false);
		// Still named by the draft.
		expect(await blobStored(t.dataDir, done.original)).toBe(true);
		expect((await t.api.get(`/workflows/${draft}/files/${(await t.api.get(`/workflows/${draft}`)).body.files[0].id}/content`)).status).toBe(200);

		for (const version of ['original', 'signed']) {
			const download = await t.api.get(`/workflows/${done.workflowId}/files/${done.fileId}/content?version=${version}`);
			expect([download.status, download.body.error?.code]).toEqual([410, 'document_purged']);
		}
		const audit = (await t.api.get(`/workflows/${done.workflowId}/audit`)).body;
		expect(audit.chain).toMatchObject({ intact: true, brokenAt: null });
		const event = audit.events.find((candidate: { type: string }) => candidate.type === 'workflow.purged');
		expect(event.data).toMatchObject({ scope: 'documents', trigger: 'request', files: [{ fileId: done.fileId, sha256: done.original, signedSha256: done.signed }] });
		// Personal data stays with this scope.
		expect(audit.events.find((candidate: { type: string }) => candidate.type === 'signer.added').data).toMatchObject({ name: 'Zoë Müller', email: 'zoe@example.com' });

		expect((await t.api.post(`/workflows/${done.workflowId}/purge`, { scope: 'documents' })).body.error.code).toBe('workflow_already_purged');
		const notFinished = await t.api.post(`/workflows/${draft}/purge`, {});
		expect([notFinished.status, notFinished.body.error.code]).toEqual([409, 'workflow_not_finished']);
		expect((await t.api.post(`/workflows/${done.workflowId}/purge`, { scope: 'everything' })).status).toBe(422);
		const other = await t.newOrganization('Autre – その他');
		expect((await other.api.post(`/workflows/${done.workflowId}/purge`, {})).status).toBe(404);
	}, 90_000);

	it('with personal data: blanks names, emails, IPs and values (ids kept), deletes every blob, and the chain still verifies', async () => {
		const done = await completedWorkflow(t.api, fixturePdf('letter-3pages.pdf'), 'Contrat de travail – Zoë');
		const before = (await t.api.get(`/workflows/${done.workflowId}/audit`)).body;
		expect(before.events.some((event: { ip: string | null }) => event.ip !== null)).toBe(true);

		const purged = await t.api.post(`/workflows/${done.workflowId}/purge`, { scope: 'documents_and_personal_data' });
		expect(purged.status).toBe(200);
		expect(purged.body).toMatchObject({ purgeScope: 'documents_and_personal_data', name: 'Contrat de travail – Zoë' });
		expect(purged.body.signers).toEqual([expect.objectContaining({ id: done.signerId, name: '', email: '', status: 'signed' })]);
		expect([await blobStored(t.dataDir, done.original), await blobStored(t.dataDir, done.signed)]).toEqual([false, false]);
		if (TEST_DB === 'sqlite') expect([existsSync(diskBlobPath(t.dataDir, done.original)), existsSync(diskBlobPath(t.dataDir, done.signed))]).toEqual([false, false]);

		const audit = (await t.api.get(`/workflows/${done.workflowId}/audit`)).body;
		expect(audit.chain).toMatchObject({ intact: true, brokenAt: null });
		expect(audit.events.map((event: { hash: string }) => event.hash).slice(0, before.events.length)).toEqual(before.events.map((event: { hash: string }) => event.hash));
		// Only the purge itself keeps where it came from (the API caller's, not a signer's).
		const located = audit.events.filter((event: { ip: string | null; userAgent: string | null }) => event.ip !== null || event.userAgent !== null);
		expect(located.map((event: { type: string }) => event.type)).toEqual(['workflow.purged']);
		const text = JSON.stringify(audit.events);
		expect(text).not.toContain('zoe@example.com');
		expect(text).not.toContain('Zoë Müller');
		expect(audit.events.find((event: { type: string }) => event.type === 'signer.added').data).toMatchObject({ signerId: done.signerId, name: null, email: null });
		expect(audit.events.at(-1)).toMatchObject({ type: 'workflow.purged', data: { scope: 'documents_and_personal_data', redactedThrough: before.events.length } });
		expect((await t.api.get(`/workflows/${done.workflowId}/files/${done.fileId}/content`)).status).toBe(410);
	}, 90_000);
});

describe('retention', () => {
	const clock = new ManualClock('2026-03-01T08:00:00.000Z');
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ clock, finalizePollIntervalMs: 25, retentionCheckIntervalMs: 20 });
	});
	afterAll(() => t.destroy());

	it('purges a finished workflow N days after it ended, not before, with the organization\'s scope', async () => {
		expect((await t.api.request('PATCH', '/organization', { json: { retention: { days: 30, scope: 'documents_and_personal_data' } } })).status).toBe(200);
		const cancelled = await cancelledWorkflow(t.api, 'Offre annulée – 取消');
		const draft = (await t.api.post('/workflows', { name: 'Jamais envoyé' })).body.id as string;
		const original = sha256(fixturePdf('a4-1page.pdf'));

		clock.advance(30 * DAY - 60_000);
		// A pass of the sweep (what the loop runs) finds nothing due a minute early.
		expect(await t.engine.service.purgeDueWorkflows()).toBe(0);
		expect((await t.api.get(`/workflows/${cancelled}`)).body.purgedAt).toBeNull();

		clock.advance(120_000);
		const purged = await until(() => t.api.get(`/workflows/${cancelled}`), (response) => response.body.purgedAt !== null, 20_000);
		expect(purged.body).toMatchObject({ purgeScope: 'documents_and_personal_data', signers: [expect.objectContaining({ name: '', email: '' })] });
		// The bytes go once the purge has committed.
		await until(() => blobStored(t.dataDir, original), (stored) => !stored, 20_000);
		const audit = await auditWith(t.api, cancelled, 'workflow.purged');
		expect(audit.chain.intact).toBe(true);
		expect(audit.events.filter((event) => event.type === 'workflow.purged')).toEqual([expect.objectContaining({ actor: { type: 'system', id: null }, data: expect.objectContaining({ trigger: 'retention' }) })]);
		expect((await t.api.get(`/workflows/${draft}`)).body.purgedAt).toBeNull();
		// Nothing is purged twice.
		expect(await t.engine.service.purgeDueWorkflows()).toBe(0);
	}, 60_000);
});

describe('organization settings', () => {
	let t: TestEngine;
	let receiver: Receiver;
	let smtp: TestSmtp;
	beforeAll(async () => {
		receiver = await startReceiver();
		smtp = await startSmtp();
		t = await startTestEngine({
			allowPrivateWebhooks: true,
			webhookPollIntervalMs: 25,
			smtpUrl: smtp.url,
			mailPollIntervalMs: 25,
			finalizePollIntervalMs: 25,
			finalizeRetryDelaysMs: [50],
		});
	});
	afterAll(async () => {
		await t.destroy();
		await receiver.close();
		await smtp.close();
	});

	it('round-trips, refuses bad values with 422, and is what new workflows and webhooks use', async () => {
		const initial = (await t.api.get('/organization')).body;
		expect(initial).toMatchObject({ id: t.organizationId, adminEmail: null, webhookOrganizationHeader: 'x-organization-id', defaultReminderPolicy: null, retention: { days: null, scope: 'documents' } });

		for (const bad of [
			{ webhookOrganizationHeader: 'organisation id' },
			{ webhookOrganizationHeader: 'organisation:id' },
			{ webhookOrganizationHeader: 'Content-Type' },
			{ webhookOrganizationHeader: '' },
			{ adminEmail: 'pas-une-adresse' },
			{ retention: { days: 0 } },
			{ retention: { days: 30, scope: 'everything' } },
			{ defaultReminderPolicy: { nonsense: true } },
			{ unknown: 1 },
		]) {
			const refused = await t.api.request('PATCH', '/organization', { json: bad });
			expect([JSON.stringify(bad), refused.status, refused.body.error?.code]).toEqual([JSON.stringify(bad), 422, expect.any(String)]);
		}
		expect((await t.api.get('/organization')).body).toEqual(initial);

		// Given in the older shape, kept and answered in today's (reminderPolicy.ts).
		const policy = { intervalDays: 2, maxReminders: 3 };
		const asStored = { firstAfter: 'P2D', every: 'P2D', max: 3 };
		const changed = await t.api.request('PATCH', '/organization', {
			json: { webhookOrganizationHeader: 'organisation_id', defaultReminderPolicy: policy, retention: { days: 3650 }, name: 'Ñandú & Söhne – 会社' },
		});
		expect(changed.status).toBe(200);
		const expected = { webhookOrganizationHeader: 'organisation_id', defaultReminderPolicy: asStored, retention: { days: 3650, scope: 'documents' }, name: 'Ñandú & Söhne – 会社', adminEmail: null };
		expect(changed.body).toMatchObject(expected);
		expect((await t.api.get('/organization')).body).toMatchObject(expected);
		expect((await t.api.get('/me')).body.organization).toMatchObject(expected);

		// New workflows without a policy take the default; one that names its own keeps it.
		expect((await t.api.post('/workflows', { name: 'Défaut' })).body.reminderPolicy).toEqual(asStored);
		const own = { firstAfter: 'PT36H', every: 'P5D', max: 1 };
		expect((await t.api.post('/workflows', { name: 'Propre', reminderPolicy: own })).body.reminderPolicy).toEqual(own);

		await t.api.post('/webhooks', { name: 'SIGN8 receiver', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } });
		const workflowId = (await t.api.post('/workflows', { name: 'Webhook – 🔔' })).body.id as string;
		const [delivery] = (await until(() => receiver.received.filter((request) => request.body.data?.workflowId === workflowId), (found) => found.length > 0, 20_000));
		expect(delivery.headers.organisation_id).toBe(t.organizationId);
		expect(delivery.headers['x-organization-id']).toBeUndefined();

		// Back to the default: null is not a header name, the default is given by name.
		expect((await t.api.request('PATCH', '/organization', { json: { webhookOrganizationHeader: 'x-organization-id', defaultReminderPolicy: null } })).body).toMatchObject({
			webhookOrganizationHeader: 'x-organization-id',
			defaultReminderPolicy: null,
		});
		expect((await t.api.post('/workflows', { name: 'Sans rappel' })).body.reminderPolicy).toBeNull();
	}, 60_000);

	it('sends the finalization failure alert to the admin email once it is set', async () => {
		expect((await t.api.request('PATCH', '/organization', { json: { adminEmail: 'alertes@exemple.fr' } })).body.adminEmail).toBe('alertes@exemple.fr');
		const original = fixturePdf('letter-3pages.pdf');
		const workflowId = (await t.api.post('/workflows', { name: 'Vertrag – Zoë' })).body.id as string;
		const file = (await t.api.upload(workflowId, 'vertrag.pdf', original)).body;
		const signer = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Zoë Müller', email: 'zoe@example.com' })).body;
		const field = (await t.api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sent = (await t.api.post(`/workflows/${workflowId}/send`)).body;
		// As in finalizationOptions.test.ts: the stored original is gone, so the signed PDF cannot be made.
		await removeBlob(t.dataDir, sha256(original));
		await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Zoë Müller' } } });

		const isAlert = (mail: TestSmtp['messages'][number]) => mail.headers.get('x-signflow-email') === 'finalization_failed';
		const alerts = await until(() => smtp.messages.filter(isAlert), (found) => found.length > 0, 30_000);
		expect(alerts).toHaveLength(1);
		expect(alerts[0].to).toMatchObject({ value: [expect.objectContaining({ address: 'alertes@exemple.fr' })] });
		expect(alerts[0].subject).toContain('Vertrag – Zoë');
	}, 60_000);
});
