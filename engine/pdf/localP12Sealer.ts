import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import signpdf from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import type { PDFDocument } from 'pdf-lib';
import { PadesSigner } from './padesSigner';
import type { SealOptions, Sealer } from './sealer';
import type { SealIdentity } from './sealIdentity';

/**
 * Seals with a key and certificate held here (read from a PKCS#12): an
 * invisible PAdES signature (ETSI.CAdES.detached) over the whole file.
 * @signpdf adds the placeholder and fills in the CMS.
 */
export class LocalP12Sealer implements Sealer {
	constructor(private readonly identity: SealIdentity) {}

	get subject(): string {
		return this.identity.subject;
	}

	async seal(document: PDFDocument, options: SealOptions): Promise<Buffer> {
		const { identity } = this;
		const certificatesSize = identity.certificate.length + identity.chain.reduce((sum, der) => sum + der.length, 0);
		pdflibAddPlaceholder({
			pdfDoc: document,
			reason: options.reason,
			contactInfo: options.contactInfo,
			name: identity.subject,
			location: options.location,
			signingTime: options.signingTime,
			signatureLength: 4096 + 2 * certificatesSize,
			subFilter: SUBFILTER_ETSI_CADES_DETACHED,
			widgetRect: [0, 0, 0, 0],
			appName: 'Signflow',
		});
		const prepared = await document.save({ useObjectStreams: false });
		try {
			return await signpdf.sign(Buffer.from(prepared), new PadesSigner(identity), options.signingTime);
		} catch (error) {
			// The crypto layer's own message ("The operation failed...") does not say what failed; this reaches
			// the finalization job's lastError and from there the API and the n8n node.
			throw new Error(`Sealing with the certificate "${identity.subject}" failed: ${(error as Error).message}`, { cause: error });
		}
	}
}
