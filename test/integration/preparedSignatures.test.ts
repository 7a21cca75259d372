import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { SignatureField } from '../../engine/domain';
import { DocumentFonts } from '../../engine/pdf/fonts';
import { stampDocument } from '../../engine/pdf/stamp';
import { auditWith } from '../helpers/engine/audit';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig, qpdfCheck, renderPage } from '../helpers/pdf/pdfTools';
import { strokePng } from '../helpers/pdf/pngs';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 50 });
});
afterAll(() => t.destroy());

describe('drawn signatures decoded once, at upload', () => {
	it('are kept from the signing until their finalization stamps them, onto a page that looks as when the PNG is decoded then', async () => {
		const draft = await createReadyDraft(t.api, 'Prepared signatures – Zoë');
		const id = draft.workflowId;
		const sent = (await t.api.post(`/workflows/${id}/send`)).body;
		const fields: SignatureField[] = (await t.api.get(`/workflows/${id}`)).body.signatures;
		const pngs = [strokePng('rgba'), strokePng('rgba', { width: 600, height: 200 })];
		const shas = pngs.map(sha256);

		for (const [index, signerId] of draft.signerIds.entries()) {
			const link = new SignerClient(sent.signers.find((signer: { id: string }) => signer.id === signerId).signingUrl);
			const field = fields.find((candidate) => candidate.signerId === signerId)!;
			const signed = await link.sign({ consent: true, values: { [field.id]: { type: 'drawn', pngBase64: pngs[index].toString('base64') } } });
			expect(signed.status).toBe(200);
			// The first signature waits (prepared) for the workflow to complete; no other organization sees it.
			if (index === 0) {
				expect([...t.engine.preparedPngs.find(t.organizationId, shas).keys()]).toEqual([shas[0]]);
				expect(t.engine.preparedPngs.find('another-organization', shas).size).toBe(0);
			}
		}
		await auditWith(t.api, id, 'workflow.completed', 30_000);
		// Stamped, they are let go.
		expect(t.engine.preparedPngs.find(t.organizationId, shas).size).toBe(0);

		const signed = (await t.api.get(`/workflows/${id}/files/${draft.fileId}/content?version=signed`)).bytes;
		expect(qpdfCheck(signed).code).toBe(0);
		expect(pdfsig(signed)).toContain('Signature Validation: Signature is Valid.');
		// The same page stamped from the stored PNGs, decoded now, as the finalization did before it kept them.
		const reference = await PDFDocument.load(fixturePdf('a4-1page.pdf'));
		const stored = (await t.api.get(`/workflows/${id}`)).body.signatures as SignatureField[];
		await stampDocument(
			reference,
			{
				signatures: draft.signerIds.map((signerId, index) => ({ field: stored.find((field) => field.signerId === signerId)!, png: pngs[index] })),
				annotations: [],
				timeZone: 'UTC',
			},
			new DocumentFonts(reference),
		);
		expect(renderPage(signed, 1, 150).equals(renderPage(await reference.save(), 1, 150))).toBe(true);
	});
});
