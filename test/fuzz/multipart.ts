import fc from 'fast-check';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { uniformPick } from './slots';

/** The PDF fixtures the engine accepts, and those it must refuse with a clear 4xx. */
export const GOOD_PDFS = ['a4-1page.pdf', 'letter-3pages.pdf', 'mixed-sizes.pdf', 'rotated-90.pdf', 'object-streams.pdf', 'linearized.pdf', 'cairo-producer.pdf'];
export const BAD_PDFS = ['encrypted-password.pdf', 'truncated.pdf', 'not-a-pdf.pdf', 'empty.pdf'];

/** File content: a fixture, possibly damaged (cut, a flipped byte, junk in front), or random bytes. */
export interface ContentSpec {
	source: string;
	damage: 'none' | 'cut' | 'flip' | 'junk-prefix' | 'random';
	at: number;
}

/** A multipart/form-data upload, well-formed or broken in one of the ways clients and attackers break them. */
export interface MultipartSpec {
	boundary: string;
	header: 'ok' | 'quoted' | 'no-boundary' | 'other-boundary' | 'empty-boundary' | 'charset';
	fieldsBefore: Array<{ name: string; value: string }>;
	file: { field: string; filename: string | null; type: string | null; content: ContentSpec } | null;
	extraFiles: number;
	fieldsAfter: Array<{ name: string; value: string }>;
	ending: 'ok' | 'unterminated' | 'no-final-crlf' | 'cut-in-part' | 'garbage-after' | 'no-header-break' | 'lf-only';
}

export const contentSpec: fc.Arbitrary<ContentSpec> = fc.record({
	source: fc.oneof({ arbitrary: fc.constantFrom(...GOOD_PDFS), weight: 5 }, { arbitrary: fc.constantFrom(...BAD_PDFS, 'pages-500.pdf'), weight: 1 }),
	damage: fc.oneof({ arbitrary: fc.constant('none' as const), weight: 6 }, { arbitrary: fc.constantFrom('cut' as const, 'flip' as const, 'junk-prefix' as const, 'random' as const), weight: 2 }),
	at: uniformPick,
});

const fieldText = fc.oneof(fc.constantFrom('offer.pdf', 'Zu\u0308rich.pdf', 'عقد.pdf', '契約書.pdf', '📄.pdf', '../../etc/passwd', 'a\u0000b.pdf', ''), fc.string({ maxLength: 30 }));

export const multipartSpec: fc.Arbitrary<MultipartSpec> = fc.record({
	boundary: fc.oneof(fc.constantFrom('----signflowfuzz', 'x', '----WebKitFormBoundary7MA4YWxkTrZu0gW', 'a'.repeat(70), 'b'.repeat(200), 'with space', 'quote"d'), fc.stringMatching(/^[A-Za-z0-9'()+_,-./:=?]{1,40}$/)),
	header: fc.oneof({ arbitrary: fc.constant('ok' as const), weight: 8 }, { arbitrary: fc.constantFrom('quoted' as const, 'no-boundary' as const, 'other-boundary' as const, 'empty-boundary' as const, 'charset' as const), weight: 2 }),
	fieldsBefore: fc.oneof(
		{ arbitrary: fc.constant<Array<{ name: string; value: string }>>([]), weight: 4 },
		{ arbitrary: fc.array(fc.record({ name: fc.constant('name'), value: fieldText }), { maxLength: 1 }), weight: 3 },
		{ arbitrary: fc.array(fc.record({ name: fc.constantFrom('name', 'x', 'field', 'é', ''), value: fc.oneof(fieldText, fc.constant('v'.repeat(5000))) }), { minLength: 2, maxLength: 40 }), weight: 1 },
	),
	file: fc.option(
		fc.record({
			field: fc.oneof({ arbitrary: fc.constant('file'), weight: 9 }, { arbitrary: fc.constantFrom('File', 'upload', 'file[]', ''), weight: 1 }),
			filename: fc.option(fieldText, { freq: 8 }),
			type: fc.option(fc.constantFrom('application/pdf', 'application/octet-stream', 'text/plain', 'image/png', ''), { freq: 6 }),
			content: contentSpec,
		}),
		{ freq: 12 },
	),
	extraFiles: fc.oneof({ arbitrary: fc.constant(0), weight: 9 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }),
	fieldsAfter: fc.array(fc.record({ name: fc.constantFrom('name', 'after'), value: fieldText }), { maxLength: 2 }),
	ending: fc.oneof({ arbitrary: fc.constant('ok' as const), weight: 7 }, {
		arbitrary: fc.constantFrom('unterminated' as const, 'no-final-crlf' as const, 'cut-in-part' as const, 'garbage-after' as const, 'no-header-break' as const, 'lf-only' as const),
		weight: 3,
	}),
});

const cache = new Map<string, Buffer>();
function fixture(name: string): Buffer {
	let bytes = cache.get(name);
	if (!bytes) cache.set(name, (bytes = fixturePdf(name)));
	return bytes;
}

/** A deterministic byte stream (xorshift) so a seed gives the same "random" file every time. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
	const bytes = Buffer.alloc(length);
	let state = (Math.floor(seed * 0xffffffff) | 1) >>> 0;
	for (let index = 0; index < length; index += 1) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[index] = state & 0xff;
	}
	return bytes;
}

export function contentBytes(spec: ContentSpec): Buffer {
	const original = fixture(spec.source);
	const position = Math.floor(spec.at * original.length);
	switch (spec.damage) {
		case 'none':
			return original;
		case 'cut':
			return original.subarray(0, position);
		case 'flip': {
			const copy = Buffer.from(original);
			if (copy.length) copy[position] = copy[position] ^ 0xff;
			return copy;
		}
		case 'junk-prefix':
			return Buffer.concat([pseudoRandomBytes(64 + position % 4096, spec.at), original]);
		case 'random':
			return Buffer.concat([Buffer.from('%PDF-1.7\n'), pseudoRandomBytes(1 + Math.floor(spec.at * 20_000), spec.at)]);
	}
}

/** The bytes and Content-Type of a multipart request built from its spec. */
export function buildMultipart(spec: MultipartSpec): { contentType: string; body: Buffer } {
	const newline = spec.ending === 'lf-only' ? '\n' : '\r\n';
	const dash = `--${spec.boundary}`;
	const chunks: Buffer[] = [];
	const part = (headers: string[], content: Buffer) => {
		chunks.push(Buffer.from(`${dash}${newline}${headers.join(newline)}${spec.ending === 'no-header-break' ? newline : newline + newline}`));
		chunks.push(content, Buffer.from(newline));
	};
	const field = (name: string, value: string) => part([`Content-Disposition: form-data; name="${name}"`], Buffer.from(value));
	for (const { name, value } of spec.fieldsBefore) field(name, value);
	const files = spec.file ? [spec.file, ...Array.from({ length: spec.extraFiles }, () => spec.file!)] : [];
	for (const file of files) {
		const disposition = `Content-Disposition: form-data; name="${file.field}"${file.filename === null ? '' : `; filename="${file.filename}"`}`;
		part(file.type === null ? [disposition] : [disposition, `Content-Type: ${file.type}`], contentBytes(file.content));
	}
	for (const { name, value } of spec.fieldsAfter) field(name, value);
	let body = Buffer.concat(chunks);
	switch (spec.ending) {
		case 'unterminated':
			break;
		case 'cut-in-part':
			body = body.subarray(0, Math.max(0, body.length - 10));
			break;
		case 'no-final-crlf':
			body = Buffer.concat([body, Buffer.from(`${dash}--`)]);
			break;
		case 'garbage-after':
			body = Buffer.concat([body, Buffer.from(`${dash}--${newline}`), pseudoRandomBytes(300, 0.42)]);
			break;
		default:
			body = Buffer.concat([body, Buffer.from(`${dash}--${newline}`)]);
	}
	const contentType = {
		ok: `multipart/form-data; boundary=${spec.boundary}`,
		quoted: `multipart/form-data; boundary="${spec.boundary}"`,
		'no-boundary': 'multipart/form-data',
		'other-boundary': 'multipart/form-data; boundary=not-the-one',
		'empty-boundary': 'multipart/form-data; boundary=',
		charset: `multipart/form-data; charset=utf-8; boundary=${spec.boundary}`,
	}[spec.header];
	return { contentType, body };
}
