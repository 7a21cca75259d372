import { createHash, randomUUID } from 'node:crypto';
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { auditWith } from '../helpers/engine/audit';
import { removeBlob } from '../helpers/engine/blobs';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { loadOptions, runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * The node's draft edits (Signing Workflow -> Update; Signer, Signature Field and Annotation ->
 * Update and Remove; File -> Remove) and Signing Workflow -> Retry Sealing, run as n8n runs the
 * node against a real engine; each outcome is read back through the engine's own API.
 */

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [50, 50] });
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

type Item = Record<string, any>;
const json = (items: INodeExecutionData[]) => items.map((item) => item.json);

async function run(parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2]): Promise<Item[]> {
	const result = await runSignflowNode(parameters, credentials, input);
	if (result.error) throw result.error;
	return json(result.items);
}

const pdf = (name: string, fileName: string) => ({ json: {}, binary: { data: { data: fixturePdf(name), fileName, mimeType: 'application/pdf' } } });
const engineView = async (workflowId: string): Promise<Item> => (await t.api.get(`/workflows/${workflowId}`)).body;

/** A draft with two PDFs, two signers (one a signature field each) and two annotations: fixed text and a date for Zoë. */
async function draft(name: string) {
	const [workflow] = await run({ resource: 'workflow', operation: 'add', name, additionalFields: { requestFrom: 'HRPortal', message: 'Bitte unterschreiben' } });
	const workflowId = workflow.id as string;
	const [contract] = await run({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, [pdf('letter-3pages.pdf', 'Vertrag – Zoë.pdf')]);
	const [annex] = await run({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, [pdf('mixed-sizes.pdf', '附件 📎.pdf')]);
	const signer = async (signerName: string, email: string) =>
		(await run({ resource: 'signer', operation: 'add', workflowId, name: signerName, email, role: 'signer', order: 1, accessCode: '' }))[0];
	const zoe = await signer('Zoe\u0308 Müller', 'zoe@example.com');
	const amira = await signer('أميرة الحسن', 'amira@example.com');
	const field = async (signerId: string, y: number) =>
		(await run({ resource: 'signature', operation: 'add', workflowId, fileId: contract.id, signerId, page: 1, x: 72, y, width: 180, height: 50, kind: 'signature', required: true }))[0];
	const zoeField = await field(zoe.id, 72);
	const amiraField = await field(amira.id, 200);
	const box = { position: 'coordinates', page: 1, x: 72, width: 200, height: 20, fontSize: 11 };
	const [note] = await run({ resource: 'annotation', operation: 'add', workflowId, fileId: contract.id, type: 'text', filledBy: 'sender', text: 'Réf. 2026-Ø7', ...box, y: 400 });
	const [startDate] = await run({ resource: 'annotation', operation: 'add', workflowId, fileId: contract.id, type: 'date', filledBy: 'signer', signerId: zoe.id, label: 'Start', required: true, ...box, y: 450 });
	return { workflowId, contractId: contract.id as string, annexId: annex.id as string, zoe, amira, zoeField, amiraField, note, startDate };
}

/** The draft, sent: no part of it changes any more. */
async function sent(name: string) {
	const parts = await draft(name);
	await run({ resource: 'workflow', operation: 'send', workflowId: parts.workflowId, output: 'workflow' });
	return parts;
}

describe('Signing Workflow -> Update', () => {
	it("changes only what is set of a draft's settings: a decomposed name, an RTL message, expiry, language; the rest stays", async () => {
		const { workflowId } = await draft('Entwurf');
		const [updated] = await run({
			resource: 'workflow',
			operation: 'update',
			workflowId,
			updateFields: { name: 'Arbeitsvertrag – Zoe\u0308 🖋️', message: 'يرجى التوقيع قبل الجمعة', expiresAt: '2099-03-01T09:00:00.000Z', locale: 'de', allowDelegation: true },
		});
		expect(updated).toMatchObject({ id: workflowId, status: 'draft' });
		const view = await engineView(workflowId);
		expect(view.name.normalize('NFC')).toBe('Arbeitsvertrag – Zoë 🖋️');
		expect(view).toMatchObject({ message: 'يرجى التوقيع قبل الجمعة', expiresAt: '2099-03-01T09:00:00.000Z', locale: 'de', allowDelegation: true, requestFrom: 'HRPortal' });
		const audit = await auditWith(t.api, workflowId, 'workflow.updated');
		expect(audit.events.filter((event) => event.type === 'workflow.updated')).toHaveLength(1);
	});
});

describe('Signer -> Update and Remove', () => {
	it('renames a signer of a draft (CJK), keeping their ID and fields; removes another with their field', async () => {
		const { workflowId, zoe, amira, amiraField, zoeField } = await draft('Signers');
		const [renamed] = await run({ resource: 'signer', operation: 'update', workflowId, signerId: zoe.id, updateFields: { name: '山田 花子', email: 'hanako@example.jp', order: 2 } });
		expect(renamed).toMatchObject({ id: zoe.id, name: '山田 花子', email: 'hanako@example.jp', order: 2 });

		const [after] = await run({ resource: 'signer', operation: 'remove', workflowId, signerId: amira.id });
		expect(after.id).toBe(workflowId);
		const view = await engineView(workflowId);
		expect(view.signers.map((signer: Item) => [signer.id, signer.name, signer.email, signer.order])).toEqual([[zoe.id, '山田 花子', 'hanako@example.jp', 2]]);
		expect(view.signatures.map((field: Item) => field.id)).toEqual([zoeField.id]);
		expect(view.signatures.map((field: Item) => field.id)).not.toContain(amiraField.id);
	});
});

describe("the lists of a draft's fields", () => {
	it('name each signature field and annotation by its signer or content, file and page', async () => {
		const { workflowId, zoeField, amiraField, note, startDate } = await draft('Lists');
		expect(await loadOptions('getSignatureFields', { workflowId }, credentials)).toEqual([
			{ name: 'Signature of Zoë Müller (Vertrag – Zoë.pdf, page 1)', value: zoeField.id },
			{ name: 'Signature of أميرة الحسن (Vertrag – Zoë.pdf, page 1)', value: amiraField.id },
		]);
		expect(await loadOptions('getAnnotations', { workflowId }, credentials)).toEqual([
			{ name: 'Text "Réf. 2026-Ø7" (Vertrag – Zoë.pdf, page 1)', value: note.id },
			{ name: 'Date filled in by Zoë Müller: Start (Vertrag – Zoë.pdf, page 1)', value: startDate.id },
		]);
		expect(await loadOptions('getAnnotations', { workflowId: '={{ $json.id }}' }, credentials)).toEqual([]);
	});
});

describe('Signature Field -> Update and Remove', () => {
	it('moves a signature field to another page of another PDF and reassigns it; it keeps its ID; removes another', async () => {
		const { workflowId, annexId, amira, zoeField, amiraField } = await draft('Fields');
		const [moved] = await run({ resource: 'signature', operation: 'update', workflowId, signatureId: zoeField.id, updateFields: { fileId: annexId, page: 2, x: 100, y: 120, signerId: amira.id, kind: 'initials' } });
		expect(moved).toMatchObject({ id: zoeField.id, fileId: annexId, page: 2, x: 100, y: 120, width: 180, height: 50, signerId: amira.id, kind: 'initials' });

		await run({ resource: 'signature', operation: 'remove', workflowId, signatureId: amiraField.id });
		const view = await engineView(workflowId);
		expect(view.signatures).toEqual([expect.objectContaining({ id: zoeField.id, fileId: annexId, page: 2, x: 100, y: 120, signerId: amira.id, kind: 'initials' })]);
	});

	it('moves by a single coordinate: the rest of the box stays', async () => {
		const { workflowId, zoeField } = await draft('Nudge');
		await run({ resource: 'signature', operation: 'update', workflowId, signatureId: zoeField.id, updateFields: { y: 300 } });
		expect((await engineView(workflowId)).signatures.find((field: Item) => field.id === zoeField.id)).toMatchObject({ page: 1, x: 72, y: 300, width: 180, height: 50 });
	});
});

describe('Annotation -> Update and Remove', () => {
	it("gives fixed text new content (Hebrew and emoji) and a new place, keeping its ID; relabels a signer's field; removes it", async () => {
		const { workflowId, note, startDate, amira } = await draft('Annotations');
		const [changed] = await run({ resource: 'annotation', operation: 'update', workflowId, annotationId: note.id, updateFields: { text: 'שלום עולם 👋', y: 500, fontSize: 14 } });
		expect(changed).toMatchObject({ id: note.id, value: 'שלום עולם 👋', y: 500, fontSize: 14, x: 72 });
		const [relabelled] = await run({ resource: 'annotation', operation: 'update', workflowId, annotationId: startDate.id, updateFields: { label: 'Date d’entrée', signerId: amira.id } });
		expect(relabelled).toMatchObject({ id: startDate.id, label: 'Date d’entrée', signerId: amira.id });

		await run({ resource: 'annotation', operation: 'remove', workflowId, annotationId: startDate.id });
		const view = await engineView(workflowId);
		expect(view.annotations).toEqual([expect.objectContaining({ id: note.id, value: 'שלום עולם 👋', y: 500, fontSize: 14 })]);
	});

	it("says the engine's reason when the content does not fit the annotation (a date on a signer's field)", async () => {
		const { workflowId, startDate } = await draft('Wrong content');
		const refused = await runSignflowNode({ resource: 'annotation', operation: 'update', workflowId, annotationId: startDate.id, updateFields: { date: '2026-05-01' } }, credentials);
		expect(refused.error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		expect((refused.error as unknown as { description: string }).description).toMatch(/^Signflow error "annotation_filled_by_signer"/);
		const twoContents = await runSignflowNode({ resource: 'annotation', operation: 'update', workflowId, annotationId: startDate.id, updateFields: { text: 'x', checked: true } }, credentials);
		expect(twoContents.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/keep only one/) });
	});
});

describe('File -> Remove', () => {
	it('removes a PDF from a draft with the fields on it; the other PDF stays', async () => {
		const { workflowId, contractId, annexId } = await draft('Files');
		const [after] = await run({ resource: 'file', operation: 'remove', workflowId, fileId: contractId });
		expect(after.files.map((file: Item) => file.id)).toEqual([annexId]);
		const view = await engineView(workflowId);
		expect(view.files).toEqual([expect.objectContaining({ id: annexId, name: '附件 📎.pdf' })]);
		expect([view.signatures, view.annotations]).toEqual([[], []]);
		expect((await t.api.get(`/workflows/${workflowId}/files/${contractId}/content`)).status).toBe(404);
	});
});

describe('a workflow that was sent', () => {
	it('refuses every edit with a NodeApiError saying it was already sent and only drafts change', async () => {
		const { workflowId, contractId, zoe, zoeField, note } = await sent('Envoyé – Zoë');
		const edits: Array<Record<string, unknown>> = [
			{ resource: 'workflow', operation: 'update', updateFields: { name: 'Später' } },
			{ resource: 'signer', operation: 'update', signerId: zoe.id, updateFields: { name: 'Zoë' } },
			{ resource: 'signer', operation: 'remove', signerId: zoe.id },
			{ resource: 'signature', operation: 'update', signatureId: zoeField.id, updateFields: { x: 10 } },
			{ resource: 'signature', operation: 'remove', signatureId: zoeField.id },
			{ resource: 'annotation', operation: 'update', annotationId: note.id, updateFields: { text: 'neu' } },
			{ resource: 'annotation', operation: 'remove', annotationId: note.id },
			{ resource: 'file', operation: 'remove', fileId: contractId },
		];
		for (const edit of edits) {
			const refused = await runSignflowNode({ ...edit, workflowId }, credentials);
			const key = `${edit.resource as string} ${edit.operation as string}`;
			expect({ key, error: refused.error }).toMatchObject({
				key,
				error: { name: 'NodeApiError', httpCode: '409', message: 'This signing workflow was already sent: only a draft changes.' },
			});
			expect((refused.error as unknown as { description: string }).description).toMatch(/^Signflow error "workflow_not_draft".*Correct/);
		}
		const view = await engineView(workflowId);
		expect(view).toMatchObject({ status: 'sent', name: 'Envoyé – Zoë', files: [expect.objectContaining({ id: contractId }), expect.anything()] });
		expect(view.signatures.find((field: Item) => field.id === zoeField.id)).toMatchObject({ x: 72 });
	});

	it('with Continue On Fail, a sent workflow is an error item and the drafts around it change', async () => {
		const first = await draft('Eins');
		const { workflowId: sentId } = await sent('Zwei');
		const third = await draft('Drei');
		const input = [first.workflowId, sentId, third.workflowId].map((id) => ({ json: { id } }));
		const result = await runSignflowNode({ resource: 'workflow', operation: 'update', workflowId: '={{ $json.id }}', updateFields: { message: 'Merci 🙏' } }, credentials, input, { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.message ?? null, item.json.error ?? null, item.pairedItem])).toEqual([
			['Merci 🙏', null, { item: 0 }],
			[null, 'This signing workflow was already sent: only a draft changes.', { item: 1 }],
			['Merci 🙏', null, { item: 2 }],
		]);
		expect((await engineView(sentId)).message).toBe('Bitte unterschreiben');
		expect((await engineView(third.workflowId)).message).toBe('Merci 🙏');
	});
});

describe('an Update with nothing set', () => {
	it('is refused before any request, saying what to set', async () => {
		// No signing workflow has this ID: a request would answer 404, so a NodeOperationError proves none was made.
		const workflowId = randomUUID();
		const updates: Array<[Record<string, unknown>, RegExp]> = [
			[{ resource: 'workflow', operation: 'update', updateFields: {} }, /Name, Message, Expires At/],
			[{ resource: 'signer', operation: 'update', signerId: randomUUID(), updateFields: {} }, /Name, Email, Role, Order/],
			[{ resource: 'signature', operation: 'update', signatureId: randomUUID(), updateFields: {} }, /Page, X, Y, Width, Height, Signer/],
			[{ resource: 'annotation', operation: 'update', annotationId: randomUUID(), updateFields: { text: '  ', label: '' } }, /Page, X, Y, Text, Date, Checked/],
		];
		for (const [parameters, names] of updates) {
			const refused = await runSignflowNode({ ...parameters, workflowId }, credentials);
			expect(refused.error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/^Nothing to update: add .* under Update Fields\.$/) });
			expect(refused.error?.message).toMatch(names);
		}
		const tolerated = await runSignflowNode({ resource: 'signer', operation: 'update', workflowId, signerId: randomUUID(), updateFields: {} }, credentials, [{ json: {} }, { json: {} }], { continueOnFail: true });
		expect(tolerated.items.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[expect.stringMatching(/^Nothing to update/), { item: 0 }],
			[expect.stringMatching(/^Nothing to update/), { item: 1 }],
		]);
	});
});

describe('Signing Workflow -> Retry Sealing', () => {
	/** Signed after its stored original was lost (a disk replaced without its blobs): the sealing fails for good. */
	async function sealingFailed(original: Buffer) {
		const workflowId = (await t.api.post('/workflows', { name: 'Arbeitsvertrag – Zoë 🗂️' })).body.id as string;
		const file = (await t.api.upload(workflowId, 'مستند.pdf', original)).body;
		const signer = (await t.api.post(`/workflows/${workflowId}/signers`, { name: '李 小龙', email: 'li@example.com' })).body;
		const field = (await t.api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sentWorkflow = (await t.api.post(`/workflows/${workflowId}/send`)).body;
		await removeBlob(t.dataDir, createHash('sha256').update(original).digest('hex'));
		await new SignerClient(sentWorkflow.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: '李 小龙' } } });
		await until(() => engineView(workflowId), (view) => view.finalization?.status === 'failed', 20_000);
		return workflowId;
	}

	it('makes the signed PDF again once the lost PDF is back, and the workflow completes with it', async () => {
		const original = fixturePdf('a4-1page.pdf');
		const workflowId = await sealingFailed(original);
		await t.engine.blobs.put(original);

		const [retried] = await run({ resource: 'workflow', operation: 'retrySealing', workflowId });
		expect(retried).toMatchObject({ id: workflowId, status: 'completed', finalization: { status: 'pending', attempts: 0 } });
		await auditWith(t.api, workflowId, 'workflow.completed', 20_000);
		expect((await engineView(workflowId)).finalization).toMatchObject({ status: 'done', lastError: null });
		const [downloaded] = (await runSignflowNode({ resource: 'workflow', operation: 'downloadSigned', workflowId, binaryPropertyName: 'data', options: {} }, credentials)).items;
		expect(Object.keys(downloaded.binary ?? {}).length).toBeGreaterThan(0);

		// Done now: another retry is the engine's 409, or an error item with Continue On Fail.
		const again = await runSignflowNode({ resource: 'workflow', operation: 'retrySealing', workflowId }, credentials);
		expect(again.error).toMatchObject({ name: 'NodeApiError', httpCode: '409' });
		expect((again.error as unknown as { description: string }).description).toMatch(/^Signflow error "finalization_not_failed"/);
		const tolerated = await runSignflowNode({ resource: 'workflow', operation: 'retrySealing', workflowId }, credentials, [{ json: {} }], { continueOnFail: true });
		expect(tolerated.items).toEqual([expect.objectContaining({ json: expect.objectContaining({ error: again.error?.message }), pairedItem: { item: 0 } })]);
	}, 60_000);
});
