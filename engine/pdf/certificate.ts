import { DateTime } from 'luxon';
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import { drawable, type DocumentFonts } from './fonts';

export interface CertificateParty {
	name: string;
	email: string;
	role: string;
	order: number;
	status: string;
	viewedAt: string | null;
	/** When the party signed or approved. */
	actedAt: string | null;
	ip: string | null;
	userAgent: string | null;
	consent: boolean;
}

export interface CertificateData {
	organization: { name: string; primaryColor: string; logo: { bytes: Uint8Array; mimeType: string } | null };
	workflow: { id: string; name: string; timeZone: string; createdAt: string; sentAt: string | null; completedAt: string | null };
	files: Array<{ name: string; pageCount: number; sha256: string; stampedSha256: string }>;
	parties: CertificateParty[];
	consentText: string;
	audit: { headHash: string; eventCount: number };
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const GREY = rgb(0.42, 0.45, 0.5);
const TEXT = rgb(0.07, 0.07, 0.1);

function colorOf(hex: string): RGB {
	const value = /^#[0-9a-f]{6}$/i.test(hex) ? hex : '#2563eb';
	return rgb(parseInt(value.slice(1, 3), 16) / 255, parseInt(value.slice(3, 5), 16) / 255, parseInt(value.slice(5, 7), 16) / 255);
}

/** Writes lines top to bottom, wrapping long text and starting a new page when one is full. */
class Writer {
	private page!: PDFPage;
	private y = 0;

	constructor(
		private readonly document: PDFDocument,
		private readonly fonts: { sans: PDFFont; bold: PDFFont },
		private readonly accent: RGB,
	) {
		this.newPage();
	}

	private newPage(): void {
		this.page = this.document.addPage([A4.width, A4.height]);
		this.page.drawRectangle({ x: 0, y: A4.height - 8, width: A4.width, height: 8, color: this.accent });
		this.y = A4.height - MARGIN;
	}

	space(points: number): void {
		this.y -= points;
	}

	ensure(points: number): void {
		if (this.y - points < MARGIN) this.newPage();
	}

	/** One paragraph, wrapped to the page width (or `width`), at x offset `indent`. */
	text(text: string, options: { size?: number; bold?: boolean; color?: RGB; indent?: number; width?: number } = {}): void {
		const size = options.size ?? 9;
		const font = options.bold ? this.fonts.bold : this.fonts.sans;
		const indent = options.indent ?? 0;
		const width = options.width ?? A4.width - 2 * MARGIN - indent;
		for (const line of wrap(drawable(font, text), font, size, width)) {
			this.ensure(size * 1.4);
			this.y -= size * 1.4;
			this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: options.color ?? TEXT });
		}
	}

	/** A label and its value on one line (the value wraps under itself). */
	field(label: string, value: string, labelWidth = 120): void {
		const size = 9;
		const lines = wrap(drawable(this.fonts.sans, value || '—'), this.fonts.sans, size, A4.width - 2 * MARGIN - labelWidth);
		this.ensure(size * 1.4 * lines.length);
		this.y -= size * 1.4;
		this.page.drawText(drawable(this.fonts.sans, label), { x: MARGIN, y: this.y, size, font: this.fonts.sans, color: GREY });
		lines.forEach((line, index) => {
			if (index > 0) this.y -= size * 1.4;
			this.page.drawText(line, { x: MARGIN + labelWidth, y: this.y, size, font: this.fonts.sans, color: TEXT });
		});
	}

	rule(): void {
		this.ensure(10);
		this.y -= 6;
		this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4.width - MARGIN, y: this.y }, thickness: 0.5, color: GREY });
		this.y -= 4;
	}

	heading(text: string): void {
		this.ensure(40);
		this.space(10);
		this.text(text, { size: 12, bold: true, color: this.accent });
		this.space(2);
	}

	image(image: Awaited<ReturnType<PDFDocument['embedPng']>>, maxHeight: number, maxWidth: number): void {
		const scale = Math.min(maxHeight / image.height, maxWidth / image.width, 1);
		this.ensure(image.height * scale);
		this.y -= image.height * scale;
		this.page.drawImage(image, { x: MARGIN, y: this.y, width: image.width * scale, height: image.height * scale });
	}
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	const push = (word: string) => {
		const candidate = line ? `${line} ${word}` : word;
		if (font.widthOfTextAtSize(candidate, size) <= width) {
			line = candidate;
			return;
		}
		if (line) lines.push(line);
		// A single word wider than the line (a hash, a user agent) is cut where it must be.
		let rest = word;
		while (font.widthOfTextAtSize(rest, size) > width) {
			let cut = rest.length - 1;
			while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
			lines.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		line = rest;
	};
	for (const word of text.split(/\s+/).filter(Boolean)) push(word);
	if (line || lines.length === 0) lines.push(line);
	return lines;
}

function when(iso: string | null, timeZone: string): string {
	if (!iso) return '—';
	const moment = DateTime.fromISO(iso, { zone: 'utc' });
	const utc = moment.toFormat("yyyy-LL-dd HH:mm:ss 'UTC'");
	return timeZone === 'UTC' ? utc : `${utc}  (${moment.setZone(timeZone).toFormat('yyyy-LL-dd HH:mm:ss')} ${timeZone})`;
}

const ROLE_ACTION: Record<string, string> = { signer: 'Signed', approver: 'Approved', viewer: 'Viewer', cc: 'Receives a copy' };

/** Appends the certificate of completion (one or more A4 pages) to a signed document. */
export async function appendCertificate(document: PDFDocument, data: CertificateData, fonts: DocumentFonts): Promise<void> {
	const accent = colorOf(data.organization.primaryColor);
	const writer = new Writer(document, { sans: await fonts.sans(), bold: await fonts.bold() }, accent);
	const { workflow } = data;

	if (data.organization.logo) {
		const { bytes, mimeType } = data.organization.logo;
		writer.image(mimeType === 'image/png' ? await document.embedPng(bytes) : await document.embedJpg(bytes), 40, 200);
		writer.space(8);
	}
	writer.text('Certificate of completion', { size: 18, bold: true });
	writer.text(`${data.organization.name} · signed electronically with Signflow`, { size: 10, color: GREY });
	writer.rule();

	writer.heading('Signing workflow');
	writer.field('Name', workflow.name);
	writer.field('Workflow id', workflow.id);
	writer.field('Organization', data.organization.name);
	writer.field('Created', when(workflow.createdAt, workflow.timeZone));
	writer.field('Sent', when(workflow.sentAt, workflow.timeZone));
	writer.field('Completed', when(workflow.completedAt, workflow.timeZone));
	writer.field('Time zone', workflow.timeZone);

	writer.heading('Documents');
	for (const file of data.files) {
		writer.field('File', `${file.name} (${file.pageCount} page${file.pageCount === 1 ? '' : 's'})`);
		writer.field('Original SHA-256', file.sha256);
		writer.field('Signed SHA-256', `${file.stampedSha256} (the signed pages, before this certificate and the seal)`);
		writer.space(4);
	}

	writer.heading('Parties');
	for (const party of data.parties) {
		writer.ensure(120);
		writer.text(`${party.name} <${party.email}>`, { size: 10, bold: true });
		writer.field('Role, order', `${party.role}, ${party.order}`);
		writer.field('Viewed', when(party.viewedAt, workflow.timeZone));
		if (party.role === 'signer' || party.role === 'approver') {
			writer.field(ROLE_ACTION[party.role]!, when(party.actedAt, workflow.timeZone));
			writer.field('Consent to e-sign', party.consent ? 'Given (text below)' : 'Not recorded');
			writer.field('IP address', party.ip ?? '—');
			writer.field('User agent', party.userAgent ?? '—');
		} else writer.field('Part', ROLE_ACTION[party.role] ?? party.role);
		writer.space(6);
	}

	writer.heading('Consent to sign electronically');
	writer.text(data.consentText, { size: 9 });

	writer.heading('Audit trail');
	writer.field('Events', String(data.audit.eventCount));
	writer.field('Head hash', data.audit.headHash);
	writer.text(
		'Every event of the audit trail includes the hash of the event before it. The head hash above is the hash of the newest event when this certificate was made; ' +
			`GET /api/v1/workflows/${workflow.id}/audit returns the trail and checks the chain.`,
		{ size: 8, color: GREY },
	);
}
