import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { chooseCoding, type Coding } from './assetEncoding';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const BOTH = new Set<Coding>(['br', 'gzip']);

/** Below this an HTML answer fits in the first packets anyway. */
const SMALL = 1024;

/**
 * An HTML page in the coding the client accepts. Pages are made per request,
 * so brotli runs at a middle quality (a millisecond or two, about the ratio
 * of gzip -9), in the thread pool, off the event loop.
 */
export async function compressHtml(acceptEncoding: string | undefined, page: string): Promise<{ body: Buffer; coding: Coding | null }> {
	const bytes = Buffer.from(page, 'utf8');
	const coding = bytes.length < SMALL ? null : chooseCoding(acceptEncoding, BOTH);
	if (coding === 'br') return { body: await brotli(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }), coding };
	if (coding === 'gzip') return { body: await gzip(bytes, { level: 6 }), coding };
	return { body: bytes, coding: null };
}
