import { createHash, webcrypto } from 'node:crypto';
import { Signer } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { SealIdentity } from './sealIdentity';

const OID = {
	data: '1.2.840.113549.1.7.1',
	signedData: '1.2.840.113549.1.7.2',
	contentType: '1.2.840.113549.1.9.3',
	messageDigest: '1.2.840.113549.1.9.4',
	signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
};

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto }));

function arrayBuffer(bytes: Uint8Array): ArrayBuffer {
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** What signing with an identity needs besides the document: its certificates parsed and its key imported. */
interface OpenedIdentity {
	certificate: pkijs.Certificate;
	chain: pkijs.Certificate[];
	certificateHash: Buffer;
	key: webcrypto.CryptoKey;
}

/** Identities opened in this thread, by their bytes: an organization's seals share one (parsing and importing are a tenth of a seal). */
const opened = new Map<string, Promise<OpenedIdentity>>();
/** Organizations whose identities are kept at most; beyond that the map starts afresh. */
const MAX_OPENED = 64;

/** The identity's key and certificates as one value: the same bytes are the same identity. */
function identityKey(identity: SealIdentity): string {
	const hash = createHash('sha256');
	for (const part of [identity.privateKey, identity.certificate, ...identity.chain]) {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(part.length);
		hash.update(length).update(part);
	}
	return hash.digest('base64');
}

function openIdentity(identity: SealIdentity): Promise<OpenedIdentity> {
	const key = identityKey(identity);
	let found = opened.get(key);
	if (!found) {
		found = openAfresh(identity);
		if (opened.size >= MAX_OPENED) opened.clear();
		opened.set(key, found);
		// A key that cannot be imported is not kept: the next seal tries again (and reports the error again).
		found.catch(() => opened.delete(key));
	}
	return found;
}

async function openAfresh(identity: SealIdentity): Promise<OpenedIdentity> {
	return {
		certificate: pkijs.Certificate.fromBER(arrayBuffer(identity.certificate)),
		chain: identity.chain.map((der) => pkijs.Certificate.fromBER(arrayBuffer(der))),
		certificateHash: createHash('sha256').update(identity.certificate).digest(),
		key: await webcrypto.subtle.importKey('pkcs8', arrayBuffer(identity.privateKey), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']),
	};
}

/**
 * The CMS signature of a PAdES-B-B seal, built with PKI.js: detached SignedData
 * over the PDF's byte ranges with the signed attributes PAdES baseline asks
 * for (content type, message digest, ESS signing-certificate-v2) and no CMS
 * signing-time (the time is the signature dictionary's /M).
 */
export class PadesSigner extends Signer {
	constructor(private readonly identity: SealIdentity) {
		super();
	}

	async sign(pdfBuffer: Buffer): Promise<Buffer> {
		const { certificate, chain, certificateHash, key } = await openIdentity(this.identity);
		const digest = createHash('sha256').update(pdfBuffer).digest();

		const essCertIdV2 = new asn1js.Sequence({
			value: [
				// hashAlgorithm is omitted: SHA-256 is its default.
				new asn1js.OctetString({ valueHex: arrayBuffer(certificateHash) }),
				new pkijs.IssuerSerial({
					issuer: new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: certificate.issuer })] }),
					serialNumber: certificate.serialNumber,
				}).toSchema(),
			],
		});
		const signingCertificateV2 = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });

		const signedData = new pkijs.SignedData({
			version: 1,
			encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
			signerInfos: [
				new pkijs.SignerInfo({
					version: 1,
					sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
					signedAttrs: new pkijs.SignedAndUnsignedAttributes({
						type: 0,
						attributes: [
							new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
							new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: arrayBuffer(digest) })] }),
							new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] }),
						],
					}),
				}),
			],
			certificates: [certificate, ...chain],
		});
		await signedData.sign(key, 0, 'SHA-256');
		const content = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
		return Buffer.from(content.toSchema().toBER(false));
	}
}
