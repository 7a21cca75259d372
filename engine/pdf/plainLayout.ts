import type { Font, GlyphRun } from 'pdf-lib/cjs/types/fontkit';

/*
 * Laying out text that needs no shaping without the shaper: most of a certificate's text that is
 * new in each document (hashes, ids, dates, addresses) is plain Latin, digits and punctuation,
 * which fontkit's OpenType shaping turns into the characters' own glyphs after looking up every
 * feature for every glyph. Used by fonts.ts for layouts it has not kept.
 */

/**
 * Characters checked for plainness (plainText): Basic Latin and Latin-1, and the
 * punctuation and symbols a certificate's dates, hashes, ids and addresses are made of.
 */
const PLAIN_CANDIDATES: ReadonlyArray<[number, number]> = [
	[0x20, 0x7e],
	[0xa0, 0xff],
	[0x2010, 0x2027],
	// Not the fraction slash (U+2044), which makes the shaper turn the digits around it into a fraction.
	[0x2030, 0x2043],
	[0x2045, 0x205e],
];

/** The part of fontkit's GSUB table (parsed, its own API) that says which glyphs a lookup may substitute. */
interface Coverage {
	version: number;
	glyphs?: ArrayLike<number>;
	rangeRecords?: ArrayLike<{ start: number; end: number }>;
}
interface SubstitutionTable {
	coverage?: Coverage;
	/** A ligature subtable's ligatures, by coverage index: each the glyphs that must follow the covered one. */
	ligatureSets?: Listed<Listed<{ components: Listed<number> }>>;
	inputCoverage?: ArrayLike<Coverage>;
	coverages?: ArrayLike<Coverage>;
	extension?: SubstitutionTable;
}
type Listed<T> = ArrayLike<T> | { toArray(): T[] };

function listed<T>(items: Listed<T> | undefined): T[] {
	if (!items) return [];
	return 'toArray' in items ? items.toArray() : Array.from(items);
}

/**
 * The features fontkit's shaper applies to Latin and common text (its DefaultShaper: variations,
 * direction, fractions, then the common and horizontal features), in either direction.
 */
const SHAPED_FEATURES = new Set(['rvrn', 'ltra', 'ltrm', 'rtla', 'rtlm', 'frac', 'numr', 'dnom', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern']);

/**
 * Where a GSUB lookup of those features may start substituting (or null when the table says it in
 * a way not read here): at any glyph of `anywhere` (the first glyph each subtable covers: a
 * single substitution's glyph, a context's first input glyph), and at a glyph of `ligatures`
 * when the glyph after it is one its ligatures go on with (f before i, for fi). Text none of whose
 * glyphs starts a substitution comes out of shaping as it went in.
 */
interface Substitutions {
	anywhere: Set<number>;
	ligatures: Map<number, Set<number>>;
}

function substitutedGlyphs(font: Font): Substitutions | null {
	const gsub = (
		font as unknown as {
			GSUB?: {
				featureVariations?: unknown;
				scriptList?: Listed<{ script: { defaultLangSys?: { reqFeatureIndex: number; featureIndexes: Listed<number> } } }>;
				featureList?: Listed<{ tag: string; feature: { lookupListIndexes: Listed<number> } }>;
				lookupList?: Listed<{ subTables: Listed<SubstitutionTable> }>;
			};
		}
	).GSUB;
	const found: Substitutions = { anywhere: new Set(), ligatures: new Map() };
	if (!gsub) return found;
	if (gsub.featureVariations) return null;
	const lookups = listed(gsub.lookupList);
	const features = listed(gsub.featureList);
	// fontkit shapes with each script's default language system (pdf-lib names no language).
	const offered = new Set<number>();
	const required = new Set<number>();
	for (const { script } of listed(gsub.scriptList)) {
		const system = script.defaultLangSys;
		if (!system) continue;
		if (system.reqFeatureIndex !== 0xffff) {
			offered.add(system.reqFeatureIndex);
			required.add(system.reqFeatureIndex);
		}
		for (const index of listed(system.featureIndexes)) offered.add(index);
	}
	const applied = new Set<number>();
	for (const index of offered) {
		const record = features[index];
		if (!record) return null;
		if (SHAPED_FEATURES.has(record.tag) || required.has(index)) for (const lookup of listed(record.feature.lookupListIndexes)) applied.add(lookup);
	}
	for (const index of applied)
		for (let table of listed(lookups[index]?.subTables)) {
			while (table.extension) table = table.extension;
			const first = table.coverage ?? listed(table.inputCoverage)[0] ?? listed(table.coverages)[0];
			const covered = first && coveredGlyphs(first);
			if (!covered) return null;
			const sets = table.ligatureSets && listed(table.ligatureSets);
			covered.forEach((glyph, coverageIndex) => {
				const ligatures = sets ? listed(sets[coverageIndex]) : [];
				const seconds = ligatures.map((ligature) => listed(ligature.components)[0]);
				// A ligature of one glyph substitutes the glyph wherever it is.
				if (!sets || seconds.some((second) => second === undefined)) found.anywhere.add(glyph);
				else {
					const after = found.ligatures.get(glyph) ?? new Set<number>();
					for (const second of seconds) after.add(second);
					found.ligatures.set(glyph, after);
				}
			});
		}
	return found;
}

/** The glyphs a coverage table covers, in coverage order (a glyph's place is its coverage index), or null for a table not read here. */
function coveredGlyphs(coverage: Coverage): number[] | null {
	if (coverage.version === 1 && coverage.glyphs) return Array.from(coverage.glyphs);
	if (coverage.version !== 2 || !coverage.rangeRecords) return null;
	const glyphs: number[] = [];
	for (const range of Array.from(coverage.rangeRecords)) for (let glyph = range.start; glyph <= range.end; glyph += 1) glyphs.push(glyph);
	return glyphs;
}

/** What a font's plain text is made of (see plainText). */
export interface PlainText {
	/** Characters that shape to their own glyph, by code point. */
	glyphs: Map<number, number>;
	/** Ligatures a plain character's glyph may start, as the glyphs that would have to follow it. */
	ligatures: Map<number, Set<number>>;
}

/**
 * The characters of PLAIN_CANDIDATES that shape to their own glyph (but for a ligature with the
 * glyph after them): the font has a glyph for it, no GSUB lookup starts at that glyph otherwise,
 * it is no mark and no control, and shaped alone it gives that glyph. (pdf-lib reads only the
 * glyphs of a layout: positions are not made here, as withoutPositioning does not make them.)
 */
export function plainText(font: Font, layout: (text: string) => GlyphRun): PlainText {
	const plain: PlainText = { glyphs: new Map(), ligatures: new Map() };
	const substituted = substitutedGlyphs(font);
	if (!substituted) return plain;
	plain.ligatures = substituted.ligatures;
	for (const [from, to] of PLAIN_CANDIDATES)
		for (let codePoint = from; codePoint <= to; codePoint += 1) {
			const char = String.fromCodePoint(codePoint);
			if (/[\p{M}\p{C}]/u.test(char)) continue;
			const glyph = font.glyphForCodePoint(codePoint);
			if (!glyph || glyph.id === 0 || substituted.anywhere.has(glyph.id)) continue;
			const alone = layout(char).glyphs;
			if (alone.length === 1 && alone[0].id === glyph.id) plain.glyphs.set(codePoint, glyph.id);
		}
	return plain;
}

/** The layout of text made of plain characters only (plainText), none starting a ligature with the next: each character's glyph in turn; null for any other text. */
export function plainRun(font: Font, text: string, plain: PlainText): GlyphRun | null {
	if (text.length === 0) return null;
	const glyphs: GlyphRun['glyphs'] = [];
	for (let at = 0; at < text.length; at += 1) {
		const codePoint = text.charCodeAt(at);
		const id = plain.glyphs.get(codePoint);
		if (id === undefined || (at > 0 && plain.ligatures.get(glyphs[at - 1].id)?.has(id))) return null;
		glyphs.push(font.glyphForCodePoint(codePoint));
	}
	return { glyphs, positions: [], script: 'Zyyy', language: null, direction: 'ltr', features: {} } as unknown as GlyphRun;
}
