import { MAX_TAG_LENGTH, parseTextTag, type TagReading } from '../domain';
import { untrustedParsers } from './parserPool';
import { assertLooksLikePdf } from './pdfFacts';
import type { TextBox, TextFound } from './textLayout';

export type { TextBox, TextFound } from './textLayout';

/** A text tag found in a PDF: where it stands (page, box in points, bottom-left origin) and what it says. */
export interface FoundTag {
	page: number;
	source: string;
	box: TextBox;
	reading: TagReading;
}

/**
 * Every text tag of an uploaded PDF, read in the bounded parser worker
 * (parserPool.ts, same limits as any upload), in page and reading order. A
 * malformed tag is returned too, with its problem, for the caller to report.
 */
export async function findTextTags(bytes: Uint8Array): Promise<FoundTag[]> {
	assertLooksLikePdf(bytes);
	const spans = await untrustedParsers().run({ kind: 'text', bytes, search: { tags: true } });
	return spans.map(({ page, text, box }) => ({
		page,
		source: text,
		box,
		reading:
			text === '{{'
				? { ok: false, problem: `The tag is not closed: no }} within ${MAX_TAG_LENGTH} characters of its {{.` }
				: parseTextTag(text),
	}));
}

/** Every occurrence of a text in a PDF, with its page and box, in page and reading order. */
export async function findTextOccurrences(bytes: Uint8Array, text: string): Promise<TextFound[]> {
	assertLooksLikePdf(bytes);
	return untrustedParsers().run({ kind: 'text', bytes, search: { anchor: text } });
}

/** The PDF with the tags' boxes covered in white, made in the bounded parser worker. */
export async function coverTextTags(bytes: Uint8Array, tags: ReadonlyArray<{ page: number; box: TextBox }>): Promise<Uint8Array> {
	if (tags.length === 0) return bytes;
	return untrustedParsers().run({ kind: 'cover', bytes, boxes: tags.map(({ page, box }) => ({ page, box })) });
}
