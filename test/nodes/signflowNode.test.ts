import { createHash } from 'node:crypto';
import http from 'node:http';
import { rmSync } from 'node:fs';
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { stopEmbeddedEngines } from '../../engine/embedded';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine';
import { fixturePdf } from '../helpers/fixtures';
import { loadOptions, runSignflowNode, shutdownN8nCore } from '../helpers/n8n';
import { PNG_1PX, SignerClient } from '../helpers/signerClient';

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
	await shutdownN8nCore();
});

async function run(parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2], options?: { continueOnFail?: boolean }) {
	const result = await runSignflowNode(parameters, credentials, input, options);
	if (result.error) throw result.error;
	return result.items;
}

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, any>);

async function draft(name = 'Offer') {
	const [workflow] = json(await run({ resource: 'workflow', operation: 'add', name, additionalFields: {} }));
	const [file] = json(await run({ resource: 'file', operation: 'add', workflowId: workflow!.id, source: 'binary', binaryPropertyName: 'data', fileName: '' }, [{ json: {}, binary: { data: PDF() } }]));
	return { workflowId: workflow!.id as string, fileId: file!.id as string };
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
				},
			}),
		);
		expect(workflow).toMatchObject({
			status: 'draft',
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
		const one = await runSignflowNode({ resource: 'workflow', operation: 'get', workflowId: all.items[0]!.json.id }, paging);
		expect(one.items[0]!.json).toMatchObject({ id: all.items[0]!.json.id, files: [], signers: [] });
	});

	it('sends, with each signing link in the output, or one item per signer', async () => {
		const { workflowId, fileId } = await draft();
		for (const name of ['Ann', 'Ben']) {
			const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name, email: `${name.toLowerCase()}@example.com`, role: 'signer', order: 1, accessCode: '' }));
			await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer!.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		}
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		expect(sent!.status).toBe('sent');
		expect(sent!.signingLinks).toEqual([
			expect.objectContaining({ name: 'Ann', signingUrl: expect.stringMatching(/\/sign\/[\w-]{43}$/) }),
			expect.objectContaining({ name: 'Ben', signingUrl: expect.stringMatching(/\/sign\/[\w-]{43}$/) }),
		]);
		const perSigner = json(await run({ resource: 'workflow', operation: 'get', workflowId }));
		expect(perSigner[0]!.signers).toHaveLength(2);

		const remind = json(await run({ resource: 'workflow', operation: 'remind', workflowId }));
		expect(remind[0]!.status).toBe('sent');
		const trail = json(await run({ resource: 'workflow', operation: 'getAuditTrail', workflowId }));
		expect(trail[0]!.chain.intact).toBe(true);
		expect(trail[0]!.events.filter((event: { type: string }) => event.type === 'signer.reminded')).toHaveLength(2);
		const cancelled = json(await run({ resource: 'workflow', operation: 'cancel', workflowId, reason: 'Changed our mind' }));
		expect(cancelled[0]).toMatchObject({ status: 'cancelled', cancelReason: 'Changed our mind' });
	});

	it('outputs one item per signer when asked', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }));
		await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer!.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		await run({ resource: 'signer', operation: 'add', workflowId, name: 'Cid', email: 'cid@example.com', role: 'cc', order: 1, accessCode: '' });
		const items = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'signers' }));
		expect(items.map((item) => [item.name, item.role, item.workflowName])).toEqual([
			['Ann', 'signer', 'Offer'],
			['Cid', 'cc', 'Offer'],
		]);
		expect(items.every((item) => typeof item.signingUrl === 'string')).toBe(true);
	});

	it('downloads the signed document as binary, waiting for it to be sealed', async () => {
		const { workflowId, fileId } = await draft('To be signed');
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'signer', order: 1, accessCode: '' }));
		const [field] = json(await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer!.id, page: 2, x: 72, y: 72, width: 180, height: 50, kind: 'signature', required: true }));
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		await new SignerClient(sent!.signingLinks[0].signingUrl).sign({ consent: true, values: { [field!.id]: { type: 'drawn', pngBase64: PNG_1PX } } });

		const items = await run({ resource: 'workflow', operation: 'downloadSigned', workflowId, binaryPropertyName: 'signed', options: { waitSeconds: 30 } });
		expect(items).toHaveLength(1);
		const binary = items[0]!.binary!.signed!;
		expect(binary).toMatchObject({ fileName: 'contract-signed.pdf', mimeType: 'application/pdf', fileExtension: 'pdf' });
		const pdf = Buffer.from(binary.data, 'base64');
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(createHash('sha256').update(pdf).digest('hex')).toBe(items[0]!.json.sha256);
		expect(items[0]!.pairedItem).toEqual({ item: 0 });
	});

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
		await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer!.id, page: 1, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true });
		const [sent] = json(await run({ resource: 'workflow', operation: 'send', workflowId, output: 'workflow' }));
		const [reissued] = json(await run({ resource: 'signer', operation: 'reissue', workflowId, signerId: signer!.id }));
		expect(reissued!.signingUrl).not.toBe(sent!.signingLinks[0].signingUrl);
		const [reassigned] = json(await run({ resource: 'signer', operation: 'reassign', workflowId, signerId: signer!.id, name: 'Alice', email: 'alice@example.com' }));
		expect(reassigned).toMatchObject({ id: signer!.id, name: 'Alice', email: 'alice@example.com', status: 'active' });
		expect(reassigned!.signingUrl).not.toBe(reissued!.signingUrl);
		expect((await new SignerClient(reissued!.signingUrl).session()).status).toBe(404);
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
			const [file] = json(await run({ resource: 'file', operation: 'add', workflowId: workflow!.id, source: 'url', url, fileName: '' }));
			expect(file).toMatchObject({ name: 'NDA v2.pdf', pageCount: 1, sha256: createHash('sha256').update(fixturePdf('a4-1page.pdf')).digest('hex') });
		} finally {
			server.close();
		}
	});

	it('refuses a missing binary field with an error that says which', async () => {
		const [workflow] = json(await run({ resource: 'workflow', operation: 'add', name: 'No binary', additionalFields: {} }));
		const result = await runSignflowNode({ resource: 'file', operation: 'add', workflowId: workflow!.id, source: 'binary', binaryPropertyName: 'document', fileName: '' }, credentials);
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toMatch(/document/);
	});
});

describe('Signer, Signature Field, Annotation', () => {
	it('adds and lists signers, offers files and signers as options, and adds fields and annotations of every kind', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann Lee', email: 'ann@example.com', role: 'signer', order: 2, accessCode: '1234' }));
		expect(signer).toMatchObject({ name: 'Ann Lee', order: 2, hasAccessCode: true });
		const signers = json(await run({ resource: 'signer', operation: 'getAll', workflowId }));
		expect(signers.map((s) => s.email)).toEqual(['ann@example.com']);

		expect(await loadOptions('getFiles', { workflowId }, credentials)).toEqual([{ name: 'contract.pdf (3 pages)', value: fileId }]);
		expect(await loadOptions('getSigners', { workflowId }, credentials)).toEqual([{ name: 'Ann Lee <ann@example.com> (signer)', value: signer!.id }]);
		expect(await loadOptions('getFiles', { workflowId: '={{ $json.id }}' }, credentials)).toEqual([]);

		const [field] = json(await run({ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer!.id, page: 3, x: 300, y: 40, width: 60, height: 40, kind: 'initials', required: false }));
		expect(field).toMatchObject({ page: 3, kind: 'initials', required: false });

		const common = { resource: 'annotation', operation: 'add', workflowId, fileId, page: 1, x: 40, y: 700, width: 200, height: 20, fontSize: 11 };
		const added = [
			...(await run({ ...common, type: 'text', filledBy: 'sender', text: 'Employee 1042' })),
			...(await run({ ...common, type: 'date', filledBy: 'sender', date: '2027-01-04T00:00:00.000Z' })),
			...(await run({ ...common, type: 'checkbox', filledBy: 'sender', checked: true, width: 14, height: 14 })),
			...(await run({ ...common, type: 'text', filledBy: 'signer', signerId: signer!.id, label: 'Job title', required: true })),
			...(await run({ ...common, type: 'image', binaryPropertyName: 'logo', width: 50, height: 50 }, [
				{ json: {}, binary: { logo: { data: Buffer.from(PNG_1PX, 'base64'), fileName: 'logo.png', mimeType: 'image/png' } } },
			])),
		];
		expect(json(added).map((annotation) => [annotation.type, annotation.value, annotation.signerId])).toEqual([
			['text', 'Employee 1042', null],
			['date', '2027-01-04', null],
			['checkbox', true, null],
			['text', null, signer!.id],
			['image', null, null],
		]);
	});

	it('turns engine errors into NodeApiError with the engine message and code', async () => {
		const { workflowId, fileId } = await draft();
		const [signer] = json(await run({ resource: 'signer', operation: 'add', workflowId, name: 'Ann', email: 'ann@example.com', role: 'approver', order: 1, accessCode: '' }));
		const result = await runSignflowNode(
			{ resource: 'signature', operation: 'add', workflowId, fileId, signerId: signer!.id, page: 9, x: 50, y: 50, width: 180, height: 50, kind: 'signature', required: true },
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
});
