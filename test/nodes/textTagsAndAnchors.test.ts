import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';

/* File > Add with Detect Text Tags, and Signature Field / Annotation placed by Anchor Text, against a real engine. */

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;

beforeAll(async () => {
	t = await startTestEngine();
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

async function run(parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2]) {
	const result = await runSignflowNode(parameters, credentials, input);
	if (result.error) throw result.error;
	return result.items.map((item) => item.json as Record<string, any>);
}

async function offerLetter(): Promise<Buffer> {
	const document = await PDFDocument.create();
	const font = await document.embedFont(StandardFonts.Helvetica);
	for (const y of [600, 300]) {
		const page = document.addPage([612, 792]);
		page.drawText('Firma del empleado / Signature:', { x: 72, y, size: 11, font });
		page.drawText('{{signature;role=Renée Dubois}}  {{date;role=signer1;name=Fecha}}', { x: 72, y: y - 40, size: 11, font });
	}
	return Buffer.from(await document.save());
}

async function draftWithSigner() {
	const [workflow] = await run({ resource: 'workflow', operation: 'add', name: 'Carta de oferta – Renée', additionalFields: {} });
	const workflowId = workflow.id as string;
	const [signer] = await run({ resource: 'signer', operation: 'add', workflowId, name: 'Renée Dubois', email: 'renee@example.com', role: 'signer', order: 1, accessCode: '' });
	return { workflowId, signerId: signer.id as string };
}

const pdfItem = async () => [{ json: {}, binary: { data: { data: await offerLetter(), fileName: 'oferta.pdf', mimeType: 'application/pdf' } } }];

describe('File > Add: Detect Text Tags', () => {
	it('turns the tags into fields of the signers already added, and lists them', async () => {
		const { workflowId, signerId } = await draftWithSigner();
		const [file] = await run(
			{ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '', textTags: true },
			await pdfItem(),
		);
		expect(file.textTagFields.signatures.map((field: { page: number; signerId: string }) => [field.page, field.signerId])).toEqual([
			[1, signerId],
			[2, signerId],
		]);
		expect(file.textTagFields.annotations.map((field: { type: string; label: string }) => [field.type, field.label])).toEqual([
			['date', 'Fecha'],
			['date', 'Fecha'],
		]);
	});

	it('leaves the tags alone when off (the default)', async () => {
		const { workflowId } = await draftWithSigner();
		const [file] = await run({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, await pdfItem());
		expect(file.textTagFields).toBeUndefined();
	});
});

describe('Position: Anchor Text', () => {
	it('places a signature at the n-th occurrence and an annotation at every one; an anchor not found is an error naming it', async () => {
		const { workflowId, signerId } = await draftWithSigner();
		const [file] = await run({ resource: 'file', operation: 'add', workflowId, source: 'binary', binaryPropertyName: 'data', fileName: '' }, await pdfItem());
		const anchor = { position: 'anchor', anchorText: 'Signature:', anchorOffsetX: 0, anchorOffsetY: -60 };
		const [field] = await run({ resource: 'signature', operation: 'add', workflowId, fileId: file.id, signerId, ...anchor, anchorOccurrence: 2, width: 180, height: 50, kind: 'signature', required: true });
		expect(field).toMatchObject({ page: 2, width: 180, height: 50 });
		expect(field.y).toBeLessThan(300 - 40);

		const [annotation] = await run({
			resource: 'annotation',
			operation: 'add',
			workflowId,
			fileId: file.id,
			...anchor,
			anchorOccurrence: 0,
			width: 200,
			height: 20,
			fontSize: 11,
			type: 'text',
			filledBy: 'sender',
			text: 'Departamento: Ventas',
		});
		expect(annotation.anchorFields.map((placed: { page: number }) => placed.page)).toEqual([1, 2]);

		const missing = await runSignflowNode(
			{ resource: 'signature', operation: 'add', workflowId, fileId: file.id, signerId, position: 'anchor', anchorText: 'Unterschrift:', anchorOffsetX: 0, anchorOffsetY: 0, anchorOccurrence: 0, width: 180, height: 50, kind: 'signature', required: true },
			credentials,
		);
		expect(missing.error?.message).toMatch(/The anchor text "Unterschrift:" does not occur/);
	});
});
