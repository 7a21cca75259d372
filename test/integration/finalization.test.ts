import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { auditWith } from '../helpers/engine/audit';
import { runCli } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { PNG_1PX, SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig, pdftotext, qpdfCheck, words, type Word } from '../helpers/pdf/pdfTools';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A box in PDF points (bottom-left origin) as pdftotext shows it (top-left origin, rotation applied). */
function displayed(box: { x: number; y: number; width: number; height: number }, rotation: number, width: number, height: number) {
	const map = (px: number, py: number) =>
		({ 0: [px, height - py], 90: [py, px], 180: [width - px, py], 270: [height - py, width - px] })[rotation] as [number, number];
	const corners = [map(box.x, box.y), map(box.x + box.width, box.y + box.height)];
	return {
		xMin: Math.min(corners[0][0], corners[1][0]),
		xMax: Math.max(corners[0][0], corners[1][0]),
		yMin: Math.min(corners[0][1], corners[1][1]),
		yMax: Math.max(corners[0][1], corners[1][1]),
	};
}

function inside(word: Word, box: ReturnType<typeof displayed>, slack = 1) {
	return word.xMin >= box.xMin - slack && word.xMax <= box.xMax + slack && word.yMin >= box.yMin - slack && word.yMax <= box.yMax + slack;
}

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 50 });
});
afterAll(() => t.destroy());

interface Completed {
	workflowId: string;
	links: SignerClient[];
	files: Record<string, { id: string; signed: Buffer; original: Buffer }>;
	events: Awaited<ReturnType<typeof auditWith>>['events'];
	boxes: Record<string, { fileId: string; page: number; x: number; y: number; width: number; height: number }>;
}

/** Two files (mixed sizes, a rotated page), a signer, an approver and a cc; every kind of field; signed through the links. */
async function completeWorkflow(): Promise<Completed> {
	const { api } = t;
	const workflow = await api.post('/workflows', { name: 'Employment contract', timeZone: 'Europe/Berlin' });
	const id = workflow.body.id;
	const contract = (await api.upload(id, 'contract.pdf', fixturePdf('mixed-sizes.pdf'))).body;
	const annex = (await api.upload(id, 'annex.pdf', fixturePdf('rotated-90.pdf'))).body;
	const ann = (await api.post(`/workflows/${id}/signers`, { name: 'Ann Lee', email: 'ann@example.com' })).body;
	await api.post(`/workflows/${id}/signers`, { name: 'Hal Boss', email: 'hal@example.com', role: 'approver', order: 2 });
	await api.post(`/workflows/${id}/signers`, { name: 'Cid Copy', email: 'cid@example.com', role: 'cc' });

	const boxes: Completed['boxes'] = {
		drawn: { fileId: contract.id, page: 1, x: 60, y: 90, width: 180, height: 50 },
		typed: { fileId: annex.id, page: 1, x: 100, y: 300, width: 60, height: 200 },
		fixedText: { fileId: contract.id, page: 2, x: 500, y: 400, width: 250, height: 20 },
		fixedDate: { fileId: contract.id, page: 1, x: 60, y: 700, width: 150, height: 20 },
		filledText: { fileId: contract.id, page: 3, x: 40, y: 200, width: 200, height: 20 },
		filledDate: { fileId: contract.id, page: 1, x: 300, y: 700, width: 150, height: 20 },
	};
	const field = async (box: Completed['boxes'][string], extra: object) =>
		(await api.post(`/workflows/${id}/signatures`, { ...box, signerId: ann.id, ...extra })).body.id as string;
	const drawnId = await field(boxes.drawn, {});
	const typedId = await field(boxes.typed, { kind: 'initials' });
	const annotate = async (box: Completed['boxes'][string], extra: object) =>
		(await api.post(`/workflows/${id}/annotations`, { ...box, ...extra })).body.id as string;
	await annotate(boxes.fixedText, { type: 'text', value: 'Employee-no.-1042' });
	await annotate(boxes.fixedDate, { type: 'date', value: '2027-01-04' });
	await annotate({ fileId: contract.id, page: 1, x: 500, y: 700, width: 14, height: 14 }, { type: 'checkbox', value: true });
	await annotate({ fileId: contract.id, page: 1, x: 300, y: 60, width: 40, height: 40 }, { type: 'image', value: PNG_1PX });
	const filledTextId = await annotate(boxes.filledText, { type: 'text', signerId: ann.id });
	const filledDateId = await annotate(boxes.filledDate, { type: 'date', signerId: ann.id });
	const checkId = await annotate({ fileId: annex.id, page: 2, x: 50, y: 50, width: 14, height: 14 }, { type: 'checkbox', signerId: ann.id });

	const sent = (await api.post(`/workflows/${id}/send`)).body;
	const link = (email: string) => new SignerClient(sent.signers.find((s: { email: string }) => s.email === email).signingUrl);
	const signed = await link('ann@example.com').sign({
		consent: true,
		values: {
			[drawnId]: { type: 'drawn', pngBase64: PNG_1PX },
			[typedId]: { type: 'typed', text: 'Ann-Lee' },
			[filledTextId]: { type: 'text', value: 'Sales-Director' },
			[filledDateId]: { type: 'date', value: '2027-02-01' },
			[checkId]: { type: 'checkbox', value: true },
		},
	});
	expect(signed.status).toBe(200);
	expect((await link('hal@example.com').sign({ consent: true })).body.state).toBe('completed');
	const { events } = await auditWith(api, id, 'workflow.completed', 20_000);

	const detail = (await api.get(`/workflows/${id}`)).body;
	const files: Completed['files'] = {};
	for (const file of detail.files) {
		const signedFile = await api.get(`/workflows/${id}/files/${file.id}/content?version=signed`);
		expect(signedFile.status).toBe(200);
		expect(signedFile.headers.get('content-disposition')).toContain('-signed.pdf');
		const original = await api.get(`/workflows/${id}/files/${file.id}/content?version=original`);
		files[file.name] = { id: file.id, signed: signedFile.bytes, original: original.bytes };
	}
	return { workflowId: id, files, events, boxes, links: sent.signers.map((s: { signingUrl: string }) => new SignerClient(s.signingUrl)) };
}

describe('finalization of a completed workflow', () => {
	let done: Completed;
	beforeAll(async () => {
		done = await completeWorkflow();
	});

	it('announces workflow.completed after the signed files are stored, with their hashes', async () => {
		const completed = done.events.filter((event) => event.type === 'workflow.completed');
		expect(completed).toHaveLength(1);
		expect(done.events[done.events.length - 1].type).toBe('workflow.completed');
		const announced = completed[0].data.files as Array<{ fileId: string; sha256: string; signedSha256: string }>;
		for (const [name, file] of Object.entries(done.files)) {
			const entry = announced.find((candidate) => candidate.fileId === file.id)!;
			expect(entry.signedSha256).toBe(sha256(file.signed));
			expect(entry.sha256).toBe(sha256(file.original));
			// The original is kept untouched beside the signed one.
			expect(file.original.equals(fixturePdf(name === 'contract.pdf' ? 'mixed-sizes.pdf' : 'rotated-90.pdf'))).toBe(true);
		}
		const detail = (await t.api.get(`/workflows/${done.workflowId}`)).body;
		expect(detail.files.map((file: { signedSha256: string }) => file.signedSha256)).toEqual(
			detail.files.map((file: { id: string }) => announced.find((entry) => entry.fileId === file.id)!.signedSha256),
		);
	});

	it('seals each file so that pdfsig reports the signature valid over the whole document, and qpdf finds no error', () => {
		for (const file of Object.values(done.files)) {
			const report = pdfsig(file.signed);
			expect(report).toContain('Signature Type: ETSI.CAdES.detached');
			expect(report).toContain('Signature Validation: Signature is Valid.');
			expect(report).toContain('Total document signed');
			const check = qpdfCheck(file.signed);
			expect(check.output).toContain('No syntax or stream encoding errors found');
			expect(check.code).toBe(0);
		}
	});

	it('keeps every page, its size and rotation, and appends the certificate', async () => {
		const contract = await PDFDocument.load(done.files['contract.pdf'].signed);
		const original = await PDFDocument.load(fixturePdf('mixed-sizes.pdf'));
		expect(contract.getPageCount()).toBeGreaterThan(original.getPageCount());
		original.getPages().forEach((page, index) => {
			expect(contract.getPage(index).getSize()).toEqual(page.getSize());
		});
		const annex = await PDFDocument.load(done.files['annex.pdf'].signed);
		expect(annex.getPage(0).getRotation().angle).toBe(90);
	});

	it('stamps each value where its field is, upright, rotated pages included', async () => {
		const contract = await PDFDocument.load(fixturePdf('mixed-sizes.pdf'));
		const size = (page: number) => contract.getPage(page - 1).getSize();
		const contractWords = words(done.files['contract.pdf'].signed);
		const expectIn = (text: string, boxName: string, rotation = 0, pageSize = size(done.boxes[boxName].page)) => {
			const box = done.boxes[boxName];
			const word = contractWords.find((candidate) => candidate.text === text && candidate.page === box.page);
			expect({ text, found: Boolean(word) }).toEqual({ text, found: true });
			expect(inside(word!, displayed(box, rotation, pageSize.width, pageSize.height))).toBe(true);
		};
		expectIn('Employee-no.-1042', 'fixedText');
		expectIn('4', 'fixedDate'); // "4 January 2027", formatted in the workflow's time zone
		expect(contractWords.some((word) => word.text === 'January' && word.page === 1)).toBe(true);
		expectIn('Sales-Director', 'filledText');
		expect(contractWords.some((word) => word.text === 'February' && word.page === 1)).toBe(true);

		// The typed initials on the page with /Rotate 90: inside the box as displayed, reading left to right.
		const annexWords = words(done.files['annex.pdf'].signed);
		const typed = annexWords.find((word) => word.text === 'Ann-Lee' && word.page === 1)!;
		expect(typed).toBeDefined();
		const box = displayed(done.boxes.typed, 90, 595.28, 841.89);
		expect(inside(typed, box)).toBe(true);
		expect(typed.xMax - typed.xMin).toBeGreaterThan(typed.yMax - typed.yMin);
	});

	it('appends a certificate of completion naming the workflow, the hashes, every party and the audit head', () => {
		const signed = done.files['contract.pdf'].signed;
		const text = pdftotext(signed).replace(/\s+/g, ' ');
		expect(text).toContain('Certificate of completion');
		expect(text).toContain('Employment contract');
		expect(text).toContain(done.workflowId);
		expect(text).toContain(sha256(fixturePdf('mixed-sizes.pdf')));
		expect(text).toContain(sha256(fixturePdf('rotated-90.pdf')));
		for (const party of ['Ann Lee <ann@example.com>', 'Hal Boss <hal@example.com>', 'Cid Copy <cid@example.com>']) expect(text).toContain(party);
		expect(text).toContain('127.0.0.1');
		expect(text).toContain('SignerClient/1.0');
		expect(text).toContain('Europe/Berlin');
		expect(text).toContain('I agree to sign this document electronically');
		const head = done.events[done.events.length - 2]; // the last event before workflow.completed
		expect(text).toContain(head.hash);
	});

	it('lets every party download the signed documents through their link', async () => {
		for (const link of done.links) {
			const page = await link.page();
			expect(page.body).toContain('Download the signed documents');
			for (const file of Object.values(done.files)) {
				expect(page.body).toContain(`/signed/${file.id}`);
				const download = await link.signedDocument(file.id);
				expect(download.status).toBe(200);
				expect(download.bytes.equals(file.signed)).toBe(true);
			}
		}
		// The links no longer appear in the API: they are not for signing any more.
		const detail = (await t.api.get(`/workflows/${done.workflowId}`)).body;
		expect(detail.signers.every((signer: { signingUrl: null }) => signer.signingUrl === null)).toBe(true);
	});
});

describe('verification', () => {
	let done: Completed;
	beforeAll(async () => {
		done = await completeWorkflow();
	});

	const verify = (bytes: Buffer, api = t.api) => api.post('/verify', { contentBase64: bytes.toString('base64') });

	it('recognizes an unmodified signed document and names its workflow', async () => {
		const response = await verify(done.files['contract.pdf'].signed);
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			unmodified: true,
			known: true,
			seal: { sealed: true, signatureValid: true, coversWholeDocument: true, signer: 'Acme HR (Signflow seal)' },
			workflow: { id: done.workflowId, name: 'Employment contract', status: 'completed' },
			file: { name: 'contract.pdf' },
		});
		// Sealed when the workflow was finalized: after it completed, not before (the seal's time, read from the document).
		const sealedAt = Date.parse(response.body.seal.signedAt);
		expect(sealedAt).toBeGreaterThanOrEqual(Date.parse(response.body.workflow.completedAt) - 1000);
		expect(sealedAt).toBeLessThanOrEqual(Date.now());
		// Also as a multipart upload.
		const form = new FormData();
		form.append('file', new Blob([done.files['annex.pdf'].signed]), 'annex-signed.pdf');
		const multipart = await t.api.request('POST', '/verify', { body: form });
		expect(multipart.body).toMatchObject({ unmodified: true, file: { name: 'annex.pdf' } });
	});

	it('reports a single changed byte anywhere as modified', async () => {
		const signed = done.files['contract.pdf'].signed;
		const text = signed.toString('latin1');
		const contentsStart = text.lastIndexOf('/Contents <') + '/Contents <'.length;
		const positions = {
			'in the first page': 200,
			'in the middle': Math.floor(signed.length / 2),
			'in the signature value': contentsStart + 40,
			'in the padding after the signature': text.indexOf('0000000000', contentsStart + 100) + 4,
			'in the last byte': signed.length - 1,
		};
		for (const [where, position] of Object.entries(positions)) {
			const tampered = Buffer.from(signed);
			tampered[position] = tampered[position] === 0x30 ? 0x31 : tampered[position] ^ 0x01;
			const response = await verify(tampered);
			expect({ where, unmodified: response.body.unmodified }).toEqual({ where, unmodified: false });
			expect(response.body.verdict).toMatch(/^Modified/);
		}
	});

	it('answers the same from the command line: signflow verify FILE.pdf', async () => {
		const { mkdtempSync, writeFileSync } = await import('node:fs');
		const { tmpdir } = await import('node:os');
		const dir = mkdtempSync(`${tmpdir()}/signflow-verify-`);
		const good = `${dir}/good.pdf`;
		const bad = `${dir}/bad.pdf`;
		writeFileSync(good, done.files['contract.pdf'].signed);
		const tampered = Buffer.from(done.files['contract.pdf'].signed);
		tampered[300] = tampered[300] ^ 0x01;
		writeFileSync(bad, tampered);
		const ok = await runCli(['verify', good, '--data', t.dataDir]);
		expect(ok.code).toBe(0);
		expect(ok.stdout).toContain('Unmodified');
		expect(ok.stdout).toContain(done.workflowId);
		expect(ok.stdout).toMatch(/seal: {5}valid \(Acme HR \(Signflow seal\), \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\)/);
		const json = JSON.parse((await runCli(['verify', good, '--json', '--data', t.dataDir])).stdout);
		expect(json).toMatchObject({ unmodified: true, workflow: { id: done.workflowId } });
		const modified = await runCli(['verify', bad, '--data', t.dataDir]);
		expect(modified.code).toBe(1);
		expect(modified.stdout).toMatch(/^Modified/);
	});

	it('does not vouch for documents of another organization, nor for unsigned ones', async () => {
		const other = await t.newOrganization('Other Org');
		const response = await verify(done.files['contract.pdf'].signed, other.api);
		expect(response.body).toMatchObject({ unmodified: false, known: false, workflow: null, seal: { signatureValid: true } });
		const plain = await verify(fixturePdf('a4-1page.pdf'));
		expect(plain.body).toMatchObject({ unmodified: false, seal: { sealed: false } });
		expect(plain.body.verdict).toMatch(/no seal/);
	});
});

describe('the audit trail', () => {
	it('detects a stored event that was changed afterwards', async () => {
		const done = await completeWorkflow();
		expect((await t.api.get(`/workflows/${done.workflowId}/audit`)).body.chain.intact).toBe(true);
		await withDatabase(t.dataDir, (database) =>
			database.run("update events set data = replace(data, '127.0.0.1', '10.9.8.7') where workflow_id = ? and type = 'signer.signed'", [done.workflowId]),
		);
		const audit = (await t.api.get(`/workflows/${done.workflowId}/audit`)).body;
		expect(audit.chain.intact).toBe(false);
		const tampered = audit.events.find((event: { type: string }) => event.type === 'signer.signed');
		expect(audit.chain.brokenAt).toMatchObject({ eventId: tampered.id, reason: 'content does not match its hash' });
	});
});

describe('artifacts', () => {
	it('renders the first page and the certificate for a look (test/artifacts)', async () => {
		const { execFileSync } = await import('node:child_process');
		const { mkdirSync, writeFileSync } = await import('node:fs');
		const done = await completeWorkflow();
		const dir = `${__dirname}/../artifacts`;
		mkdirSync(dir, { recursive: true });
		const signed = done.files['contract.pdf'].signed;
		writeFileSync(`${dir}/contract-signed.pdf`, signed);
		const pages = (await PDFDocument.load(signed)).getPageCount();
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', `${dir}/contract-signed.pdf`, `${dir}/contract-page`]);
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(pages - 1), '-l', String(pages), `${dir}/contract-signed.pdf`, `${dir}/contract-certificate`]);
		writeFileSync(`${dir}/annex-signed.pdf`, done.files['annex.pdf'].signed);
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', `${dir}/annex-signed.pdf`, `${dir}/annex-page`]);
		expect(pages).toBeGreaterThan(3);
	});
});
