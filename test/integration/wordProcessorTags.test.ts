import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { words } from '../helpers/pdf/pdfTools';

/*
 * A PDF from a word processor: a letter written here as HTML, tags typed in
 * white after labels in the same paragraph, converted by LibreOffice Writer
 * (its own profile in a temporary folder, with a timeout). Each field must
 * start within 1 pt of where poppler (pdftotext -bbox) sees its tag.
 */

const soffice = ['soffice', 'libreoffice'].find((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0);
const describeWithSoffice = soffice ? describe : describe.skip;
if (!soffice) console.warn('wordProcessorTags.test.ts skipped: LibreOffice (soffice) is not installed; apt-get install --no-install-recommends libreoffice-writer-nogui');

function convertToPdf(html: string): Uint8Array {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-soffice-'));
	try {
		const source = path.join(dir, 'vertrag.html');
		writeFileSync(source, html);
		execFileSync(
			soffice!,
			[`-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', dir, source],
			{ timeout: 120_000, stdio: 'ignore' },
		);
		return readFileSync(path.join(dir, 'vertrag.pdf'));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

let t: TestEngine;

beforeAll(async () => {
	if (soffice) t = await startTestEngine();
});

afterAll(async () => {
	await t?.stop();
});

describeWithSoffice('a PDF made by LibreOffice Writer with tags typed in white', () => {
	it('finds every tag and puts each field within 1 pt of where poppler sees the tag', async () => {
		const bytes = convertToPdf(`<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"></head>
			<body style="font-family: 'DejaVu Serif'; font-size: 12pt">
			<h1>Arbeitsvertrag – Zoë Ødegaard</h1>
			<p>Wöchentliche Arbeitszeit: 40 Stunden. 日本語のテキスト.</p>
			<p>Unterschrift der Arbeitnehmerin: <font color="#ffffff">{{signature;role=Ann Lee}}</font></p>
			<p>Datum: <font color="#ffffff">{{date;role=signer1;required}}</font> in Köln</p>
			<p>Gehalt: <font color="#ffffff">{{text;role=hr@example.com;name=Gehalt brutto}}</font></p>
			</body></html>`);
		const workflowId = (await t.api.post('/workflows', { name: 'Arbeitsvertrag – Zoë Ødegaard' })).body.id as string;
		const ann = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Ann Lee', email: 'ann@example.com', order: 1 })).body;
		const hal = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Hal Ödegaard', email: 'hr@example.com', order: 2 })).body;
		const added = await t.api.post(`/workflows/${workflowId}/files`, { name: 'vertrag.pdf', contentBase64: Buffer.from(bytes).toString('base64'), textTags: true });
		expect([added.status, added.body.error?.message]).toEqual([201, undefined]);
		const { signatures, annotations } = added.body.textTagFields;
		expect(signatures.map((field: any) => [field.kind, field.signerId])).toEqual([['signature', ann.id]]);
		expect(annotations.map((field: any) => [field.type, field.signerId, field.label])).toEqual([
			['date', ann.id, null],
			['text', hal.id, 'Gehalt brutto'],
		]);
		const pageHeight = added.body.pages[0].height;
		const starts = words(bytes).filter((word) => word.text.startsWith('{{'));
		expect(starts.map((word) => word.text)).toEqual(['{{signature;role=Ann', '{{date;role=signer1;required}}', '{{text;role=hr@example.com;name=Gehalt']);
		const pairs = [
			[signatures[0], starts[0]],
			[annotations[0], starts[1]],
			[annotations[1], starts[2]],
		] as const;
		for (const [field, word] of pairs) {
			expect(Math.abs(field.x - word.xMin)).toBeLessThanOrEqual(1);
			// Vertically poppler's word box spans the font's bounding box, pdf.js's (the field) its ascent and descent: up to 2 pt apart.
			expect(Math.abs(field.y - (pageHeight - word.yMax))).toBeLessThanOrEqual(2);
			expect(Math.abs(field.y + field.height - (pageHeight - word.yMin))).toBeLessThanOrEqual(2);
		}
		const date = words(bytes).find((word) => word.text === '{{date;role=signer1;required}}')!;
		expect(Math.abs(annotations[0].x + annotations[0].width - date.xMax)).toBeLessThanOrEqual(1);
	});
});
