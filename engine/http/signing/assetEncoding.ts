import { promisify } from 'node:util';
import zlib from 'node:zlib';

/*
 * Content codings of the signing page's files: brotli at its best quality and
 * gzip at level 9, made once (at build), chosen per request from
 * Accept-Encoding (br over gzip over none).
 */

export type Coding = 'br' | 'gzip';
export const CODINGS: readonly Coding[] = ['br', 'gzip'];

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compressed at the highest settings; null where compressing does not pay (woff2, most of wasm). */
export async function compressAsset(bytes: Buffer, coding: Coding): Promise<Buffer | null> {
	const compressed =
		coding === 'br'
			? await brotli(bytes, {
					params: {
						[zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
						[zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
					},
				})
			: await gzip(bytes, { level: zlib.constants.Z_BEST_COMPRESSION });
	return worthIt(bytes.length, compressed.length) ? compressed : null;
}

/** Saves at least 5% and a few hundred bytes: below that, decoding costs more than it saves. */
export function worthIt(original: number, compressed: number): boolean {
	return compressed < original * 0.95 && original - compressed >= 256;
}

/**
 * The coding to answer with: br, else gzip, else none, skipping any the
 * client refuses with q=0 (also through `*;q=0`). RFC 9110 section 12.5.3.
 */
export function chooseCoding(acceptEncoding: string | undefined, available: ReadonlySet<Coding>): Coding | null {
	if (!acceptEncoding) return null;
	const weights = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [token, ...params] = part.trim().toLowerCase().split(';');
		if (!token) continue;
		let q = 1;
		for (const param of params) {
			const [key, value] = param.trim().split('=');
			if (key === 'q') q = Number(value);
		}
		weights.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(q) ? q : 0);
	}
	for (const coding of CODINGS) {
		if (!available.has(coding)) continue;
		const q = weights.get(coding) ?? weights.get('*') ?? 0;
		if (q > 0) return coding;
	}
	return null;
}
