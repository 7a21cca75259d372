import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { selfSignedP12 } from '../../engine/pdf/sealIdentity';
import { ApiClient } from '../helpers/engine/apiClient';
import { auditWith } from '../helpers/engine/audit';
import { removeBlob } from '../helpers/engine/blobs';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig } from '../helpers/pdf/pdfTools';
import { p12ThatCannotSign } from '../helpers/pdf/seals';
import { until } from '../helpers/waits';

/** A one-signer workflow, signed: finalization starts right after. */
async function signedWorkflow(api: ApiClient) {
	const workflow = (await api.post('/workflows', { name: 'Options' })).body;
	const file = (await api.upload(workflow.id, 'a.pdf', fixturePdf('a4-1page.pdf'))).body;
	const signer = (await api.post(`/workflows/${workflow.id}/signers`, { name: 'Ann', email: 'ann@example.com' })).body;
	const field = (await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
	const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
	const signed = await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Ann' } } });
	expect(signed.body.state).toBe('completed');
	return { workflowId: workflow.id as string, fileId: file.id as string, sha256: file.sha256 as string };
}

describe("an operator's PKCS#12 seal certificate", () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-p12-'));
	let t: TestEngine;
	beforeAll(async () => {
		const file = path.join(dir, 'operator.p12');
		writeFileSync(file, selfSignedP12('Operator Trust Services', 's3cret'));
		t = await startTestEngine({ sealP12File: file, sealP12Password: 's3cret', finalizePollIntervalMs: 50 });
	});
	afterAll(async () => {
		await t.destroy();
		rmSync(dir, { recursive: true, force: true });
	});

	it('seals every document with it', async () => {
		const { workflowId, fileId } = await signedWorkflow(t.api);
		await auditWith(t.api, workflowId, 'workflow.completed');
		const signed = await t.api.get(`/workflows/${workflowId}/files/${fileId}/content?version=signed`);
		const report = pdfsig(signed.bytes);
		expect(report).toContain('Signer Certificate Common Name: Operator Trust Services (Signflow seal)');
		expect(report).toContain('Signature is Valid.');
	});

	it('refuses to start with a wrong password, saying why', async () => {
		await expect(
			startTestEngine({ sealP12File: path.join(dir, 'operator.p12'), sealP12Password: 'wrong' }),
		).rejects.toThrow(/seal certificate file cannot be opened/);
	});
});

describe('a finalization that fails', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [100, 100, 100, 100, 100, 100, 100, 100] });
	});
	afterAll(() => t.destroy());

	it('is retried, records its error, and succeeds once the cause is gone; nothing is announced before', async () => {
		const original = fixturePdf('a4-1page.pdf');
		const sha = createHash('sha256').update(original).digest('hex');
		const workflow = (await t.api.post('/workflows', { name: 'Retry' })).body;
		const workflowId = workflow.id as string;
		const file = (await t.api.upload(workflowId, 'a.pdf', original)).body;
		const signer = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Ann', email: 'ann@example.com' })).body;
		const field = (await t.api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sent = (await t.api.post(`/workflows/${workflowId}/send`)).body;
		// The stored original goes missing for a while, as on a full or unmounted disk.
		await removeBlob(t.dataDir, sha);
		await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Ann' } } });

		const job = async () => {
			const [row] = await withDatabase(t.dataDir, (database) =>
				database.all<{ status: string; attempts: number; lastError: string | null }>(
					'select status, attempts, last_error as "lastError" from finalizations where workflow_id = ?',
					[workflowId],
				),
			);
			return row;
		};
		const failing = await until(() => job(), (state) => state.attempts >= 2);
		expect(failing).toMatchObject({ status: 'pending', lastError: expect.stringContaining(`Blob ${sha} is missing`) });
		const detail = (await t.api.get(`/workflows/${workflowId}`)).body;
		expect(detail.status).toBe('completed');
		expect(detail.files[0].signedSha256).toBeNull();
		// The API shows the job's state, so a caller can tell "still being sealed" from "sealing fails".
		expect(detail.finalization).toEqual({
			status: 'pending',
			attempts: expect.any(Number),
			lastError: expect.stringContaining(`Blob ${sha} is missing`),
			nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			finishedAt: null,
		});
		expect(detail.finalization.attempts).toBeGreaterThanOrEqual(2);
		expect((await t.api.get(`/workflows/${workflowId}/audit`)).body.events.map((e: { type: string }) => e.type)).not.toContain('workflow.completed');

		await t.engine.blobs.put(original);
		const audit = await auditWith(t.api, workflowId, 'workflow.completed');
		expect(audit.events.filter((event) => event.type === 'workflow.completed')).toHaveLength(1);
		expect(await job()).toMatchObject({ status: 'done', lastError: null });
		expect((await t.api.get(`/workflows/${workflowId}`)).body.finalization).toEqual({
			status: 'done',
			attempts: expect.any(Number),
			lastError: null,
			nextAttemptAt: null,
			finishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
	});
});

describe('a seal certificate that cannot sign', () => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-p12-'));
	let t: TestEngine;
	beforeAll(async () => {
		const file = path.join(dir, 'broken.p12');
		writeFileSync(file, p12ThatCannotSign('Brøken Seal 印章', 'pw'));
		// No retries: the first failure is final.
		t = await startTestEngine({ sealP12File: file, sealP12Password: 'pw', finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [] });
	});
	afterAll(async () => {
		await t.destroy();
		rmSync(dir, { recursive: true, force: true });
	});

	it('leaves the job failed, with the reason in GET /workflows/{id} for its own organization only', async () => {
		const workflow = (await t.api.post('/workflows', { name: 'Never sealed' })).body;
		expect(workflow.finalization).toBeNull();
		const draft = (await t.api.get(`/workflows/${workflow.id}`)).body;
		expect(draft.finalization).toBeNull();

		const { workflowId } = await signedWorkflow(t.api);
		const failed = await until(
			async () => (await t.api.get(`/workflows/${workflowId}`)).body,
			(detail) => detail.finalization?.status === 'failed',
		);
		expect(failed).toMatchObject({ status: 'completed', files: [{ signedSha256: null }] });
		expect(failed.finalization).toEqual({
			status: 'failed',
			attempts: 1,
			lastError: expect.stringMatching(/^Sealing with the certificate "Brøken Seal 印章" failed: /),
			nextAttemptAt: null,
			finishedAt: null,
		});
		const other = await t.newOrganization('Other Org');
		expect((await other.api.get(`/workflows/${workflowId}`)).status).toBe(404);
	});
});

describe('a finalization that fails for good', () => {
	let t: TestEngine;
	let smtp: TestSmtp;
	let receiver: Receiver;
	beforeAll(async () => {
		smtp = await startSmtp();
		receiver = await startReceiver();
		t = await startTestEngine({ finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [50, 50], smtpUrl: smtp.url, mailPollIntervalMs: 25, allowPrivateWebhooks: true, webhookPollIntervalMs: 25 });
	});
	afterAll(async () => {
		await t.destroy();
		await smtp.close();
		await receiver.close();
	});

	/** A workflow signed after its stored original was lost (a disk replaced without its blobs): its finalization fails. */
	async function signedWithoutItsPdf(api: ApiClient, original: Buffer): Promise<{ workflowId: string; sha: string }> {
		const sha = createHash('sha256').update(original).digest('hex');
		const workflowId = (await api.post('/workflows', { name: 'Arbeitsvertrag – Zoë' })).body.id as string;
		const file = (await api.upload(workflowId, 'vertrag.pdf', original)).body;
		const signer = (await api.post(`/workflows/${workflowId}/signers`, { name: 'Zoë Müller', email: 'zoe@example.com' })).body;
		const field = (await api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sent = (await api.post(`/workflows/${workflowId}/send`)).body;
		await removeBlob(t.dataDir, sha);
		await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Zoë Müller' } } });
		return { workflowId, sha };
	}

	it('is announced: workflow.finalization_failed to the webhooks and an alert to the admin, never silence', async () => {
		const { organizationId, api } = await (async () => {
			const { organization, apiKey } = await t.engine.service.createOrganization({ name: 'Société Générale – RH', adminEmail: 'ops@example.com' });
			return { organizationId: organization.id, api: new ApiClient(t.engine.url, apiKey) };
		})();
		await api.post('/webhooks', { name: 'n8n', url: receiver.url, events: ['workflow.completed', 'workflow.finalization_failed'], auth: { type: 'none' } });
		const { workflowId, sha } = await signedWithoutItsPdf(api, fixturePdf('letter-3pages.pdf'));

		const audit = await auditWith(api, workflowId, 'workflow.finalization_failed', 20_000);
		const failed = audit.events.find((event) => event.type === 'workflow.finalization_failed')!;
		expect(failed.data).toMatchObject({ attempts: 3, reason: expect.stringContaining(`Blob ${sha} is missing`) });
		expect(audit.events.map((event) => event.type)).not.toContain('workflow.completed');

		const delivered = await until(() => receiver.received.map((request) => request.body), (bodies) => bodies.some((body) => body.event === 'workflow.finalization_failed'), 20_000);
		expect(delivered.find((body) => body.event === 'workflow.finalization_failed')!.data).toMatchObject({ organizationId, workflowId, attempts: 3 });

		const isAlert = (mail: TestSmtp['messages'][number]) => mail.headers.get('x-signflow-email') === 'finalization_failed';
		const alerts = (await until(() => smtp.messages.filter(isAlert), (found) => found.length > 0, 20_000));
		expect(alerts).toHaveLength(1);
		expect(alerts[0].subject).toBe('Société Générale – RH: the signed PDF of "Arbeitsvertrag – Zoë" could not be made');
		expect(alerts[0].text).toContain('after 3 attempts');
	}, 60_000);

	it('is made again on request once its cause is mended: workflow.finalization_retried, then workflow.completed and a sealed PDF', async () => {
		const { organizationId, api } = await t.newOrganization('Ωmega Ψ — 合同 🗂️');
		const original = fixturePdf('a4-1page.pdf');
		const { workflowId } = await signedWithoutItsPdf(api, original);
		await auditWith(api, workflowId, 'workflow.finalization_failed', 20_000);
		const early = await api.post(`/workflows/${workflowId}/finalization/retry`);
		// Still missing: retrying now fails again, with a fresh set of attempts.
		expect(early.status).toBe(200);
		expect(early.body.finalization).toMatchObject({ status: 'pending', attempts: 0 });
		await until(async () => (await api.get(`/workflows/${workflowId}`)).body.finalization, (state) => state.status === 'failed', 20_000);

		await t.engine.blobs.put(original);
		const retried = await api.post(`/workflows/${workflowId}/finalization/retry`);
		expect(retried.status).toBe(200);
		expect(retried.body.finalization).toMatchObject({ status: 'pending', attempts: 0 });
		const audit = await auditWith(api, workflowId, 'workflow.completed', 20_000);
		const types = audit.events.map((event) => event.type);
		expect(types.filter((type) => type === 'workflow.finalization_retried')).toHaveLength(2);
		expect(types.indexOf('workflow.completed')).toBeGreaterThan(types.lastIndexOf('workflow.finalization_retried'));
		const retriedEvent = audit.events.filter((event) => event.type === 'workflow.finalization_retried')[1];
		expect(retriedEvent.data).toMatchObject({ previousAttempts: 3, previousError: expect.stringContaining('is missing') });
		expect(audit.chain.intact).toBe(true);

		const detail = (await api.get(`/workflows/${workflowId}`)).body;
		expect(detail.finalization).toMatchObject({ status: 'done', lastError: null });
		const signed = await api.get(`/workflows/${workflowId}/files/${detail.files[0].id}/content?version=signed`);
		expect(signed.status).toBe(200);
		expect(pdfsig(signed.bytes)).toContain('Signature Validation: Signature is Valid.');

		const again = await api.post(`/workflows/${workflowId}/finalization/retry`);
		expect([again.status, again.body.error.code]).toEqual([409, 'finalization_not_failed']);
		const draft = (await api.post('/workflows', { name: 'Entwurf' })).body.id as string;
		expect((await api.post(`/workflows/${draft}/finalization/retry`)).body.error.code).toBe('finalization_not_failed');
		const other = await t.newOrganization('Other Org');
		expect((await other.api.post(`/workflows/${workflowId}/finalization/retry`)).status).toBe(404);
		expect(organizationId).not.toBe(other.organizationId);
	}, 60_000);
});
