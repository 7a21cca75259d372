import { PDFDocument } from 'pdf-lib';
import type { AuditEvent, Organization, WorkflowAggregate } from '../domain';
import { DEFAULT_LOCALE } from '../domain/languages';
import { appendCertificate } from '../pdf/certificate';
import { certificateTranslator } from '../pdf/certificateText';
import { DocumentFonts } from '../pdf/fonts';
import { openSealer } from '../pdf/openSealer';
import type { PreparedPng } from '../pdf/preparedPng';
import type { SealerSpec } from '../pdf/sealer';
import { stampDocument } from '../pdf/stamp';
import { watermarkTestPages } from '../pdf/watermark';
import { sha256Hex } from '../store/blobStore';
import { certificateData } from './certificateData';

export interface BuildInput {
	aggregate: WorkflowAggregate;
	events: AuditEvent[];
	organization: Organization;
	primaryColor: string;
	logo: { bytes: Uint8Array; mimeType: string } | null;
	/** Stored images of image annotations, by annotation id. */
	annotationImages: ReadonlyMap<string, { sha256: string; mimeType: string }>;
	/** Drawn signatures already prepared for embedding at upload, by the PNG's SHA-256; any other is read and decoded. */
	preparedPngs?: ReadonlyMap<string, PreparedPng>;
	/** Plain data, so that the input can be posted to the worker thread. */
	sealer: SealerSpec;
	signingTime: Date;
	/** A function, not a method: it is taken out of the input and called on its own. */
	readBlob: (sha256: string) => Promise<Uint8Array>;
}

export interface BuiltFile {
	fileId: string;
	name: string;
	sha256: string;
	stampedSha256: string;
	signed: Uint8Array;
}

/**
 * Every blob buildSignedFiles reads through `readBlob` (originals, drawn signatures not prepared,
 * images of image annotations): what a worker thread is handed when it cannot read blobs itself.
 */
export function blobsRead(input: Omit<BuildInput, 'readBlob'>): string[] {
	const { aggregate } = input;
	const drawn = aggregate.signatures.flatMap((field) =>
		field.signedAt && field.valueImageSha256 && !input.preparedPngs?.has(field.valueImageSha256) ? [field.valueImageSha256] : [],
	);
	const images = aggregate.annotations.flatMap((annotation) => {
		const asset = input.annotationImages.get(annotation.id);
		return asset ? [asset.sha256] : [];
	});
	return [...new Set([...aggregate.files.map((file) => file.sha256), ...drawn, ...images])];
}

/**
 * The signed version of every file of a completed workflow: each stamped with
 * its signatures and annotations, given the certificate of completion (which
 * names every file's stamped hash, hence two passes) and sealed. The stamped
 * hash is that of the exact bytes the certificate is then appended to.
 */
export async function buildSignedFiles(input: BuildInput): Promise<BuiltFile[]> {
	const { aggregate, readBlob } = input;
	// The organization's language, as the certificate's (see certificateData).
	const t = certificateTranslator(input.organization.defaultLocale ?? DEFAULT_LOCALE);
	const stamped: Array<{ document: PDFDocument; fileId: string }> = [];
	const stampedSha256 = new Map<string, string>();
	for (const file of aggregate.files) {
		const document = await PDFDocument.load(await readBlob(file.sha256), { updateMetadata: false });
		const fonts = new DocumentFonts(document);
		const signatures = aggregate.signatures.filter((field) => field.fileId === file.id && field.signedAt);
		const annotations = aggregate.annotations.filter((annotation) => annotation.fileId === file.id);
		await stampDocument(
			document,
			{
				timeZone: aggregate.workflow.timeZone,
				// The document's language: the workflow's, else the organization's; a signer's own dates in theirs.
				locale: aggregate.workflow.locale ?? input.organization.defaultLocale ?? DEFAULT_LOCALE,
				signerLocales: new Map(aggregate.signers.filter((signer) => signer.locale).map((signer) => [signer.id, signer.locale!])),
				signatures: await Promise.all(
					signatures.map(async (field) => {
						const prepared = field.valueImageSha256 ? input.preparedPngs?.get(field.valueImageSha256) : undefined;
						if (prepared) return { field, png: null, prepared };
						return { field, png: field.valueImageSha256 ? await readBlob(field.valueImageSha256) : null };
					}),
				),
				annotations: await Promise.all(
					annotations.map(async (annotation) => {
						const asset = input.annotationImages.get(annotation.id);
						return { annotation, image: asset ? { bytes: await readBlob(asset.sha256), mimeType: asset.mimeType } : null };
					}),
				),
			},
			fonts,
		);
		// Before the stamped hash: the certificate names the bytes a test workflow's pages really have.
		if (aggregate.workflow.test) watermarkTestPages(document, t('testWatermark'), await fonts.bold());
		stampedSha256.set(file.id, sha256Hex(await document.save({ useObjectStreams: false })));
		stamped.push({ document, fileId: file.id });
	}

	const certificate = certificateData({
		aggregate,
		events: input.events,
		organization: input.organization,
		primaryColor: input.primaryColor,
		logo: input.logo,
		stampedSha256,
	});
	const sealer = openSealer(input.sealer);
	const built: BuiltFile[] = [];
	for (const { document, fileId } of stamped) {
		// The certificate goes onto the document just saved (the bytes its hash names), not a copy read
		// back from them: one parse fewer. Its text gets fonts embedded afresh: a font already saved
		// must not be drawn with and saved again, which pdf-lib's subsetting cannot do after shaped
		// text (Arabic, combining marks); the stamps' fonts stay as saved.
		const fonts = new DocumentFonts(document);
		const contentPages = document.getPageCount();
		await appendCertificate(document, certificate, fonts);
		if (aggregate.workflow.test) watermarkTestPages(document, t('testWatermark'), await fonts.bold(), contentPages);
		document.setProducer('Signflow');
		document.setModificationDate(input.signingTime);
		const signed = await sealer.seal(document, {
			signingTime: input.signingTime,
			reason: t('sealReason', { workflow: aggregate.workflow.name }),
			location: input.organization.name,
			contactInfo: input.organization.adminEmail ?? input.organization.name,
		});
		const file = aggregate.files.find((candidate) => candidate.id === fileId)!;
		built.push({ fileId, name: file.name, sha256: file.sha256, stampedSha256: stampedSha256.get(fileId)!, signed });
	}
	return built;
}
