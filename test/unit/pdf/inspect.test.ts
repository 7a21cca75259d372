import { SignflowError } from '../../../engine/domain';
import { inspectPdf } from '../../../engine/pdf/inspect';
import { fixturePdf } from '../../helpers/pdf/fixtures';

describe('inspectPdf on the shared fixtures', () => {
	it('reads a one-page A4 file', async () => {
		const facts = await inspectPdf(fixturePdf('a4-1page.pdf'));
		expect(facts.pageCount).toBe(1);
		expect(facts.pages[0]).toEqual({ number: 1, width: 595.28, height: 841.89, rotation: 0 });
	});

	it('records each page size of a mixed-size file', async () => {
		const facts = await inspectPdf(fixturePdf('mixed-sizes.pdf'));
		expect(facts.pageCount).toBe(3);
		const [portrait, landscape, a5] = facts.pages;
		expect(portrait.width).toBeLessThan(portrait.height);
		expect(landscape.width).toBeGreaterThan(landscape.height);
		expect(a5.width * a5.height).toBeLessThan(portrait.width * portrait.height);
	});

	it('records the rotation of a rotated page', async () => {
		const facts = await inspectPdf(fixturePdf('rotated-90.pdf'));
		expect(facts.pages[0].rotation).toBe(90);
	});

	it.each([
		['letter-3pages.pdf', 3],
		['object-streams.pdf', undefined],
		['linearized.pdf', undefined],
		['cairo-producer.pdf', undefined],
		['pages-500.pdf', 500],
	])('accepts %s', async (name, pages) => {
		const facts = await inspectPdf(fixturePdf(name));
		expect(facts.pageCount).toBeGreaterThan(0);
		if (pages) expect(facts.pageCount).toBe(pages);
		expect(facts.pages).toHaveLength(facts.pageCount);
	});

	it.each([
		['empty.pdf', 'file_empty'],
		['not-a-pdf.pdf', 'file_not_pdf'],
		['encrypted-password.pdf', 'file_encrypted'],
		['truncated.pdf', 'file_broken'],
	])('refuses %s with %s', async (name, code) => {
		const error = await inspectPdf(fixturePdf(name)).then(
			() => null,
			(caught: unknown) => caught,
		);
		expect(error).toBeInstanceOf(SignflowError);
		expect(error).toMatchObject({ kind: 'invalid', code });
	});
});
