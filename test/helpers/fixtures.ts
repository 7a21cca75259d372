import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared PDFs of the kinds users upload (../shared/fixtures/pdf). */
export const PDF_FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/pdf');

export function fixturePdf(name: string): Buffer {
	return readFileSync(path.join(PDF_FIXTURES, name));
}
