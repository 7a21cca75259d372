import UPNG from '@pdf-lib/upng';

/** A PNG's colour plane (RGB) and alpha plane (null when every pixel is opaque), as pdf-lib's PNG class splits them. */
export interface PngPlanes {
	width: number;
	height: number;
	rgb: Uint8Array;
	alpha: Uint8Array | null;
}

/** UPNG's inflater (the one useNativeZlib installs, in the threads that decode PNGs): a PNG's zlib stream into a buffer of the image's size. */
const upngDecode = (UPNG as unknown as { decode: { _inflate(data: Uint8Array, buffer: Uint8Array): Uint8Array } }).decode;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Chunks that do not change what UPNG decodes and that it reads at fixed
 * offsets (or not at all). Any other chunk (text, palette, transparency,
 * animation) sends the PNG down pdf-lib's own path.
 */
const PLAIN_CHUNKS = new Set(['IDAT', 'IEND', 'pHYs', 'cHRM', 'gAMA', 'sRGB', 'bKGD', 'iCCP', 'sBIT', 'tIME', 'eXIf']);

/**
 * The planes of an 8-bit, non-interlaced RGB or RGBA PNG (what a browser's
 * canvas exports, and so every drawn signature), in one pass over its rows:
 * each row unfiltered in place and split into the two planes. pdf-lib gets
 * the same planes by decoding to RGBA with UPNG (unfilter, then a copy per
 * pixel), copying the frame and splitting it: three passes and four
 * image-sized buffers. The bytes are those pdf-lib's PNG.load gives: the
 * same chunks read, the same inflater, the same filter arithmetic.
 *
 * Null for any other PNG (other colour types or depths, interlaced, a chunk
 * whose length overruns the file, a filter type above 4, or a chunk outside
 * PLAIN_CHUNKS), which the caller decodes with pdf-lib instead.
 *
 * With `reusePlanes`, the planes are views of a buffer the next call with
 * it overwrites: for a caller that is done with them before then.
 */
export function pngPlanes(bytes: Uint8Array, options: { reusePlanes?: boolean } = {}): PngPlanes | null {
	if (bytes.length < 8 + 25 || SIGNATURE.some((byte, at) => bytes[at] !== byte)) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
	if (view.getUint32(8) !== 13 || chunkType(bytes, 12) !== 'IHDR') return null;
	const width = view.getUint32(16);
	const height = view.getUint32(20);
	const [depth, colorType, compression, filter, interlace] = bytes.subarray(24, 29);
	if (depth !== 8 || (colorType !== 2 && colorType !== 6) || compression !== 0 || filter !== 0 || interlace !== 0) return null;
	if (width === 0 || height === 0) return null;

	// As UPNG.decode: the IDAT chunks' data, in a buffer the PNG's size (its inflater reads to that end).
	const idat = new Uint8Array(bytes.length);
	let idatLength = 0;
	for (let offset = 33; offset < bytes.length; ) {
		if (offset + 8 > bytes.length) return null;
		const length = view.getUint32(offset);
		const type = chunkType(bytes, offset + 4);
		if (offset + 12 + length > bytes.length || !PLAIN_CHUNKS.has(type)) return null;
		if (type === 'IEND') break;
		if (type === 'IDAT') {
			idat.set(bytes.subarray(offset + 8, offset + 8 + length), idatLength);
			idatLength += length;
		}
		offset += 12 + length;
	}

	const channels = colorType === 6 ? 4 : 3;
	const rowBytes = width * channels;
	const rows = upngDecode._inflate(idat, rowsBuffer((rowBytes + 1) * height));
	const planes = planesBuffer(width * height * (channels === 4 ? 4 : 3), options.reusePlanes === true);
	const rgb = planes.subarray(0, width * height * 3);
	const alpha = channels === 4 ? planes.subarray(width * height * 3, width * height * 4) : null;
	let translucent = false;
	for (let y = 0; y < height; y += 1) {
		const at = y * (rowBytes + 1) + 1;
		if (!unfilter(rows, rows[at - 1], at, y === 0 ? -1 : at - rowBytes - 1, rowBytes, channels)) return null;
		if (alpha) {
			let pixel = y * width;
			for (let x = at, end = at + rowBytes; x < end; x += 4, pixel += 1) {
				rgb[pixel * 3] = rows[x];
				rgb[pixel * 3 + 1] = rows[x + 1];
				rgb[pixel * 3 + 2] = rows[x + 2];
				const a = rows[x + 3];
				alpha[pixel] = a;
				if (a !== 255) translucent = true;
			}
		} else rgb.set(rows.subarray(at, at + rowBytes), y * rowBytes);
	}
	return { width, height, rgb, alpha: translucent ? alpha : null };
}

/**
 * The rows are needed only while the planes are taken, so one buffer serves
 * every call, and one more the planes of a caller that compresses them at
 * once. Each allocation counts as external memory to V8, and a parser thread
 * that allocates a few hundred KB per signature and little else passes V8's
 * external-memory limit long before its young generation fills: a collection
 * of the whole heap every few envelopes. Each buffer grows to the largest
 * image seen, up to REUSED_BYTES; a larger one gets buffers of its own.
 */
const REUSED_BYTES = 4 * 1024 * 1024;
const reusedRows = { bytes: new Uint8Array(0) };
const reusedPlanes = { bytes: new Uint8Array(0) };

function reused(holder: { bytes: Uint8Array }, size: number): Uint8Array {
	if (size > REUSED_BYTES) return new Uint8Array(size);
	if (holder.bytes.length < size) holder.bytes = new Uint8Array(size);
	return holder.bytes.subarray(0, size);
}

/** Zeros of `size` bytes for the rows (a cut-off stream leaves zeros after it, as in UPNG's fresh buffer). */
function rowsBuffer(size: number): Uint8Array {
	return reused(reusedRows, size).fill(0);
}

/** `size` bytes for the planes, every one of which the split writes. */
function planesBuffer(size: number, reuse: boolean): Uint8Array {
	return reuse ? reused(reusedPlanes, size) : new Uint8Array(size);
}

function chunkType(bytes: Uint8Array, at: number): string {
	return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

/**
 * Reverses a row's PNG filter in place: `at` is where the row starts,
 * `above` where the row above starts (-1 for the first row, whose row above
 * is zeros). False for a filter type PNG does not define.
 */
function unfilter(rows: Uint8Array, type: number, at: number, above: number, length: number, bpp: number): boolean {
	const end = at + length;
	if (type === 0) return true;
	if (type === 1) {
		for (let x = at + bpp; x < end; x += 1) rows[x] += rows[x - bpp];
		return true;
	}
	if (type > 4) return false;
	if (above < 0) {
		// The row above is zeros: Up changes nothing, Average halves the left byte, Paeth picks the left byte.
		if (type === 3) for (let x = at + bpp; x < end; x += 1) rows[x] += rows[x - bpp] >>> 1;
		else if (type === 4) for (let x = at + bpp; x < end; x += 1) rows[x] += rows[x - bpp];
		return true;
	}
	const shift = at - above;
	if (type === 2) for (let x = at; x < end; x += 1) rows[x] += rows[x - shift];
	else if (type === 3) {
		for (let x = at; x < at + bpp; x += 1) rows[x] += rows[x - shift] >>> 1;
		for (let x = at + bpp; x < end; x += 1) rows[x] += (rows[x - shift] + rows[x - bpp]) >>> 1;
	} else {
		for (let x = at; x < at + bpp; x += 1) rows[x] += rows[x - shift];
		for (let x = at + bpp; x < end; x += 1) rows[x] += paeth(rows[x - bpp], rows[x - shift], rows[x - shift - bpp]);
	}
	return true;
}

function paeth(left: number, up: number, upLeft: number): number {
	const estimate = left + up - upLeft;
	const toLeft = Math.abs(estimate - left);
	const toUp = Math.abs(estimate - up);
	const toUpLeft = Math.abs(estimate - upLeft);
	if (toLeft <= toUp && toLeft <= toUpLeft) return left;
	return toUp <= toUpLeft ? up : upLeft;
}
