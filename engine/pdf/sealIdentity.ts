import { constants, generateKeyPair, generateKeyPairSync, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

/** The key and certificate a sealed PDF is signed with. */
export interface SealIdentity {
	/** PKCS#8 DER. */
	privateKey: Buffer;
	/** The signing certificate, DER. */
	certificate: Buffer;
	/** Further certificates of the chain (issuers), DER. */
	chain: Buffer[];
	subject: string;
}

/** Reads the key and certificates out of a PKCS#12 (.p12/.pfx) file (node-forge does the PKCS#12 parsing). */
export function identityFromP12(bytes: Buffer, password: string): SealIdentity {
	let p12: forge.pkcs12.Pkcs12Pfx;
	try {
		p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary'))), password);
	} catch (error) {
		throw new Error(`The seal certificate file cannot be opened (wrong password or not PKCS#12): ${(error as Error).message}`);
	}
	const keyBag =
		p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0] ??
		p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag]?.[0];
	const certificates = (p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
		.map((bag) => bag.cert)
		.filter((cert): cert is forge.pki.Certificate => Boolean(cert));
	if (!keyBag?.key || certificates.length === 0) throw new Error('The seal certificate file must hold a private key and its certificate.');
	const key = keyBag.key;
	const publicPem = forge.pki.publicKeyToPem(forge.pki.setRsaPublicKey(key.n, key.e));
	const own = certificates.find((cert) => forge.pki.publicKeyToPem(cert.publicKey) === publicPem) ?? certificates[0];
	const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(key));
	return {
		privateKey: Buffer.from(forge.asn1.toDer(pkcs8).getBytes(), 'binary'),
		certificate: certificateDer(own),
		chain: certificates.filter((cert) => cert !== own).map(certificateDer),
		subject: commonName(own) ?? 'Signflow seal',
	};
}

/*
 * node-forge writes attribute values as PrintableString bytes unless told
 * otherwise, which corrupts the PKCS#12 for names such as 印章 or a decomposed
 * "Zürich"; as UTF8String it encodes them itself. Reading, it hands back the
 * UTF-8 bytes undecoded.
 */
function utf8Attribute(name: string, text: string) {
	return { name, value: text, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class };
}

function commonName(certificate: forge.pki.Certificate): string | undefined {
	const field = certificate.subject.getField('CN') as { value?: string; valueTagClass?: number } | null;
	if (typeof field?.value !== 'string') return undefined;
	if (field.valueTagClass !== forge.asn1.Type.UTF8) return field.value;
	try {
		return forge.util.decodeUtf8(field.value);
	} catch {
		return field.value;
	}
}

/** The seal certificate's common name for an organization. */
export function sealSubject(organizationName: string): string {
	return `${truncate(organizationName, 40)} (Signflow seal)`;
}

/** At most `max` characters, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
	return Array.from(text).slice(0, max).join('');
}

/**
 * A self-signed seal certificate for an organization, packed as PKCS#12: what
 * earlier versions kept in the data folder's seals/ (legacySealFile.ts reads
 * those), in the form an operator's --seal-p12 comes in. The RSA key comes
 * from Node's crypto (fast, native); node-forge writes the X.509 certificate
 * and the PKCS#12 container.
 */
export function selfSignedP12(organizationName: string, password: string, now = new Date()): Buffer {
	return packP12(generateKeyPairSync('rsa', { modulusLength: 2048 }), organizationName, password, now);
}

/** The key of a new seal, generated on libuv's thread pool: the first seal of an organization does not stall the API. */
function generateSealKeys(): Promise<SealKeys> {
	return new Promise<SealKeys>((resolve, reject) =>
		generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey }))),
	);
}

/** A new self-signed seal identity for an organization, as data (what the database keeps, sealed). */
export async function selfSignedIdentity(organizationName: string, now = new Date()): Promise<SealIdentity> {
	const keys = await generateSealKeys();
	const certificate = selfSignedCertificate(keys, organizationName, now);
	return {
		privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'der' }),
		certificate: certificateDer(certificate),
		chain: [],
		subject: sealSubject(organizationName),
	};
}

/** DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017, 9.2). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

interface SealKeys {
	privateKey: KeyObject;
	publicKey: KeyObject;
}

function certificateDer(certificate: forge.pki.Certificate): Buffer {
	return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certificate)).getBytes(), 'binary');
}

function packP12(keys: SealKeys, organizationName: string, password: string, now: Date): Buffer {
	const key = forge.pki.privateKeyFromPem(keys.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
	const p12 = forge.pkcs12.toPkcs12Asn1(key, [selfSignedCertificate(keys, organizationName, now)], password, { algorithm: '3des', friendlyName: 'Signflow seal' });
	return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

function selfSignedCertificate({ privateKey, publicKey }: SealKeys, organizationName: string, now: Date): forge.pki.Certificate {
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
	certificate.serialNumber = `01${randomBytes(15).toString('hex')}`;
	certificate.validity.notBefore = new Date(now.getTime() - 60_000);
	certificate.validity.notAfter = new Date(now.getTime() + 10 * 365 * 86400_000);
	const name = [
		utf8Attribute('commonName', sealSubject(organizationName)),
		utf8Attribute('organizationName', truncate(organizationName, 64)),
	];
	certificate.setSubject(name);
	certificate.setIssuer(name);
	// A self-signed root: validators then report "issuer isn't trusted" (true until an operator
	// trusts it) rather than an unexplained failure, and it can be added to a trust store as is.
	certificate.setExtensions([
		{ name: 'basicConstraints', cA: true, critical: true },
		{ name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyCertSign: true, critical: true },
		{ name: 'subjectKeyIdentifier' },
	]);
	// The RSA signature by Node's crypto (native) rather than node-forge's JavaScript: the same PKCS#1 v1.5 bytes, far faster.
	const nativeSigner = {
		sign: (md: forge.md.MessageDigest) =>
			privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(md.digest().getBytes(), 'binary')])).toString('binary'),
	};
	certificate.sign(nativeSigner as unknown as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
	return certificate;
}
