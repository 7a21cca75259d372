import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NodeHelpers, type ICredentialDataDecryptedObject, type INode, type INodeExecutionData } from 'n8n-workflow';
import { stopEmbeddedEngines } from '../../engine/runtime/embedded';
import { resources } from '../../nodes/Signflow/actions/resources';
import { ITEMS_IN_FLIGHT } from '../../nodes/Signflow/actions/router';
import { Signflow } from '../../nodes/Signflow/Signflow.node';
import { SignflowTrigger } from '../../nodes/SignflowTrigger/SignflowTrigger.node';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { PNG_1PX, SignerClient } from '../helpers/engine/signerClient';
import { listSearch, loadOptions, runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { p12ThatCannotSign } from '../helpers/pdf/seals';

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;
const PDF = () => ({ data: fixturePdf('letter-3pages.pdf'), fileName: 'contract.pdf', mimeType: 'application/pdf' });

beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 50 });
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	await stopEmbeddedEngines();
	shutdownN8nCore();
});

async function run(parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2], options?: { continueOnFail?: boolean }) {
	const result = await runSignflowNode(parameters, credentials, input, options);
	if (result.error) throw result.error;
	return result.items;
}

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, any>);

/** A one-signer signing workflow, sent and signed by Ann: its finalization starts right after. */
async function signedByAnn(remote: ICredentialDataDecryptedObject, name: string) {
	const runOn = async (parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2]) => {
		const result = await runSignflowNode(parameters, remote, input);
		if (result.error) throw result.error;
		return json(result.items);
	};
	const [workflow] = await runOn({ resource: 'workflow', operation: 'add', name, additionalFields: {} });
	const workflowId = workflow.id as string;
	const [file] = await runOn({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, [{ json: {}, binary: { data: PDF() } }]);
	const [signer] = await runOn({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' });
	const [field] = await runOn({ resource: 'signature', operation: 'add', workflowId, fileId: file.id, signerId: signer.id, page: 1, x: 72, y: 72, width: 180, height: 50, kind: 'signature', required: true });
	const [sent] = await runOn({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' });
	await new SignerClient(sent.signingLinks[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Ann' } } });
	return { workflowId };
}

async function draft(name = 'Offer') {
	const [workflow] = json(await run({ resource: 'workflow', operation: 'add', name, additionalFields: {} }));
	const [file] = json(await run({ resource: 'file', operation: 'add', workflowId: workflow.id, source: 'binary', binaryPropertyName: 'data', fileName: '' }, [{ json: {}, binary: { data: PDF() } }]));
	return { workflowId: workflow.id as string, fileId: file.id as string };
}

describe('Signing Workflow', () => {
	it('adds a draft with every additional field', async () => {
		const [workflow] = json(
			await run({
				resource: 'workflow',
				operation: 'add',
				name: 'Employment contract',
				additionalFields: {
					message: 'Welcome!',
					expiresAt: '2099-01-31T17:00:00.000Z',
					timeZone: 'Europe/Berlin',
					requestFrom: 'HRPortal',
					metadata: '{"candidateId": "C-7"}',
					allowDelegation: true,
				},
			}),
		);
		expect(workflow).toMatchObject({
			status: 'draft',
			allowDelegation: true,
			name: 'Employment contract',
			message: 'Welcome!',
			expiresAt: '2099-01-31T17:00:00.000Z',
			timeZone: 'Europe/Berlin',
			requestFrom: 'HRPortal',
			metadata: { candidateId: 'C-7' },
		});
	});

	it('gets one, and many with a status filter and Return All paging past 100', async () => {
		const { organizationId, api } = await t.newOrganization('Paging Org');
		for (let index = 0; index < 105; index += 1)
			await t.engine.service.createWorkflow({ organizationId, apiKeyId: 'x', mode: 'live' }, { name: `W${index}`, timeZone: 'UTC', metadata: {} }, { actor: { type: 'system', id: null }, ip: null, userAgent: null });
		const paging = { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! };
		const all = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, paging);
		expect(all.items).toHaveLength(105);
		expect(new Set(all.items.map((item) => item.json.id)).size).toBe(105);
		const some = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: false, limit: 7, filters: { status: 'draft' } }, paging);
		expect(some.items).toHaveLength(7);
		const sent = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: { status: 'sent' } }, paging);
		expect(sent.items).toHaveLength(0);
		const one = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: all.items[0].json.id }, paging);
		expect(one.items[0].json).toMatchObject({ id: all.items[0].json.id, files: [], signers: [] });
	});

	it('sends, with each signing link in the output, or one item per signer', async () => {
		const { workflowId, fileId } = await draft();
		for (const name of ['Ann', 'Ben']) {
			const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name, email: `${name.toLowerCase()}@example.com`, role: 'signer', order: 1, accessCode: '' }));
			await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		}
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		expect(sent.status).toBe('sent');
		expect(sent.signingLinks).toEqual([
			expect.objectContaining({ name: 'Ann', signingUrl: expect.stringMatching(/\/sign\/[\w-]{43}$/) }),
			expect.objectContaining({ name: 'Ben', signingUrl: expect.stringMatching(/\/sign\/[\w-]{43}$/) }),
		]);
		// The test engine listens on loopback: signers elsewhere could not open these links, and the output says so.
		expect(sent.warnings).toEqual([expect.stringMatching(/^Signing links point to http:\/\/127\.0\.0\.1:\d+, but it is a loopback address: only this machine can open it\. Set "Public URL"/)]);
		const perSigner = json(await run({ resource: 'workflow', operation: 'get', workflowId }));
		expect(perSigner[0].signers).toHaveLength(2);

		const remind = json(await run({ resource: 'workflow', operation: 'remind', workflowId }));
		expect(remind[0].status).toBe('sent');
		const trail = json(await run({ resource: 'workflow', operation: 'getAuditTrail', workflowId }));
		expect(trail[0].chain.intact).toBe(true);
		expect(trail[0].events.filter((event: { type: string }) => event.type === 'signer.reminded')).toHaveLength(2);
		const cancelled = json(await run({ resource: 'workflow', operation: 'cancel', workflowId, reason: 'Changed our mind' }));
		expect(cancelled[0]).toMatchObject({ status: 'cancelled', cancelReason: 'Changed our mind' });
	});

	it('outputs one item per signer when asked', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }));
		await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		await run({ resource: 'signer', operation: 'add', workflowId, name: 'Cid', email: 'cid@example.com', role: 'cc', order: 1, accessCode: '' });
		const items = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'signers' }));
		expect(items.map((item) => [item.name, item.role, item.workflowName])).toEqual([
			['Ann', 'signer', 'Offer'],
			['Cid', 'cc', 'Offer'],
		]);
		expect(items.every((item) => typeof item.signingUrl === 'string')).toBe(true);
		expect(items.every((item) => item.warnings[0].includes('loopback'))).toBe(true);
	});

	it('downloads the signed document as binary, waiting for it to be sealed', async () => {
		const { workflowId, fileId } = await draft('To be signed');
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }));
		const [field] = json(await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 2, x: 72, y: 72, width: 180, height: 50, kind: 'signature', required: true }));
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		await new SignerClient(sent.signingLinks[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'drawn', pngBase64: PNG_1PX } } });

		const items = await run({ resource: 'workflow', operation: 'downloadSigned', workflowId, binaryPropertyName: 'signed', options: { waitSeconds: 30 } });
		expect(items).toHaveLength(1);
		const binary = items[0].binary!.signed;
		expect(binary).toMatchObject({ fileName: 'contract-signed.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
		const pdf = Buffer.from(binary.data, 'base64');
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(createHash('sha256').update(pdf).digest('hex')).toBe(items[0].json.sha256);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	it('reports at once, with the engine\'s reason, that sealing failed, instead of waiting out the 60 seconds', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-p12-'));
		const p12 = path.join(dir, 'broken.p12');
		writeFileSync(p12, p12ThatCannotSign('Seal 印章 Zu\u0308rich', 'pw'));
		// Each engine's finalizer has one schedule: none (the first failure is final), or a retry an hour later.
		const gaveUp = await startTestEngine({ sealP12File: p12, sealP12Password: 'pw', finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [] });
		const retriesLater = await startTestEngine({ sealP12File: p12, sealP12Password: 'pw', finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [3_600_000] });
		try {
			for (const [engine, expected] of [
				[gaveUp, { message: /^The signed document could not be made: Sealing with the certificate "Seal 印章 Zu\u0308rich" failed: /, description: /gave up .* after 1 attempt\. .*does not retry by itself/ }],
				[retriesLater, { message: /^Sealing the signed document failed \(1 attempt so far\): Sealing with the certificate/, description: /tries again at \d{4}-\d\d-\d\dT.*Run this again after that time/ }],
			] as const) {
				const remote = { mode: 'remote', url: engine.engine.url, apiKey: engine.api.apiKey! };
				const { workflowId } = await signedByAnn(remote, 'Contrat – Zu\u0308rich');
				const started = Date.now();
				const result = await runSignflowNode({ resource: 'workflow', operation: 'downloadSigned', workflowId, binaryPropertyName: 'data', options: {} }, remote);
				const elapsed = Date.now() - started;
				expect(result.error?.name).toBe('NodeOperationError');
				expect(result.error?.message).toMatch(expected.message);
				expect((result.error as unknown as { description: string }).description).toMatch(expected.description);
				// The default wait is 60 s; the failure is known after one attempt (a second or so, more on a loaded machine).
				expect(elapsed).toBeLessThan(40_000);
			}
		} finally {
			await gaveUp.destroy();
			await retriesLater.destroy();
			rmSync(dir, { recursive: true, force: true });
		}
	}, 120_000);

	it('explains that a draft has no signed document', async () => {
		const { workflowId } = await draft();
		const result = await runSignflowNode({ resource: 'workflow', operation: 'downloadSigned', workflowId, binaryPropertyName: 'data', options: { waitSeconds: 0 } }, credentials);
		expect(result.error?.message).toMatch(/is draft: a signed document exists once it is completed/);
	});
});

describe('Signer: reissue and reassign', () => {
	it('gives a signer a new link, or their place to another person', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }));
		await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		const [reissued] = json(await run({ resource: 'signer', operation: 'reissue', workflowId, signerId: signer.id }));
		expect(reissued.signingUrl).not.toBe(sent.signingLinks[0].signingUrl);
		const [reassigned] = json(await run({ resource: 'signer', operation: 'reassign', workflowId, signerId: signer.id, name: 'Alice', email: 'alice@example.com' }));
		expect(reassigned).toMatchObject({ id: signer.id, name: 'Alice', email: 'alice@example.com', status: 'active' });
		expect(reassigned.signingUrl).not.toBe(reissued.signingUrl);
		expect((await new SignerClient(reissued.signingUrl).session()).status).toBe(404);
	});
});

describe('Signing Workflow: correct, resend, discard, delete', () => {
	async function sentToZoe(name: string) {
		const { workflowId, fileId } = await draft(name);
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Zoë Weiß', email: 'zoe@example.com', role: 'signer', order: 1, accessCode: '' }));
		await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		return { workflowId, signerId: signer.id as string, link: sent.signingLinks[0].signingUrl as string };
	}

	it('corrects a signer, the expiry and the message, resends, then deletes the cancelled workflow', async () => {
		const { workflowId, signerId, link } = await sentToZoe('Contrato – São Paulo');
		const [corrected] = json(
			await run({
				resource: 'workflow',
				operation: 'correct',
				workflowId,
				signers: { signer: [{ signerId, name: 'Zoë Ødegård', email: 'zoe@example.org' }] },
				changes: { expiresAt: '2099-02-01T12:00:00.000Z', message: 'Nouvelle version – 東京' },
			}),
		);
		expect(corrected).toMatchObject({ message: 'Nouvelle version – 東京', expiresAt: '2099-02-01T12:00:00.000Z', signers: [{ name: 'Zoë Ødegård', email: 'zoe@example.org' }] });
		expect(corrected.signers[0].signingUrl).not.toBe(link);
		expect((await new SignerClient(link).session()).status).toBe(404);
		expect((await new SignerClient(corrected.signers[0].signingUrl).session()).status).toBe(200);

		const [resent] = json(await run({ resource: 'workflow', operation: 'resend', workflowId }));
		expect(resent).toMatchObject({ id: workflowId, status: 'sent' });
		const [trail] = json(await run({ resource: 'workflow', operation: 'getAuditTrail', workflowId }));
		expect(trail.events.map((event: { type: string }) => event.type)).toEqual(
			expect.arrayContaining(['workflow.corrected', 'signer.reissued', 'workflow.resent', 'signer.resent']),
		);

		await run({ resource: 'workflow', operation: 'cancel', workflowId, reason: '' });
		const [deleted] = json(await run({ resource: 'workflow', operation: 'delete', workflowId }));
		expect(deleted).toMatchObject({ id: workflowId, name: 'Contrato – São Paulo', status: 'deleted' });
		const gone = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId }, credentials);
		expect(gone.error?.name).toBe('NodeApiError');
		expect(gone.error?.message).toMatch(/No workflow with this id/);
	});

	it('discards a draft, and says what is wrong, item by item with Continue On Fail', async () => {
		const { workflowId: draftId } = await draft('Entwurf');
		const [discarded] = json(await run({ resource: 'workflow', operation: 'discard', workflowId: draftId }));
		expect(discarded).toMatchObject({ id: draftId, status: 'discarded' });

		const { workflowId: sentId, signerId } = await sentToZoe('Still out');
		const wrongState = await runSignflowNode({ resource: 'workflow', operation: 'delete', workflowId: sentId }, credentials);
		expect(wrongState.error?.name).toBe('NodeApiError');
		expect(wrongState.error?.message).toMatch(/cancel it first/);
		expect((wrongState.error as unknown as { description: string }).description).toMatch(/^Signflow error "workflow_not_finished"/);
		expect((wrongState.error as unknown as { httpCode: string }).httpCode).toBe('409');
		const notADraft = await runSignflowNode({ resource: 'workflow', operation: 'discard', workflowId: sentId }, credentials);
		expect((notADraft.error as unknown as { description: string }).description).toMatch(/^Signflow error "workflow_not_draft"/);
		const nothing = await runSignflowNode({ resource: 'workflow', operation: 'correct', workflowId: sentId, signers: {}, changes: {} }, credentials);
		expect(nothing.error?.name).toBe('NodeOperationError');
		expect(nothing.error?.message).toMatch(/Nothing to correct/);
		const emptySigner = await runSignflowNode({ resource: 'workflow', operation: 'correct', workflowId: sentId, signers: { signer: [{ signerId, name: '', email: '' }] }, changes: {} }, credentials);
		expect(emptySigner.error?.message).toMatch(/changes nothing/);

		const input = [{ json: { id: sentId } }, { json: { id: draftId } }, { json: { id: sentId } }];
		const resend = await runSignflowNode({ resource: 'workflow', operation: 'resend', workflowId: '={{ $json.id }}' }, credentials, input, { continueOnFail: true });
		expect(resend.error).toBeUndefined();
		expect(resend.items.map((item) => [item.json.status ?? null, item.json.error ?? null, item.pairedItem])).toEqual([
			['sent', null, { item: 0 }],
			[null, expect.stringMatching(/No workflow with this id/), { item: 1 }],
			['sent', null, { item: 2 }],
		]);
	});
});

describe('File', () => {
	it('adds a PDF from a URL', async () => {
		const server = http.createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/pdf' });
			response.end(fixturePdf('a4-1page.pdf'));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const [workflow] = json(await run({ resource: 'workflow', operation: 'add', name: 'From URL', additionalFields: {} }));
			const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/files/NDA%20v2.pdf`;
			const [file] = json(await run({ resource: 'file', operation: 'add', workflowId: workflow.id, source: 'url', url, fileName: '' }));
			expect(file).toMatchObject({ name: 'NDA v2.pdf', pageCount: 1, sha256: createHash('sha256').update(fixturePdf('a4-1page.pdf')).digest('hex') });
		} finally {
			server.close();
		}
	});

	it('refuses a missing binary field with an error that says which', async () => {
		const [workflow] = json(await run({ resource: 'workflow', operation: 'add', name: 'No binary', additionalFields: {} }));
		const result = await runSignflowNode({ resource: 'file', operation: 'add', workflowId: workflow.id, source: 'binary', binaryPropertyName: 'document', fileName: '' }, credentials);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/document/);
	});
});

describe('Signer, Signature Field, Annotation', () => {
	it('adds a signer who must enter a code sent to their email (Verification: Email Code)', async () => {
		const { workflowId } = await draft();
		const [plain] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann Lee', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }));
		expect(plain).toMatchObject({ verification: 'none' });
		const [verified] = json(
			await run({ resource: 'signer', operation: 'add', workflowId, name: 'Zoë Ødegård', email: 'zoe@example.com', role: 'signer', order: 1, accessCode: '', verification: 'email_otp' }),
		);
		expect(verified).toMatchObject({ name: 'Zoë Ødegård', verification: 'email_otp' });
	});

	it('adds and lists signers, offers files and signers as options, and adds fields and annotations of every kind', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann Lee', email: 'ann@example.com', role: 'signer', order: 2, accessCode: '1234' }));
		expect(signer).toMatchObject({ name: 'Ann Lee', order: 2, hasAccessCode: true });
		const signers = json(await run({ resource: 'signer', operation: 'getAll', workflowId }));
		expect(signers.map((s) => s.email)).toEqual(['ann@example.com']);

		expect(await loadOptions('getFiles', { workflowId }, credentials)).toEqual([{ name: 'contract.pdf (3 pages)', value: fileId }]);
		expect(await loadOptions('getSigners', { workflowId }, credentials)).toEqual([{ name: 'Ann Lee <ann@example.com> (signer)', value: signer.id }]);
		expect(await loadOptions('getFiles', { workflowId: '={{ $json.id }}' }, credentials)).toEqual([]);

		const [field] = json(await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 3, x: 300, y: 40, width: 60, height: 40, kind: 'initials', required: false }));
		expect(field).toMatchObject({ page: 3, kind: 'initials', required: false });

		const common = { resource: 'annotation', operation: 'add', workflowId, fileId, page: 1, x: 40, y: 700, width: 200, height: 20, fontSize: 11 };
		const added = [
			...(await run({ ...common, type: 'text', filledBy: 'sender', text: 'Employee 1042' })),
			...(await run({ ...common, type: 'date', filledBy: 'sender', date: '2027-01-04T00:00:00.000Z' })),
			...(await run({ ...common, type: 'checkbox', filledBy: 'sender', checked: true, width: 14, height: 14 })),
			...(await run({ ...common, type: 'text', filledBy: 'signer', signerId: signer.id, label: 'Job title', required: true })),
			...(await run({ ...common, type: 'image', binaryPropertyName: 'logo', width: 50, height: 50 }, [
				{ json: {}, binary: { logo: { data: Buffer.from(PNG_1PX, 'base64'), fileName: 'logo.png', mimeType: 'image/png' } } },
			])),
		];
		expect(json(added).map((annotation) => [annotation.type, annotation.value, annotation.signerId])).toEqual([
			['text', 'Employee 1042', null],
			['date', '2027-01-04', null],
			['checkbox', true, null],
			['text', null, signer.id],
			['image', null, null],
		]);
	});

	it('turns engine errors into NodeApiError with the engine message and code', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'approver', order: 1, accessCode: '' }));
		const result = await runSignflowNode(
			{ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer.id, page: 9, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true },
			credentials,
		);
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Ann is a approver; only signers get signature fields.');
		expect((result.error as unknown as { description: string }).description).toMatch(/^Signflow error "signer_cannot_sign"/);
		expect((result.error as unknown as { httpCode: string }).httpCode).toBe('422');
	});
});

describe('items', () => {
	it('runs once per input item with pairedItem, and keeps going on errors when Continue On Fail is set', async () => {
		const input = [{ json: { name: 'First' } }, { json: { name: '' } }, { json: { name: 'Third' } }];
		const parameters = { resource: 'workflow', operation: 'add', name: '={{ $json.name }}', additionalFields: {} };
		const failing = await runSignflowNode(parameters, credentials, input);
		expect(failing.error?.message).toMatch(/Name is empty/);

		const result = await runSignflowNode(parameters, credentials, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.name ?? null, item.json.error ?? null, item.pairedItem])).toEqual([
			['First', null, { item: 0 }],
			[null, expect.stringMatching(/Name is empty/), { item: 1 }],
			['Third', null, { item: 2 }],
		]);
	});
});

describe('many items against a remote engine', () => {
	/** A loopback proxy in front of the engine that counts the requests it holds at once. */
	async function countingProxy(target: string) {
		const seen = { inFlight: 0, most: 0, requests: 0 };
		const server = http.createServer((request, response) => {
			seen.requests++;
			seen.inFlight++;
			seen.most = Math.max(seen.most, seen.inFlight);
			const forwarded = http.request(`${target}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
				answer.on('end', () => seen.inFlight--);
			});
			forwarded.on('error', () => response.destroy());
			request.pipe(forwarded);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
	}

	const names = (count: number) => Array.from({ length: count }, (_, index) => ({ json: { name: `Contrat n°${index} — Zoë 東京 📄` } }));
	const addByName = { resource: 'workflow', operation: 'add', name: '={{ $json.name }}', additionalFields: {} };

	it('creates signing workflows several at a time, reading the credential once, with the output in input order', async () => {
		const proxy = await countingProxy(t.engine.url);
		try {
			const input = names(40);
			const result = await runSignflowNode(addByName, { ...credentials, url: proxy.url }, input);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => [item.json.name, item.pairedItem])).toEqual(input.map((item, index) => [item.json.name, { item: index }]));
			expect(new Set(result.items.map((item) => item.json.id)).size).toBe(40);
			expect(proxy.seen.requests).toBe(40);
			expect(proxy.seen.most).toBeGreaterThan(1);
			expect(proxy.seen.most).toBeLessThanOrEqual(ITEMS_IN_FLIGHT);
			expect(result.credentialReads).toBe(1);
		} finally {
			await proxy.close();
		}
	});

	it('changes an existing signing workflow one item at a time, so items apply in their order', async () => {
		const proxy = await countingProxy(t.engine.url);
		try {
			const { workflowId } = await draft('Five signers, in item order');
			const signers = ['Ann Lee', 'Bob Ray', 'Chloé Dubois', 'محمد علي', '李雷'].map((name, index) => ({ json: { name, email: `s${index}@example.com` } }));
			const parameters = { resource: 'signer', operation: 'add', workflowId, name: '={{ $json.name }}', email: '={{ $json.email }}', role: 'signer', order: 1, accessCode: '' };
			const result = await runSignflowNode(parameters, { ...credentials, url: proxy.url }, signers);
			expect(result.error).toBeUndefined();
			expect(proxy.seen.most).toBe(1);
			const [detail] = json(await run({ resource: 'workflow', operation: 'get', workflowId }));
			expect(detail.signers.map((signer: { name: string }) => signer.name)).toEqual(signers.map((signer) => signer.json.name));
		} finally {
			await proxy.close();
		}
	});

	it('stops at the first failing item: no further item starts once it failed, and its error is the one reported', async () => {
		const input = Array.from({ length: 30 }, (_, index) => ({ json: { name: `Stops-at-nine n°${index} Ωmega` } }));
		input[9].json.name = '';
		input[20].json.name = '';
		const failing = await runSignflowNode(addByName, credentials, input);
		expect(failing.error?.message).toMatch(/Name is empty/);
		expect((failing.error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(9);
		const created = (await t.api.get(`/workflows?limit=100&q=${encodeURIComponent('Stops-at-nine')}`)).body.data.length as number;
		// The items before it, and at most those already in flight when it failed.
		expect(created).toBeGreaterThanOrEqual(9);
		expect(created).toBeLessThan(9 + ITEMS_IN_FLIGHT);

		const result = await runSignflowNode(addByName, credentials, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.error ? 'error' : item.json.name, item.pairedItem])).toEqual(
			input.map((item, index) => [index === 9 || index === 20 ? 'error' : item.json.name, { item: index }]),
		);
	});
});

describe('Interface (branding)', () => {
	it('gets and updates the color and logo', async () => {
		const [before] = json(await run({ resource: 'interface', operation: 'get' }));
		expect(before).toMatchObject({ primaryColor: expect.stringMatching(/^#/) });
		const [after] = json(
			await run({ resource: 'interface', operation: 'update', updateFields: { primaryColor: '#aa3300', logoBinaryPropertyName: 'logo' } }, [
				{ json: {}, binary: { logo: { data: Buffer.from(PNG_1PX, 'base64'), fileName: 'logo.png', mimeType: 'image/png' } } },
			]),
		);
		expect(after).toMatchObject({ primaryColor: '#aa3300', logoFileId: expect.any(String), isDefault: false });
	});
});

describe('the credential test', () => {
	it('reaches GET /api/v1/me with the key, and fails with a wrong one', async () => {
		const { SignflowApi } = await import('../../credentials/SignflowApi.credentials');
		const credential = new SignflowApi();
		const probe = async (data: ICredentialDataDecryptedObject) => {
			const request = await credential.authenticate(data, { url: credential.test.request.url! });
			return fetch(`${request.baseURL}${request.url}`, { headers: request.headers as Record<string, string> });
		};
		const ok = await probe(credentials);
		expect(ok.status).toBe(200);
		expect(((await ok.json()) as { organization: { name: string } }).organization.name).toBe('Acme HR');
		expect((await probe({ ...credentials, apiKey: 'sf_live_wrong' })).status).toBe(401);
	});
});

describe('the embedded engine credential', () => {
	const dataFolder = tempDataDir('embedded');
	afterAll(async () => {
		await stopEmbeddedEngines();
		rmSync(dataFolder, { recursive: true, force: true });
	});

	it('starts the bundled engine on first use, once, and keeps its key across restarts', async () => {
		const embedded = { mode: 'embedded', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '' };
		const first = await runSignflowNode({ resource: 'workflow', operation: 'add', name: 'Embedded one', additionalFields: {} }, embedded);
		expect(first.error).toBeUndefined();
		const second = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, embedded);
		expect(second.items.map((item) => item.json.name)).toEqual(['Embedded one']);

		await stopEmbeddedEngines();
		const afterRestart = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, embedded);
		expect(afterRestart.items.map((item) => item.json.name)).toEqual(['Embedded one']);
	});

	it('puts every item of a first run, which makes the key, into the one organization of the credential', async () => {
		const fresh = { mode: 'embedded', organizationName: 'Première Société', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '' };
		const input = Array.from({ length: 12 }, (_, index) => ({ json: { name: `Premier lot n°${index} 📄` } }));
		const created = await runSignflowNode({ resource: 'workflow', operation: 'add', name: '={{ $json.name }}', additionalFields: {} }, fresh, input);
		expect(created.error).toBeUndefined();
		const listed = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, fresh);
		expect(listed.items.map((item) => item.json.name).sort()).toEqual(input.map((item) => item.json.name).sort());
	});

	it("gives two credentials of one data folder their own organizations: one's ids are the engine's 404 for the other", async () => {
		const ann: ICredentialDataDecryptedObject = { mode: 'embedded', organizationName: 'Ann GmbH', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '' };
		const bob: ICredentialDataDecryptedObject = { mode: 'embedded', organizationName: 'Bob SARL', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '' };
		const added = await runSignflowNode({ resource: 'workflow', operation: 'add', name: 'Ann’s contract', additionalFields: {} }, ann);
		const annWorkflowId = added.items[0].json.id as string;
		await runSignflowNode({ resource: 'workflow', operation: 'add', name: 'Bob’s contract', additionalFields: {} }, bob);
		expect(ann.embeddedApiKey).not.toBe(bob.embeddedApiKey);

		const bobList = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, bob);
		expect(bobList.items.map((item) => item.json.name)).toEqual(['Bob’s contract']);
		const probe = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: annWorkflowId }, bob);
		expect(probe.error).toMatchObject({ name: 'NodeApiError', message: 'No workflow with this id exists in your organization.', httpCode: '404' });
		const own = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: annWorkflowId }, ann);
		expect(own.items[0].json.name).toBe('Ann’s contract');
	});

	it('sends without warnings when the signing links use a public address', async () => {
		const folderWithProxy = tempDataDir('embedded-public');
		const embedded: ICredentialDataDecryptedObject = { mode: 'embedded', organizationName: 'Proxy AG', dataFolder: folderWithProxy, port: 0, host: '127.0.0.1', publicUrl: 'https://sign.example.com/' };
		try {
			const [workflow] = (await runSignflowNode({ resource: 'workflow', operation: 'add', name: 'Public', additionalFields: {} }, embedded)).items;
			const workflowId = workflow.json.id;
			const [file] = (await runSignflowNode({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, embedded, [{ json: {}, binary: { data: PDF() } }])).items;
			const [signer] = (await runSignflowNode({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }, embedded)).items;
			await runSignflowNode({ resource: 'signature', operation: 'add', workflowId, fileId: file.json.id, signerId: signer.json.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true }, embedded);
			const sent = await runSignflowNode({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }, embedded);
			expect(sent.items[0].json).toMatchObject({ status: 'sent', warnings: [], signingLinks: [{ signingUrl: expect.stringMatching(/^https:\/\/sign\.example\.com\/sign\//) }] });
		} finally {
			await stopEmbeddedEngines();
			rmSync(folderWithProxy, { recursive: true, force: true });
		}
	});

	it('fails in n8n queue mode with a NodeApiError that says to run a remote engine, or an error item with Continue On Fail', async () => {
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const embedded = { mode: 'embedded', organizationName: 'Queue Co', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '' };
			const failed = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, embedded);
			expect(failed.error?.name).toBe('NodeApiError');
			expect(failed.error?.message).toMatch(/cannot run in n8n queue mode.*"signflow serve".*"Remote Engine"/);
			const tolerated = await runSignflowNode({ resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }, embedded, undefined, { continueOnFail: true });
			expect(tolerated.items[0].json.error).toMatch(/queue mode/);
		} finally {
			delete process.env.EXECUTIONS_MODE;
		}
	});
});

describe('the node as the editor shows it', () => {
	const description = new Signflow().description;
	const operationsOf = (resource: string) =>
		(description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource)!.options as Array<{ value: string }>).map(
			(option) => option.value,
		);
	/** The parameters the editor shows for these values in a node of this version (n8n's own display rules). */
	const shown = (parameters: Record<string, unknown>, typeVersion = 2) =>
		description.properties.filter((property) => NodeHelpers.displayParameter(parameters as never, property, { typeVersion }, description));
	const requiredShown = (parameters: Record<string, unknown>, typeVersion = 2) =>
		shown(parameters, typeVersion)
			.filter((property) => property.required)
			.map((property) => property.name);

	it('lists Signing Workflow first among resources, and is version 2 by default', () => {
		const resource = description.properties.find((p) => p.name === 'resource')!;
		expect((resource.options as Array<{ value: string }>).map((option) => option.value)).toEqual(['workflow', 'file', 'signer', 'signature', 'annotation', 'template', 'bulkSend', 'interface', 'organization']);
		expect(resource.default).toBe('workflow');
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('offers in each Operation list exactly the operations its resource runs', () => {
		// Each <Resource>.resource.ts lists both: the options (alphabetical) and what runs (in parameter order).
		for (const { resource, operations } of resources) {
			const value = resource.value as string;
			expect({ value, offered: operationsOf(value).sort() }).toEqual({ value, offered: Object.keys(operations).sort() });
		}
		// Template's Operation list starts with Bulk Send (alphabetical), but a saved Template node without an operation (n8n omits defaults) stays a Create From Signing Workflow.
		expect(operationsOf('template')[0]).toBe('bulkSend');
		expect(description.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === 'template')!.default).toBe('createFromWorkflow');
	});

	it('marks every parameter an operation needs as required', () => {
		const needs: Record<string, string[]> = {
			'workflow add': ['name'],
			'workflow get': ['workflowId'],
			'workflow send': ['workflowId'],
			'workflow cancel': ['workflowId'],
			'workflow remind': ['workflowId'],
			'workflow downloadSigned': ['workflowId', 'binaryPropertyName'],
			'workflow getAuditTrail': ['workflowId'],
			'workflow purge': ['workflowId'],
			'workflow correct': ['workflowId'],
			'workflow resend': ['workflowId'],
			'workflow discard': ['workflowId'],
			'workflow delete': ['workflowId'],
			'workflow update': ['workflowId'],
			'workflow retrySealing': ['workflowId'],
			'workflow createFromTemplate': ['templateId'],
			'template createFromWorkflow': ['workflowId'],
			'template get': ['templateId'],
			'template delete': ['templateId'],
			'template bulkSend': ['templateId'],
			'bulkSend get': ['bulkSendId'],
			'bulkSend getRows': ['bulkSendId'],
			'file add': ['workflowId', 'binaryPropertyName'],
			'signer add': ['workflowId', 'name', 'email'],
			'signer getAll': ['workflowId'],
			'signer reassign': ['workflowId', 'signerId', 'name', 'email'],
			'signer reissue': ['workflowId', 'signerId'],
			'signer update': ['workflowId', 'signerId'],
			'signer remove': ['workflowId', 'signerId'],
			'file remove': ['workflowId', 'fileId'],
			'signature update': ['workflowId', 'signatureId'],
			'signature remove': ['workflowId', 'signatureId'],
			'annotation update': ['workflowId', 'annotationId'],
			'annotation remove': ['workflowId', 'annotationId'],
			'signature add': ['workflowId', 'fileId', 'signerId', 'page', 'x', 'y', 'width', 'height'],
			'annotation add': ['workflowId', 'fileId', 'text', 'page', 'x', 'y', 'width', 'height'],
		};
		for (const [key, names] of Object.entries(needs)) {
			const [resource, operation] = key.split(' ');
			expect({ key, required: requiredShown({ resource, operation, source: 'binary', type: 'text', filledBy: 'sender', position: 'coordinates' }).sort() }).toEqual({ key, required: [...names].sort() });
		}
		const annotation = { resource: 'annotation', operation: 'add' };
		expect(requiredShown({ ...annotation, type: 'text', filledBy: 'signer' })).toEqual(expect.arrayContaining(['signerId']));
		expect(requiredShown({ ...annotation, type: 'date', filledBy: 'sender' })).toEqual(expect.arrayContaining(['date']));
		expect(requiredShown({ ...annotation, type: 'image' })).toEqual(expect.arrayContaining(['binaryPropertyName']));
		expect(requiredShown({ resource: 'file', operation: 'add', source: 'url' })).toEqual(expect.arrayContaining(['url']));
		for (const resource of ['signature', 'annotation']) {
			const anchored = requiredShown({ resource, operation: 'add', type: 'text', filledBy: 'sender', position: 'anchor' });
			expect(anchored).toEqual(expect.arrayContaining(['anchorText', 'width', 'height']));
			expect(anchored).not.toEqual(expect.arrayContaining(['page']));
		}
		// Every operation is covered above (or has nothing to require).
		for (const resource of ['workflow', 'file', 'signer', 'signature', 'annotation', 'template', 'bulkSend'])
			for (const operation of operationsOf(resource)) if (operation !== 'getAll') expect(needs).toHaveProperty([`${resource} ${operation}`]);

		// n8n's own check, the one behind the editor's red markers, flags what is left empty.
		const node = (parameters: Record<string, unknown>): INode => {
			const full = NodeHelpers.getNodeParameters(description.properties, parameters as never, true, false, { typeVersion: 2 }, description)!;
			return { id: '1', name: 'Signflow', type: 'signflow', typeVersion: 2, position: [0, 0], parameters: full };
		};
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, node({ resource: 'signer', operation: 'add' }), description);
		expect(Object.keys(issues?.parameters ?? {}).sort()).toEqual(['email', 'name', 'workflowId']);
	});

	it('asks for the signing workflow with a resource locator from version 2, and keeps version 1\'s ID field', () => {
		const v1 = shown({ resource: 'workflow', operation: 'get' }, 1).find((property) => property.name === 'workflowId')!;
		expect(v1).toMatchObject({ type: 'string', displayName: 'Signing Workflow ID', required: true });
		const v2 = shown({ resource: 'workflow', operation: 'get' }, 2).find((property) => property.name === 'workflowId')!;
		expect(v2).toMatchObject({ type: 'resourceLocator', displayName: 'Signing Workflow', required: true, default: { mode: 'list', value: '' } });
		expect(v2.modes!.map((mode) => [mode.name, mode.displayName])).toEqual([
			['list', 'From List'],
			['id', 'By ID'],
		]);
		const list = v2.modes!.find((mode) => mode.name === 'list')!;
		expect(list.typeOptions).toMatchObject({ searchListMethod: 'searchWorkflows', searchable: true });
		expect(new Signflow().methods.listSearch).toHaveProperty('searchWorkflows');
		// "By ID" refuses what is not an ID before the flow runs (expressions are checked when they run).
		const byId = (value: string): INode => ({
			id: '1',
			name: 'Signflow',
			type: 'signflow',
			typeVersion: 2,
			position: [0, 0],
			parameters: { resource: 'workflow', operation: 'get', workflowId: { __rl: true, mode: 'id', value } },
		});
		expect(NodeHelpers.getNodeParametersIssues(description.properties, byId('not an id'), description)?.parameters?.workflowId).toEqual([
			'Not a signing workflow ID (a UUID)',
		]);
		expect(NodeHelpers.getNodeParametersIssues(description.properties, byId('3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b'), description)).toBeNull();
		expect(NodeHelpers.getNodeParametersIssues(description.properties, byId(' 3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b\n'), description)).toBeNull();
		expect(NodeHelpers.getNodeParametersIssues(description.properties, byId('={{ $json.id }}'), description)).toBeNull();
	});

	it("carries the same description on the trigger, which n8n's node panel shows for the pair", () => {
		// The editor lists Signflow and Signflow Trigger as one entry and gives it the trigger's description.
		expect(new SignflowTrigger().description.description).toBe(description.description);
		expect(description.description).toMatch(/^Get documents signed/);
	});
});

describe('the signing workflow parameter, in every shape a saved flow has', () => {
	it('accepts From List, By ID (with an expression too), the plain string of version 1, and the plain string in version 2', async () => {
		const { workflowId } = await draft('Offre – Zu\u0308rich 📄');
		const shapes: Array<[string, number, unknown, Array<{ json: object }>?]> = [
			['v2 From List', 2, { __rl: true, mode: 'list', value: workflowId, cachedResultName: 'Offre – Zürich 📄 (draft, 2026-12-01)' }],
			['v2 By ID', 2, { __rl: true, mode: 'id', value: workflowId }],
			['v2 By ID, expression', 2, { __rl: true, mode: 'id', value: '={{ $json.id }}' }, [{ json: { id: workflowId } }]],
			['v2 By ID, padded', 2, { __rl: true, mode: 'id', value: `  ${workflowId} ` }],
			['v2 plain string', 2, workflowId],
			['v1 plain string', 1, workflowId],
			['v1 expression', 1, '={{ $json.id }}', [{ json: { id: workflowId } }]],
		];
		for (const [label, typeVersion, value, input] of shapes) {
			const result = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: value }, credentials, input, { typeVersion });
			expect({ label, error: result.error?.message, id: result.items[0]?.json.id }).toEqual({ label, error: undefined, id: workflowId });
		}
		expect(await loadOptions('getFiles', { resource: 'file', operation: 'add', workflowId: { __rl: true, mode: 'list', value: workflowId } }, credentials)).toEqual([
			{ name: 'contract.pdf (3 pages)', value: expect.any(String) },
		]);
		expect(await loadOptions('getFiles', { resource: 'signature', operation: 'add', workflowId }, credentials, 1)).toHaveLength(1);
	});

	it('says what to do when it is empty, and passes on the engine\'s answer for an unknown one', async () => {
		// Left empty, n8n itself refuses to run the flow (the required marker); mapped to nothing, the node explains.
		await expect(runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: { __rl: true, mode: 'list', value: '' } }, credentials)).rejects.toThrow(
			'The workflow has issues',
		);
		const empty = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: { __rl: true, mode: 'id', value: '={{ $json.nothing }}' } }, credentials);
		expect(empty.error?.name).toBe('NodeOperationError');
		expect(empty.error?.message).toBe('Signing Workflow is empty: pick one from the list, or give its ID.');
		const unknown = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: { __rl: true, mode: 'id', value: '3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b' } }, credentials);
		expect(unknown.error?.name).toBe('NodeApiError');
		expect((unknown.error as unknown as { httpCode: string }).httpCode).toBe('404');
	});
});

describe('"From List": searching signing workflows', () => {
	it('pages through the organization\'s workflows newest first, and narrows them to names containing what is typed', async () => {
		const { organizationId, api } = await t.newOrganization('Picker Org');
		const remote = { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! };
		const context = { organizationId, apiKeyId: 'x', mode: 'live' as const };
		const event = { actor: { type: 'system' as const, id: null }, ip: null, userAgent: null };
		const names = [...Array.from({ length: 52 }, (_, index) => `Offer ${String(index).padStart(2, '0')}`), 'Mietvertrag Zu\u0308rich', '雇用契約 山田', 'NDA 🚀 launch'];
		for (const name of names) await t.engine.service.createWorkflow(context, { name, timeZone: 'UTC', metadata: {} }, event);
		const other = await t.newOrganization('Someone Else');
		await other.api.post('/workflows', { name: 'Other Zürich lease' });

		const parameters = { resource: 'workflow', operation: 'get', workflowId: { __rl: true, mode: 'list', value: '' } };
		const first = await listSearch('searchWorkflows', parameters, remote);
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({ name: expect.stringMatching(/^NDA 🚀 launch \(draft, \d{4}-\d\d-\d\d\)$/), value: expect.stringMatching(/^[0-9a-f-]{36}$/) });
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await listSearch('searchWorkflows', parameters, remote, undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(5);
		expect(second.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results].map((result) => result.name.replace(/ \(draft, .*\)$/, ''));
		expect(all).toEqual([...names].reverse());

		const zurich = await listSearch('searchWorkflows', parameters, remote, 'zürich');
		expect(zurich.results.map((result) => result.name.replace(/ \(.*\)$/, ''))).toEqual(['Mietvertrag Zu\u0308rich']);
		expect((await listSearch('searchWorkflows', parameters, remote, '山田')).results).toHaveLength(1);
		expect((await listSearch('searchWorkflows', parameters, remote, '   ')).results).toHaveLength(50);
		expect((await listSearch('searchWorkflows', parameters, remote, 'no such name')).results).toEqual([]);
		// A choice from the list runs.
		const picked = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: { __rl: true, mode: 'list', value: zurich.results[0].value } }, remote);
		expect(picked.items[0].json.name).toBe('Mietvertrag Zu\u0308rich');
	});
});
