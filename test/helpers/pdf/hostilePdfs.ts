import { once } from 'node:events';
import { createDeflate } from 'node:zlib';

/**
 * A small PDF whose object stream (/Type /ObjStm, FlateDecode) inflates to
 * `inflatedMb` megabytes: a decompression bomb. Made by streaming spaces
 * through deflate, so building a 1 GB bomb never holds 1 GB.
 */
export async function objectStreamBomb(inflatedMb: number): Promise<Buffer> {
	const deflate = createDeflate({ level: 9 });
	const chunks: Buffer[] = [];
	deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
	const ended = once(deflate, 'end');
	deflate.write(Buffer.from('4 0 '));
	const spaces = Buffer.alloc(1024 * 1024, 0x20);
	for (let written = 0; written < inflatedMb; written++) if (!deflate.write(spaces)) await once(deflate, 'drain');
	deflate.end(Buffer.from('null'));
	await ended;
	const data = Buffer.concat(chunks);

	const parts: Buffer[] = [];
	const offsets: number[] = [];
	let length = 0;
	const add = (chunk: string | Buffer) => {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
		parts.push(buffer);
		length += buffer.length;
	};
	const object = (text: string | Buffer[]) => {
		offsets.push(length);
		if (typeof text === 'string') add(text);
		else for (const piece of text) add(piece);
	};
	add('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
	object('1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
	object('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
	object('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n');
	object([
		Buffer.from(`5 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'),
		data,
		Buffer.from('\nendstream\nendobj\n', 'latin1'),
	]);
	const xref = length;
	add(`xref\n0 6\n0000000000 65535 f \n${offsets.slice(0, 3).map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}0000000000 65535 f \n${String(offsets[3]).padStart(10, '0')} 00000 n \n`);
	add(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
	return Buffer.concat(parts);
}
