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
	/** When it was signed: the CMS signing-time attribute when the signature has one, else the signature dictionary's /M (ISO 8601, UTC). */
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
	const modified = /\/M\s*\((D:[^)]*)\)/.exec(signatureDictionary(text, last.index, second));
	const result: SealCheck = {
		sealed: true,
		signatureValid: false,
		coversWholeDocument,
		signer: null,
		signedAt: modified ? parsePdfDate(modified[1]) : null,
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
			signedAt: cmsSigningTime(signedData) ?? result.signedAt,
			problem: signatureValid ? (coversWholeDocument ? null : 'The file was changed after it was signed.') : 'The signature does not match the content.',
		};
	} catch (error) {
		return { ...result, problem: `The signature cannot be checked: ${(error as Error).message}` };
	}
}

/**
 * The text of the signature dictionary whose /ByteRange is at `byteRangeAt`, without its /Contents
 * (tens of kilobytes of hex, which the entries around it may precede or follow): from the start of
 * its object to the ByteRange, and from the end of the contents (`contentsEnd`) to its `endobj`.
 */
function signatureDictionary(text: string, byteRangeAt: number, contentsEnd: number): string {
	const start = text.lastIndexOf(' obj', byteRangeAt);
	const end = text.indexOf('endobj', contentsEnd);
	return `${text.slice(start === -1 ? Math.max(0, byteRangeAt - 4000) : start, byteRangeAt)} ${text.slice(contentsEnd, end === -1 ? contentsEnd + 4000 : end)}`;
}

/** A PDF date (PDF 32000-1, 7.9.4: `D:YYYYMMDDHHmmSSOHH'mm`, every part after the year optional) as ISO 8601 in UTC, or null. */
export function parsePdfDate(value: string): string | null {
	const match = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?/.exec(value);
	if (!match) return null;
	const [, year, month = '01', day = '01', hour = '00', minute = '00', second = '00', , sign, offsetHours = '00', offsetMinutes = '00'] = match;
	const local = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
	const offset = sign ? (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 : 0;
	const at = new Date(local - offset);
	return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** The signing-time attribute (RFC 5652, 11.3) of the first signer, when the signature carries one. */
function cmsSigningTime(signedData: pkijs.SignedData): string | null {
	const attribute = signedData.signerInfos[0]?.signedAttrs?.attributes.find((entry) => entry.type === '1.2.840.113549.1.9.5');
	const value = attribute?.values[0] as { toDate?: () => Date } | undefined;
	const at = value?.toDate?.();
	return at && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
}
