import { PDFDocument } from 'pdf-lib';
import { LocalP12Sealer } from '../../../engine/pdf/localP12Sealer';
import { identityFromP12, selfSignedP12, type SealIdentity } from '../../../engine/pdf/sealIdentity';
import { checkSeal } from '../../../engine/pdf/verifySeal';
import { fixturePdf } from '../../helpers/pdf/fixtures';
import { pdfsig, qpdfCheck } from '../../helpers/pdf/pdfTools';
import { p12ThatCannotSign } from '../../helpers/pdf/seals';

const SIGNING_TIME = new Date('2027-01-04T10:00:00.000Z');

async function seal(identity: SealIdentity): Promise<Buffer> {
	const document = await PDFDocument.load(fixturePdf('a4-1page.pdf'), { updateMetadata: false });
	document.setModificationDate(SIGNING_TIME);
	const sealed = await new LocalP12Sealer(identity).seal(document, { signingTime: SIGNING_TIME, reason: 'Signed by all parties', location: 'Test', contactInfo: 'Test' });
	return Buffer.from(sealed);
}

describe('the PAdES seal, with each identity opened once per thread', () => {
	it('signs with the identity it is given, each seal as valid as the first and the same bytes', async () => {
		const first = identityFromP12(selfSignedP12('Acme HR', 'pw'), 'pw');
		const second = identityFromP12(selfSignedP12('株式会社 印章', 'pw'), 'pw');
		const once = await seal(first);
		// Each job brings its identity as a copy (structured clone into the worker): the same bytes, another object.
		const outcomes = [];
		for (const identity of [second, structuredClone(first), second, first]) outcomes.push({ identity, bytes: await seal(identity) });
		for (const { identity, bytes } of [{ identity: first, bytes: once }, ...outcomes]) {
			const check = await checkSeal(bytes);
			expect(check).toMatchObject({ sealed: true, signatureValid: true, coversWholeDocument: true, signer: identity.subject });
			expect(pdfsig(bytes)).toContain('Signature is Valid');
		}
		// PKCS#1 v1.5 signatures are deterministic: a seal with the identity kept is the seal made afresh.
		expect(outcomes[1].bytes.equals(once)).toBe(true);
		expect(outcomes[3].bytes.equals(once)).toBe(true);
		expect(outcomes[0].bytes.equals(outcomes[2].bytes)).toBe(true);
	});

	it('writes names in any script into the signature as text, which pdfsig and qpdf read without complaint', async () => {
		const name = 'Zu\u0308rich Büro – مكتب الرياض – 東京事務所 ✍️';
		const identity = identityFromP12(selfSignedP12(name, 'pw'), 'pw');
		const document = await PDFDocument.load(fixturePdf('a4-1page.pdf'), { updateMetadata: false });
		const bytes = Buffer.from(
			await new LocalP12Sealer(identity).seal(document, { signingTime: SIGNING_TIME, reason: 'Unterzeichnet – تم التوقيع', location: 'Zürich', contactInfo: 'zoë@example.com' }),
		);
		const report = pdfsig(bytes);
		expect(report).toContain('Signature is Valid');
		expect(report).not.toMatch(/Syntax Error/i);
		expect(report).toContain(`Signer Certificate Common Name: ${identity.subject}`);
		const check = qpdfCheck(bytes);
		expect(check.output).not.toMatch(/WARNING/);
		expect(check.code).toBe(0);
		expect(await checkSeal(bytes)).toMatchObject({ signatureValid: true, coversWholeDocument: true, signer: identity.subject });
	});

	it('writes a name with an unbalanced parenthesis or a backslash as it is', async () => {
		const identity = identityFromP12(selfSignedP12('Acme :) Holding \\ (Europe', 'pw'), 'pw');
		const document = await PDFDocument.load(fixturePdf('a4-1page.pdf'), { updateMetadata: false });
		const bytes = Buffer.from(await new LocalP12Sealer(identity).seal(document, { signingTime: SIGNING_TIME, reason: 'Signed (all', location: 'a\\b', contactInfo: ')' }));
		expect(pdfsig(bytes)).not.toMatch(/Syntax Error/i);
		expect(qpdfCheck(bytes).output).not.toMatch(/WARNING/);
	});

	it('reports a key that cannot sign on every seal, not only the first', async () => {
		const broken = identityFromP12(p12ThatCannotSign('Brøken Seal', 'pw'), 'pw');
		for (let attempt = 0; attempt < 2; attempt += 1) await expect(seal(broken)).rejects.toThrow('Sealing with the certificate "Brøken Seal" failed');
	});
});
