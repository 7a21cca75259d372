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
			reason: literalText(options.reason),
			contactInfo: literalText(options.contactInfo),
			name: literalText(identity.subject),
			location: literalText(options.location),
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

/**
 * The placeholder writes the signature's text entries as they are given, between parentheses
 * (pdf-lib's PDFString takes a literal string's content, escapes included), one byte a character:
 * an organization named in any script beyond Latin-1, or with an unbalanced parenthesis, came out
 * as bytes viewers report as syntax errors. Given here as the content of a literal string: plain
 * ASCII as it is, anything else as a text string in UTF-16BE (PDF 32000-1, 7.9.2.2), every byte
 * outside printable ASCII, and the delimiters, escaped.
 */
export function literalText(value: string): string {
	const bytes = /^[\x20-\x7e]*$/.test(value) ? Buffer.from(value, 'latin1') : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(value, 'utf16le').swap16()]);
	let literal = '';
	for (const byte of bytes)
		literal += byte === 0x28 || byte === 0x29 || byte === 0x5c ? `\\${String.fromCharCode(byte)}` : byte >= 0x20 && byte <= 0x7e ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
	return literal;
}
