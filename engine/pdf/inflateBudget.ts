import { constants, inflateSync } from 'node:zlib';
import { invalid } from '../domain';

/**
 * A PDF's object and cross-reference streams are inflated whole when it is
 * parsed, so a small file can hide gigabytes (a "decompression bomb"). Before
 * parsing, inflate each Flate-encoded /ObjStm and /XRef stream with zlib (fast,
 * and bounded by maxOutputLength) and refuse the file once their total passes
 * the budget. Content and image streams are never inflated by the engine
 * (stamping appends to pages), so they are not counted.
 */
export function assertInflatedWithin(bytes: Uint8Array, budgetBytes: number): void {
	const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
	const text = buffer.toString('latin1');
	let remaining = budgetBytes;
	for (const match of text.matchAll(/\bstream(\r\n|\n|\r)/g)) {
		const dictionary = text.slice(Math.max(0, match.index - 2048), match.index);
		const objectStart = dictionary.lastIndexOf(' obj');
		const own = objectStart >= 0 ? dictionary.slice(objectStart) : dictionary;
		if (!/\/Type\s*\/(ObjStm|XRef)\b/.test(own) || !/\/(FlateDecode|Fl)\b/.test(own)) continue;
		const start = match.index + match[0].length;
		const end = text.indexOf('endstream', start);
		if (end < 0) continue;
		try {
			remaining -= inflateSync(buffer.subarray(start, end), { maxOutputLength: remaining + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
		} catch (error) {
			if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') remaining = -1;
			// A stream zlib cannot read is left to the parser, which reports a broken PDF.
			else continue;
		}
		if (remaining < 0) throw tooComplex(`its compressed object streams expand to more than ${Math.round(budgetBytes / 1024 / 1024)} MB`);
	}
}

export function tooComplex(why: string) {
	return invalid('file_too_complex', `The PDF is too complex to process safely: ${why}. Export or print it to PDF again, or split it.`);
}
