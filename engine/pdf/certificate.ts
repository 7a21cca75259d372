import { rgb, type PDFDocument, type PDFImage, type PDFPage, type RGB } from 'pdf-lib';
import { textDirection } from '../domain/languages';
import type { Translate } from '../i18n/translate';
import { firstStrongDirection } from './bidi';
import { CertificateLines, GREY, type Geometry } from './certificateLines';
import { certificateTranslator, languageName, moment, type CertificateKey } from './certificateText';
import type { DocumentFonts } from './fonts';
import { paginate, type FlowBlock, type FlowLine, type FlowPages } from './pageFlow';
import type { Face } from './text';

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
	/** The language of that text, and the version of the consent texts it belonged to; English, version 1 when not recorded (before either was). */
	consentLocale?: string | null;
	consentVersion?: number | null;
	/** Who handed this place to the party, and why, when it was delegated (each hand-over, oldest first). */
	delegatedBy?: string[];
}

export interface CertificateData {
	/** The certificate's language: the organization's (a BCP 47 tag, see domain/locale.ts). */
	locale: string;
	organization: { name: string; primaryColor: string; logo: { bytes: Uint8Array; mimeType: string } | null };
	workflow: { id: string; name: string; timeZone: string; createdAt: string; sentAt: string | null; completedAt: string | null };
	files: Array<{ name: string; pageCount: number; sha256: string; stampedSha256: string }>;
	parties: CertificateParty[];
	audit: { headHash: string; eventCount: number };
}

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

const ACTION: Record<string, CertificateKey> = { signer: 'signed', approver: 'approved' };
const ROLE: Record<string, CertificateKey> = { signer: 'roleSigner', approver: 'roleApprover', viewer: 'roleViewer', cc: 'roleCc' };
const PART: Record<string, CertificateKey> = { viewer: 'partViewer', cc: 'partCc' };

/** A consent as agreed to: its text, in its language, of its version. Parties who read the same one share it. */
interface Consent {
	text: string;
	locale: string;
	version: number;
}

function consentOf(party: CertificateParty): Consent | null {
	if (!party.consentText) return null;
	// Recorded before languages were: the English text, version 1.
	return { text: party.consentText, locale: party.consentLocale ?? 'en', version: party.consentVersion ?? 1 };
}

const consentKey = (consent: Consent) => `${consent.locale}\u0000${consent.version}\u0000${consent.text}`;

/** The certificate's content as blocks of lines, for one geometry. */
function certificateBlocks(data: CertificateData, lines: CertificateLines, logo: PDFImage | null, t: Translate<CertificateKey>): FlowBlock[] {
	const { workflow, locale } = data;
	const when = (iso: string | null) => moment(iso, workflow.timeZone, locale);
	const blocks: FlowBlock[] = [];
	const block = (gap: number, ...content: Array<FlowLine | FlowLine[]>) => blocks.push({ gap, keep: true, lines: content.flat() });

	block(
		0,
		logo ? lines.image(logo, 40, 200) : [],
		lines.text(t('title'), { size: 18, bold: true }),
		lines.text(t('subtitle', { organization: data.organization.name }), { size: 10, color: GREY }),
		lines.rule(),
	);
	block(
		6,
		lines.heading(t('workflowHeading')),
		lines.field(t('workflowName'), workflow.name),
		lines.field(t('workflowId'), workflow.id),
		lines.field(t('organization'), data.organization.name),
		lines.field(t('created'), when(workflow.createdAt)),
		lines.field(t('sent'), when(workflow.sentAt)),
		lines.field(t('completed'), when(workflow.completedAt)),
		lines.field(t('timeZone'), workflow.timeZone),
	);
	data.files.forEach((file, index) =>
		block(
			index === 0 ? 6 : 4,
			index === 0 ? lines.heading(t('documentsHeading')) : [],
			lines.field(t('file'), t('fileValue', { name: file.name, pages: file.pageCount })),
			lines.field(t('originalHash'), file.sha256, { whole: true }),
			lines.field(t('signedHash'), file.stampedSha256, { whole: true }),
			index === data.files.length - 1 ? lines.text(t('signedHashNote'), { size: 8, color: GREY }) : [],
		),
	);

	/*
	 * Each distinct consent (text, language, version) once; parties refer to it by letter when there
	 * are several. A consent in a direction against the certificate's (Hebrew in a German one) is
	 * printed last, on a page of its own: text extraction (poppler's pdftotext, and readers built on
	 * it) reads a page in the direction of most of its letters, and would give such a consent's
	 * lines out of order on a page of the certificate's text.
	 */
	const readsAgainst = (consent: Consent) => firstStrongDirection(consent.text) !== lines.direction;
	const distinct = new Map(data.parties.map(consentOf).filter((consent): consent is Consent => consent !== null).map((consent) => [consentKey(consent), consent]));
	const consents = [...distinct.values()].sort((a, b) => Number(readsAgainst(a)) - Number(readsAgainst(b)));
	const keys = consents.map(consentKey);
	const letter = (index: number) => String.fromCharCode(65 + index);
	const consentRef = (consent: Consent | null) =>
		!consent ? t('consentGiven') : consents.length === 1 ? t('consentGivenBelow') : t('consentGivenLettered', { letter: letter(keys.indexOf(consentKey(consent))) });
	data.parties.forEach((party, index) => {
		const role = ROLE[party.role] ? t(ROLE[party.role]) : party.role;
		const details: FlowLine[][] = [
			lines.party(party.name, party.email),
			lines.field(t('roleOrder'), t('roleOrderValue', { role, order: party.order })),
			lines.field(t('viewed'), when(party.viewedAt)),
		];
		for (const from of party.delegatedBy ?? []) details.push(lines.field(t('delegatedBy'), from));
		const action = ACTION[party.role];
		if (action)
			details.push(
				lines.field(t(action), when(party.actedAt)),
				lines.field(t('consent'), party.consent ? consentRef(consentOf(party)) : t('notRecorded')),
				lines.field(t('ipAddress'), party.ip ?? '—'),
				lines.field(t('userAgent'), party.userAgent ?? '—'),
			);
		else details.push(lines.field(t('part'), PART[party.role] ? t(PART[party.role]) : party.role));
		block(index === 0 ? 6 : 8, index === 0 ? lines.heading(t('partiesHeading')) : [], ...details);
	});

	block(
		6,
		lines.heading(t('auditHeading')),
		lines.field(t('events'), String(data.audit.eventCount)),
		lines.field(t('headHash'), data.audit.headHash, { whole: true }),
		lines.text(t('auditNote', { auditPath: `/api/v1/workflows/${workflow.id}/audit` }), { size: 8, color: GREY }),
	);

	const heading = lines.heading(consents.length === 1 ? t('consentHeadingOne') : t('consentHeadingMany'));
	consents.forEach((consent, index) => {
		const language = t('consentLanguage', { language: languageName(consent.locale, locale), code: consent.locale, version: consent.version });
		const content = [
			lines.text(consents.length === 1 ? language : `${letter(index)}. ${language}`, { size: 8, color: GREY }),
			// As the party read it: in its own language and direction.
			lines.text(consent.text, { direction: 'auto' }),
		];
		if (!readsAgainst(consent)) block(index === 0 ? 6 : 4, index === 0 ? heading : [], ...content);
		else {
			if (index === 0) block(6, heading);
			blocks.push({ gap: 0, keep: true, alone: true, lines: content.flat() });
		}
	});
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

	const t = certificateTranslator(data.locale);
	const direction = textDirection(data.locale);

	const layout = (fit: number): Layout => {
		const geometry: Geometry = { width, height, margin, scale: zoom * fit };
		const lines = new CertificateLines(geometry, faces, accent, direction);
		const continued = lines.text(t('titleContinued'), { size: 9, color: GREY });
		const continuedHeight = continued.reduce((sum, line) => sum + line.height, 0) + geometry.scale * 8;
		const capacity = (index: number) => height - 2 * margin - (index > 0 ? continuedHeight : 0);
		return { geometry, continued, continuedHeight, pages: paginate(certificateBlocks(data, lines, logo, t), capacity) };
	};
	drawPages(document, fittest(layout), { workflowId: data.workflow.id, t, direction }, faces.sans, accent);
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

function drawPages(
	document: PDFDocument,
	layout: Layout,
	footer: { workflowId: string; t: Translate<CertificateKey>; direction: 'ltr' | 'rtl' },
	sans: Face,
	accent: RGB,
): void {
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
			const { t, direction } = footer;
			// The title where lines start, the page number where they end.
			const title = t('footer', { workflowId: footer.workflowId });
			const number = t('pageOf', { page: index + 1, pages: layout.pages.length });
			const [left, right] = direction === 'rtl' ? [number, title] : [title, number];
			sans.drawAt(page, left, { x: margin, y, size, color: GREY, direction });
			sans.drawAt(page, right, { x: width - margin - sans.widthOf(right, size), y, size, color: GREY, direction });
		}
	});
}
