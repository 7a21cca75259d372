import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 25 });
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, any>);

async function run(parameters: Record<string, unknown>, options?: { continueOnFail?: boolean }) {
	const result = await runSignflowNode(parameters, credentials, undefined, options);
	if (result.error) throw result.error;
	return json(result.items);
}

/** Signed by Zoë through the API, its signed PDF made. */
async function signedWorkflow(name: string): Promise<string> {
	const workflowId = (await t.api.post('/workflows', { name })).body.id as string;
	const file = (await t.api.upload(workflowId, 'contrat.pdf', fixturePdf('a4-1page.pdf'))).body;
	const signer = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Zoë Müller', email: 'zoe@example.com' })).body;
	const field = (await t.api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
	const sent = (await t.api.post(`/workflows/${workflowId}/send`)).body;
	await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Zoë Müller' } } });
	await until(() => t.api.get(`/workflows/${workflowId}`), (response) => response.body.finalization?.status === 'done', 30_000);
	return workflowId;
}

describe('Signing Workflow: Purge', () => {
	it('purges the documents and personal data of a finished workflow; its downloads are gone', async () => {
		const workflowId = await signedWorkflow('Contrat – Zoë 📄');
		const [purged] = await run({ resource: 'workflow', operation: 'purge', workflowId, scope: 'documents_and_personal_data' });
		expect(purged).toMatchObject({ id: workflowId, purgedAt: expect.any(String), purgeScope: 'documents_and_personal_data', signers: [expect.objectContaining({ name: '', email: '' })] });
		const download = await t.api.get(`/workflows/${workflowId}/files/${purged.files[0].id}/content`);
		expect([download.status, download.body.error.code]).toEqual([410, 'document_purged']);
		const [trail] = await run({ resource: 'workflow', operation: 'getAuditTrail', workflowId });
		expect(trail.chain.intact).toBe(true);
	}, 60_000);

	it('refuses an unfinished workflow with the engine\'s code, or outputs the error with Continue On Fail', async () => {
		const workflowId = (await t.api.post('/workflows', { name: 'Brouillon' })).body.id as string;
		const result = await runSignflowNode({ resource: 'workflow', operation: 'purge', workflowId, scope: 'documents' }, credentials);
		expect(result.error?.name).toBe('NodeApiError');
		expect((result.error as unknown as { description: string }).description).toMatch(/^Signflow error "workflow_not_finished"/);
		expect((result.error as unknown as { httpCode: string }).httpCode).toBe('409');
		const [failed] = await run({ resource: 'workflow', operation: 'purge', workflowId, scope: 'documents' }, { continueOnFail: true });
		expect(failed.error).toMatch(/Only a finished signing workflow can be purged/);
	});
});

describe('Organization', () => {
	it('gets and updates the settings', async () => {
		const [before] = await run({ resource: 'organization', operation: 'get' });
		expect(before).toMatchObject({ id: t.organizationId, webhookOrganizationHeader: 'x-organization-id', retention: { days: null } });
		const [after] = await run({
			resource: 'organization',
			operation: 'update',
			updateFields: { adminEmail: 'ops@exemple.fr', webhookOrganizationHeader: 'organisation_id', retentionDays: 90, retentionScope: 'documents_and_personal_data' },
		});
		expect(after).toMatchObject({ adminEmail: 'ops@exemple.fr', webhookOrganizationHeader: 'organisation_id', retention: { days: 90, scope: 'documents_and_personal_data' } });
		const result = await runSignflowNode({ resource: 'organization', operation: 'update', updateFields: { webhookOrganizationHeader: 'organisation id' } }, credentials);
		expect((result.error as unknown as { httpCode: string }).httpCode).toBe('422');
		const [cleared] = await run({ resource: 'organization', operation: 'update', updateFields: { adminEmail: '', retentionDays: 0 } });
		expect(cleared).toMatchObject({ adminEmail: null, retention: { days: null } });
		// Draft retention alone: the purge's days stay as they are.
		const [drafts] = await run({ resource: 'organization', operation: 'update', updateFields: { draftRetentionDays: 45 } });
		expect(drafts).toMatchObject({ retention: { days: null, draftDays: 45 } });
		const [withDays] = await run({ resource: 'organization', operation: 'update', updateFields: { retentionDays: 10 } });
		expect(withDays).toMatchObject({ retention: { days: 10, draftDays: 45 } });
		const [forever] = await run({ resource: 'organization', operation: 'update', updateFields: { draftRetentionDays: 0 } });
		expect(forever).toMatchObject({ retention: { days: 10, draftDays: null } });
	});
});
