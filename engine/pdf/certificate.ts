import { DateTime } from 'luxon';
import { rgb, type PDFDocument, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import type { DocumentFonts } from './fonts';
import { paginate, type FlowBlock, type FlowLine, type FlowPages } from './pageFlow';
import type { Face } from './text';
import { wrap } from './wrap';

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
	/** The consent text the party was shown and agreed to, as recorded in the audit trail. */
	consentText: string | null;
	/** Who handed this place to the party, and why, when it was delegated (each hand-over, oldest first). */
	delegatedBy?: string[];
}

export interface CertificateData {
	organization: { name: string; primaryColor: string; logo: { bytes: Uint8Array; mimeType: string } | null };
	workflow: { id: string; name: string; timeZone: string; createdAt: string; sentAt: string | null; completedAt: string | null };
	files: Array<{ name: string; pageCount: number; sha256: string; stampedSha256: string }>;
	parties: CertificateParty[];
	audit: { headHash: string; eventCount: number };
}

const GREY = rgb(0.42, 0.45, 0.5);
const TEXT = rgb(0.07, 0.07, 0.1);
/** Below this (4 inches) a side is too short for the certificate's lines; the page grows to it. */
const MIN_SIDE = 288;
/** How far the text may shrink to save a page that would hold only the last few lines. */
const FIT_SCALES = [1, 0.96, 0.92, 0.88, 0.85];

function colorOf(hex: string): RGB {
	const value = /^#[0-9a-f]{6}$/i.test(hex) ? hex : '#2563eb';
	return rgb(parseInt(value.slice(1, 3), 16) / 255, parseInt(value.slice(3, 5), 16) / 255, parseInt(value.slice(5, 7), 16) / 255);
}

/** The size of a page as a reader sees it (a /Rotate of 90 or 270 swaps its sides), crop box included. */
function displayedSize(page: PDFPage): { width: number; height: number } {
	const { width, height } = page.getCropBox();
	const turned = Math.abs(page.getRotation().angle) % 180 === 90;
	return turned ? { width: height, height: width } : { width, height };
}

/** The certificate's page: the size of the document's last page as displayed, upright. */
export function certificatePageSize(document: PDFDocument): { width: number; height: number } {
	const pages = document.getPages();
	const last = pages[pages.length - 1];
	const { width, height } = last ? displayedSize(last) : { width: 595.28, height: 841.89 };
	return { width: Math.max(width, MIN_SIDE), height: Math.max(height, MIN_SIDE) };
}

interface Geometry {
	width: number;
	height: number;
	margin: number;
	/** Text size factor: larger pages get larger text (zoom), and text shrinks a little to save a page (fit). */
	scale: number;
}

/** Dates already written, by moment and zone: each certificate is laid out at several sizes, and luxon is slow to start a zone. */
const written = new Map<string, string>();

function when(iso: string | null, timeZone: string): string {
	if (!iso) return '—';
	const key = `${iso} ${timeZone}`;
	let text = written.get(key);
	if (text === undefined) {
		text = whenAfresh(iso, timeZone);
		if (written.size >= 1000) written.clear();
		written.set(key, text);
	}
	return text;
}

function whenAfresh(iso: string, timeZone: string): string {
	const moment = DateTime.fromISO(iso, { zone: 'utc' });
	const utc = moment.toFormat("yyyy-LL-dd HH:mm:ss 'UTC'");
	return timeZone === 'UTC' ? utc : `${utc}  (${moment.setZone(timeZone).toFormat('yyyy-LL-dd HH:mm:ss')} ${timeZone})`;
}

const ROLE_ACTION: Record<string, string> = { signer: 'Signed', approver: 'Approved', viewer: 'Viewer', cc: 'Receives a copy' };

/** Makes the lines of the certificate for one page geometry. */
class Lines {
	readonly contentWidth: number;
	private readonly labelWidth: number;

	constructor(
		private readonly geometry: Geometry,
		private readonly faces: { sans: Face; bold: Face },
		private readonly accent: RGB,
	) {
		this.contentWidth = geometry.width - 2 * geometry.margin;
		this.labelWidth = Math.min(120 * geometry.scale, this.contentWidth * 0.35);
	}

	private size(points: number): number {
		return points * this.geometry.scale;
	}

	/** A paragraph, wrapped to the text width. */
	text(text: string, options: { size?: number; bold?: boolean; color?: RGB } = {}): FlowLine[] {
		const size = this.size(options.size ?? 9);
		const face = options.bold ? this.faces.bold : this.faces.sans;
		const x = this.geometry.margin;
		return wrap(text, face, size, this.contentWidth).map((line) => ({
			height: size * 1.4,
			draw: (page, top) => face.drawAt(page, line, { x, y: top - size * 1.4, size, color: options.color ?? TEXT }),
		}));
	}

	/**
	 * A label and its value on one line, the value wrapping under itself; on a
	 * narrow page the value goes under the label. A `whole` value (a hash) is
	 * set smaller rather than cut, down to 5.5 points, so it can be copied whole.
	 */
	field(label: string, value: string, options: { whole?: boolean } = {}): FlowLine[] {
		const { sans } = this.faces;
		const x = this.geometry.margin;
		const stacked = this.contentWidth - this.labelWidth < 300 * this.geometry.scale;
		const valueX = stacked ? x : x + this.labelWidth;
		const valueWidth = stacked ? this.contentWidth : this.contentWidth - this.labelWidth;
		const labelSize = this.size(9);
		const text = value || '—';
		const size = options.whole ? Math.max(this.size(5.5), Math.min(labelSize, (valueWidth / sans.widthOf(text, 1)) * 0.999)) : labelSize;
		const labelLine: FlowLine = { height: labelSize * 1.4, draw: (page, top) => sans.drawAt(page, label, { x, y: top - labelSize * 1.4, size: labelSize, color: GREY }) };
		const valueLines = wrap(text, sans, size, valueWidth).map(
			(line, index): FlowLine => ({
				height: Math.max(size, index === 0 && !stacked ? labelSize : 0) * 1.4,
				draw: (page, top) => {
					// On one line with the label, the value shares its baseline.
					if (index === 0 && !stacked) labelLine.draw(page, top);
					const lineHeight = Math.max(size, index === 0 && !stacked ? labelSize : 0) * 1.4;
					sans.drawAt(page, line, { x: valueX, y: top - lineHeight, size, color: TEXT });
				},
			}),
		);
		return stacked ? [labelLine, ...valueLines] : valueLines;
	}

	heading(text: string): FlowLine[] {
		const space = (points: number): FlowLine => ({ height: this.size(points), draw: () => undefined });
		return [space(4), ...this.text(text, { size: 12, bold: true, color: this.accent }), space(2)];
	}

	rule(): FlowLine {
		const { margin, width } = this.geometry;
		return {
			height: this.size(10),
			draw: (page, top) => {
				const y = top - this.size(6);
				page.drawLine({ start: { x: margin, y }, end: { x: width - margin, y }, thickness: 0.5, color: GREY });
			},
		};
	}

	image(image: PDFImage, maxHeight: number, maxWidth: number): FlowLine {
		const scale = Math.min(this.size(maxHeight) / image.height, Math.min(this.size(maxWidth), this.contentWidth) / image.width, 1);
		const height = image.height * scale;
		return {
			height: height + this.size(8),
			draw: (page, top) => page.drawImage(image, { x: this.geometry.margin, y: top - height, width: image.width * scale, height }),
		};
	}
}

/** The certificate's content as blocks of lines, for one geometry. */
function certificateBlocks(data: CertificateData, lines: Lines, logo: PDFImage | null): FlowBlock[] {
	const { workflow } = data;
	const blocks: FlowBlock[] = [];
	const block = (gap: number, ...content: Array<FlowLine | FlowLine[]>) => blocks.push({ gap, keep: true, lines: content.flat() });

	block(
		0,
		logo ? lines.image(logo, 40, 200) : [],
		lines.text('Certificate of completion', { size: 18, bold: true }),
		lines.text(`${data.organization.name} · signed electronically with Signflow`, { size: 10, color: GREY }),
		lines.rule(),
	);
	block(
		6,
		lines.heading('Signing workflow'),
		lines.field('Name', workflow.name),
		lines.field('Workflow id', workflow.id),
		lines.field('Organization', data.organization.name),
		lines.field('Created', when(workflow.createdAt, workflow.timeZone)),
		lines.field('Sent', when(workflow.sentAt, workflow.timeZone)),
		lines.field('Completed', when(workflow.completedAt, workflow.timeZone)),
		lines.field('Time zone', workflow.timeZone),
	);
	data.files.forEach((file, index) =>
		block(
			index === 0 ? 6 : 4,
			index === 0 ? lines.heading('Documents') : [],
			lines.field('File', `${file.name} (${file.pageCount} page${file.pageCount === 1 ? '' : 's'})`),
			lines.field('Original SHA-256', file.sha256, { whole: true }),
			lines.field('Signed SHA-256', file.stampedSha256, { whole: true }),
			index === data.files.length - 1
				? lines.text('Signed SHA-256: of the signed pages, before this certificate and the seal were added.', { size: 8, color: GREY })
				: [],
		),
	);

	// Each distinct consent text once; parties refer to it by letter when there are several.
	const consents = [...new Set(data.parties.map((party) => party.consentText).filter((text): text is string => Boolean(text)))];
	const letter = (index: number) => String.fromCharCode(65 + index);
	const consentRef = (text: string | null) =>
		!text ? 'Given' : consents.length === 1 ? 'Given (text below)' : `Given (text ${letter(consents.indexOf(text))} below)`;
	data.parties.forEach((party, index) => {
		const details: FlowLine[][] = [
			lines.text(`${party.name} <${party.email}>`, { size: 10, bold: true }),
			lines.field('Role, order', `${party.role}, ${party.order}`),
			lines.field('Viewed', when(party.viewedAt, workflow.timeZone)),
		];
		for (const from of party.delegatedBy ?? []) details.push(lines.field('Delegated by', from));
		if (party.role === 'signer' || party.role === 'approver')
			details.push(
				lines.field(ROLE_ACTION[party.role], when(party.actedAt, workflow.timeZone)),
				lines.field('Consent to e-sign', party.consent ? consentRef(party.consentText) : 'Not recorded'),
				lines.field('IP address', party.ip ?? '—'),
				lines.field('User agent', party.userAgent ?? '—'),
			);
		else details.push(lines.field('Part', ROLE_ACTION[party.role] ?? party.role));
		block(index === 0 ? 6 : 8, index === 0 ? lines.heading('Parties') : [], ...details);
	});

	if (consents.length > 0)
		block(
			6,
			lines.heading(consents.length === 1 ? 'Consent to sign electronically' : 'Consents to sign electronically'),
			...consents.map((text, index) => lines.text(consents.length === 1 ? text : `${letter(index)}. ${text}`)),
		);
	block(
		6,
		lines.heading('Audit trail'),
		lines.field('Events', String(data.audit.eventCount)),
		lines.field('Head hash', data.audit.headHash, { whole: true }),
		lines.text(
			'Every event of the audit trail includes the hash of the event before it. The head hash above is the hash of the newest event when this certificate was made; ' +
				`GET /api/v1/workflows/${workflow.id}/audit returns the trail and checks the chain.`,
			{ size: 8, color: GREY },
		),
	);
	return blocks;
}

interface Layout {
	geometry: Geometry;
	/** The line at the top of every page after the first. */
	continued: FlowLine[];
	continuedHeight: number;
	pages: FlowPages;
}

/**
 * Appends the certificate of completion to a signed document, on pages of
 * the size of the document's last page (Letter after Letter, A4 after A4).
 * When the text would leave a next page holding only its last lines, it is
 * set a little smaller to fit; a certificate that really is longer flows onto
 * numbered pages, keeping each party's lines together.
 */
export async function appendCertificate(document: PDFDocument, data: CertificateData, fonts: DocumentFonts): Promise<void> {
	const accent = colorOf(data.organization.primaryColor);
	const faces = { sans: await fonts.sans(), bold: await fonts.bold() };
	const logo = data.organization.logo
		? data.organization.logo.mimeType === 'image/png'
			? await document.embedPng(data.organization.logo.bytes)
			: await document.embedJpg(data.organization.logo.bytes)
		: null;
	const { width, height } = certificatePageSize(document);
	const shortSide = Math.min(width, height);
	const zoom = Math.max(1, shortSide / 612);
	const margin = Math.min(48, Math.max(24, shortSide * 0.08)) * zoom;

	const layout = (fit: number): Layout => {
		const geometry: Geometry = { width, height, margin, scale: zoom * fit };
		const lines = new Lines(geometry, faces, accent);
		const continued = lines.text('Certificate of completion (continued)', { size: 9, color: GREY });
		const continuedHeight = continued.reduce((sum, line) => sum + line.height, 0) + geometry.scale * 8;
		const capacity = (index: number) => height - 2 * margin - (index > 0 ? continuedHeight : 0);
		return { geometry, continued, continuedHeight, pages: paginate(certificateBlocks(data, lines, logo), capacity) };
	};
	drawPages(document, fittest(layout), data, faces.sans, accent);
}

/**
 * The largest text that needs the fewest pages: it shrinks only when that
 * saves a page. A certificate that fits one page at full size cannot save
 * one, so the smaller sizes are laid out only when it does not (most
 * certificates fit one page, and laying out is most of their cost).
 */
function fittest(layout: (fit: number) => Layout): Layout {
	const full = layout(FIT_SCALES[0]);
	if (full.pages.length === 1) return full;
	const candidates = [full, ...FIT_SCALES.slice(1).map(layout)];
	const fewest = Math.min(...candidates.map((candidate) => candidate.pages.length));
	return candidates.find((candidate) => candidate.pages.length === fewest)!;
}

function drawPages(document: PDFDocument, layout: Layout, data: CertificateData, sans: Face, accent: RGB): void {
	const { width, height, margin, scale } = layout.geometry;
	layout.pages.forEach((lines, index) => {
		const page = document.addPage([width, height]);
		page.drawRectangle({ x: 0, y: height - 8 * scale, width, height: 8 * scale, color: accent });
		let top = height - margin;
		if (index > 0) {
			let at = top;
			for (const line of layout.continued) {
				line.draw(page, at);
				at -= line.height;
			}
			top -= layout.continuedHeight;
		}
		for (const { line, top: offset } of lines) line.draw(page, top - offset);
		if (layout.pages.length > 1) {
			const size = 8 * scale;
			const y = margin / 2;
			sans.drawAt(page, `Certificate of completion · ${data.workflow.id}`, { x: margin, y, size, color: GREY });
			const number = `Page ${index + 1} of ${layout.pages.length}`;
			sans.drawAt(page, number, { x: width - margin - sans.widthOf(number, size), y, size, color: GREY });
		}
	});
}
