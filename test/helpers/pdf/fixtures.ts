import { readFileSync } from 'node:fs';
import path from 'node:path';

/** PDFs of the kinds users upload; test/fixtures/README.md says what the engine should do with each. */
export const PDF_FIXTURES = path.resolve(__dirname, '../../fixtures/pdf');

export function fixturePdf(name: string): Buffer {
	return readFileSync(path.join(PDF_FIXTURES, name));
}
