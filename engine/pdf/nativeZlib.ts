import { constants, deflateSync, inflateRawSync } from 'node:zlib';
import UPNG from '@pdf-lib/upng';
import pako from 'pako';

/** The part of pako (pdf-lib's compressor) replaced here: deflate with no options, a zlib stream at level 6. */
interface Pako {
	deflate(input: Uint8Array, options?: unknown): Uint8Array;
}

/** UPNG's own inflater, which pdf-lib's PNG decoding goes through: a PNG's zlib stream, into a buffer of the expected size. */
interface UpngDecode {
	_inflate(data: Uint8Array, buffer: Uint8Array): Uint8Array;
}

let installed = false;

/**
 * pdf-lib compresses every content stream, font file and image plane with pako, and decodes PNGs with
 * UPNG's inflater, both in JavaScript: a fifth of a finalization's CPU. Node's zlib does the same work
 * natively, several times faster, with the same format and level (zlib streams, level 6), so the
 * output stays what any reader decodes. Called once in each thread that runs pdf-lib.
 */
export function useNativeZlib(): void {
	if (installed) return;
	installed = true;
	const compressor: Pako = pako;
	const deflate = compressor.deflate.bind(compressor);
	compressor.deflate = (input, options) => (options === undefined ? copy(deflateSync(input)) : deflate(input, options));

	const decode = (UPNG as unknown as { decode: UpngDecode }).decode;
	decode._inflate = (data, buffer) => {
		// As UPNG does: the deflate data between the 2-byte zlib header and the 4-byte checksum, a cut-off
		// stream taken as far as it goes; never more than the image's rows (a bomb stops at that size).
		// One output chunk the rows' size (zlib's sync API starts another when one is exactly full, hence
		// the byte more) instead of 16 KB chunks joined at the end: a third of the memory, no copy.
		const rows = inflateRawSync(data.subarray(2, data.length - 4), {
			finishFlush: constants.Z_SYNC_FLUSH,
			maxOutputLength: buffer.length,
			chunkSize: Math.max(constants.Z_MIN_CHUNK, buffer.length + 1),
		});
		buffer.set(rows);
		return buffer;
	};
}

/** A plain Uint8Array of its own: pdf-lib keeps and slices what deflate returns. */
function copy(bytes: Buffer): Uint8Array {
	return new Uint8Array(bytes);
}
