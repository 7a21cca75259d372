import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import './padesSigner'; // sets PKI.js's crypto engine

export interface SealCheck {
	/** The PDF carries a signature dictionary at all. */
	sealed: boolean;
	/** The CMS signature verifies over the bytes its ByteRange names. */
	signatureValid: boolean;
	/** The ByteRange covers the whole file except the signature itself: nothing was appended or left out. */
	coversWholeDocument: boolean;
	signer: string | null;
	/** The signing time in the signature dictionary (/M). */
	signedAt: string | null;
	problem: string | null;
}

const NOT_SEALED: SealCheck = {
	sealed: false,
	signatureValid: false,
	coversWholeDocument: false,
	signer: null,
	signedAt: null,
	problem: 'The PDF has no signature.',
};

/** Checks the last signature of a PDF: its CMS over its byte ranges, and that those ranges cover the file. */
export async function checkSeal(bytes: Buffer): Promise<SealCheck> {
	const text = bytes.toString('latin1');
	const byteRanges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
	const last = byteRanges[byteRanges.length - 1];
	if (!last) return NOT_SEALED;
	const [start, firstLength, second, secondLength] = last.slice(1, 5).map(Number) as [number, number, number, number];
	const coversWholeDocument =
		start === 0 && second + secondLength === bytes.length && bytes[firstLength] === 0x3c && bytes[second - 1] === 0x3e;
	const signedAt = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(text.slice(Math.max(0, last.index - 4000), last.index + 4000));
	const result: SealCheck = {
		sealed: true,
		signatureValid: false,
		coversWholeDocument,
		signer: null,
		signedAt: signedAt ? `${signedAt[1]}-${signedAt[2]}-${signedAt[3]}T${signedAt[4]}:${signedAt[5]}:${signedAt[6]}Z` : null,
		problem: null,
	};
	if (firstLength >= second || second > bytes.length) return { ...result, problem: 'The signature byte range is malformed.' };
	try {
		// The placeholder is padded with zeros after the DER; the parser stops at the DER's own length.
		const der = Buffer.from(bytes.subarray(firstLength + 1, second - 1).toString('latin1'), 'hex');
		const asn = asn1js.fromBER(der.buffer.slice(der.byteOffset, der.byteOffset + der.byteLength));
		if (asn.offset === -1) return { ...result, problem: 'The signature is not valid DER.' };
		const signedData = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn.result }).content });
		const signed = Buffer.concat([bytes.subarray(start, firstLength), bytes.subarray(second, second + secondLength)]);
		const signatureValid = await signedData.verify({
			signer: 0,
			data: signed.buffer.slice(signed.byteOffset, signed.byteOffset + signed.byteLength),
			checkChain: false,
		});
		const certificate = signedData.certificates?.find((cert): cert is pkijs.Certificate => cert instanceof pkijs.Certificate);
		const commonName = certificate?.subject.typesAndValues.find((entry) => entry.type === '2.5.4.3')?.value.valueBlock.value;
		return {
			...result,
			signatureValid,
			signer: typeof commonName === 'string' ? commonName : null,
			problem: signatureValid ? (coversWholeDocument ? null : 'The file was changed after it was signed.') : 'The signature does not match the content.',
		};
	} catch (error) {
		return { ...result, problem: `The signature cannot be checked: ${(error as Error).message}` };
	}
}
