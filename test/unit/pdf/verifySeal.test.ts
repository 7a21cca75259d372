import { PDFDocument } from 'pdf-lib';
import { LocalP12Sealer } from '../../../engine/pdf/localP12Sealer';
import { identityFromP12, selfSignedP12 } from '../../../engine/pdf/sealIdentity';
import { checkSeal, parsePdfDate } from '../../../engine/pdf/verifySeal';
import { fixturePdf } from '../../helpers/pdf/fixtures';

describe('the time a seal was made', () => {
	it.each([
		['D:20270104100000Z', '2027-01-04T10:00:00.000Z'],
		["D:20270104110000+01'00'", '2027-01-04T10:00:00.000Z'],
		["D:20270103213000-12'30", '2027-01-04T10:00:00.000Z'],
		['D:20270104100000', '2027-01-04T10:00:00.000Z'],
		['D:2027', '2027-01-01T00:00:00.000Z'],
	])('reads the PDF date %s', (value, expected) => {
		expect(parsePdfDate(value)).toBe(expected);
	});

	it.each(['20270104', 'D:27', 'D:'])('refuses %s', (value) => {
		expect(parsePdfDate(value)).toBeNull();
	});

	// The signature dictionary's /M follows its /Contents, which is larger than any fixed window around /ByteRange.
	it.each([
		['Acme HR', 'a4-1page.pdf'],
		['Zu\u0308rich Büro – مكتب – 東京 ✍️', 'letter-3pages.pdf'],
	])('is the signing time of a seal for %s', async (name, file) => {
		const signingTime = new Date('2027-01-04T10:00:00.000Z');
		const document = await PDFDocument.load(fixturePdf(file), { updateMetadata: false });
		const sealed = Buffer.from(
			await new LocalP12Sealer(identityFromP12(selfSignedP12(name, 'pw'), 'pw')).seal(document, { signingTime, reason: 'Signed by all parties', location: name, contactInfo: name }),
		);
		expect(await checkSeal(sealed)).toMatchObject({ signatureValid: true, coversWholeDocument: true, signedAt: signingTime.toISOString() });
	});
});
