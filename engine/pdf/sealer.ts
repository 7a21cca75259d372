import type { PDFDocument } from 'pdf-lib';
import type { SealIdentity } from './sealIdentity';

export interface SealOptions {
	signingTime: Date;
	reason: string;
	location: string;
	contactInfo: string;
}

/**
 * What seals a finished document. Today that is a local PKCS#12 key
 * (LocalP12Sealer); a KMS/HSM key or a timestamp authority would be another
 * kind here, with nothing to change in finalize/.
 */
export interface Sealer {
	/** The name the seal signs as: its certificate's common name. */
	readonly subject: string;
	/**
	 * The sealed file. It takes the document rather than its bytes so that the
	 * signature placeholder goes in before the one and only save.
	 */
	seal(document: PDFDocument, options: SealOptions): Promise<Uint8Array>;
}

/**
 * A sealer as plain data: the finalization worker thread receives this (it
 * crosses by structured clone) and opens it with openSealer (openSealer.ts).
 */
export type SealerSpec = { kind: 'local-p12'; identity: SealIdentity };

/** Where each organization's sealer comes from. */
export interface SealerSource {
	/** Asynchronous: making an organization's first seal key must not stall the API's event loop. */
	sealerFor(organizationId: string, organizationName: string): Promise<SealerSpec>;
}
