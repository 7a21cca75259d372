import forge from 'node-forge';

/**
 * A PKCS#12 seal certificate that opens fine (the engine starts with it) but
 * cannot sign: its RSA key is 480 bits, too short for a SHA-256 PKCS#1
 * signature, so every finalization fails in the crypto layer, as with a
 * broken or unsupported operator certificate. forge's pure-JavaScript
 * generator makes it (Node's own refuses keys that short).
 */
export function p12ThatCannotSign(commonName: string, password: string): Buffer {
	const keys = forge.pki.rsa.generateKeyPair({ bits: 480, e: 0x10001, prng: forge.random });
	const certificate = forge.pki.createCertificate();
	certificate.publicKey = keys.publicKey;
	certificate.serialNumber = '01';
	certificate.validity.notBefore = new Date(Date.now() - 60_000);
	certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
	const name = [{ name: 'commonName', value: commonName, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class }];
	certificate.setSubject(name);
	certificate.setIssuer(name);
	certificate.sign(keys.privateKey, forge.md.sha1.create());
	const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [certificate], password, { algorithm: '3des' });
	return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
