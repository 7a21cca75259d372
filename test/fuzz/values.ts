import fc from 'fast-check';
import { Slot } from './slots';

/** Text real people type: accents, decomposed Unicode, right-to-left, CJK, emoji, apostrophes. */
export const REAL_TEXT = [
	'Offer letter',
	'Zoë Ångström',
	'Zu\u0308rich office', // decomposed: u + combining diaeresis
	'Łukasz Żółć',
	'محمد الأحمد',
	'שלום עליכם',
	'田中 太郎',
	'김민준',
	'Ana 👩🏽‍💼 Souza',
	'🏳️‍🌈 Pride contract',
	"Seán O'Brien-Murphy",
	'Nguyễn Văn A',
	'Ελληνικά',
	'Привет, мир',
	'Contrat de travail — version 2',
	'A\u200bB', // zero-width space
	'e\u0301te\u0301 (de\u0301compose\u0301)',
	'हिन्दी',
	'ไทย',
	'Mixed English עברית 123',
];

export const EMAILS = ['ann.lee@example.com', "o'brien+hr@example.co.uk", 'bob_ray@mail.example.org', 'x@example.io', 'zoe-2@sub.example.com'];

export const TIME_ZONES = ['UTC', 'Europe/Zurich', 'Asia/Tokyo', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham'];

/** Valid-shaped free text within the given UTF-16 length bounds (what zod's min/max count). */
export function realText(minLength = 0, maxLength = 200): fc.Arbitrary<string> {
	const pieces = fc.array(fc.oneof({ arbitrary: fc.constantFrom(...REAL_TEXT), weight: 4 }, { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), weight: 1 }), {
		minLength: 1,
		maxLength: 3,
	});
	return pieces.map((parts) => {
		let text = parts.join(' ').slice(0, maxLength);
		// No lone surrogate at the cut, no control characters: valid text, not hostile text.
		text = text.replace(/[\ud800-\udbff]$/, '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim();
		while (text.length < Math.max(minLength, 1)) text += 'x';
		return text;
	});
}

const HOSTILE_STRINGS = [
	'',
	' ',
	'   \t  ',
	'\u0000',
	'a\u0000b',
	'\u0007\u001b[31mred\u001b[0m',
	'\r\n',
	'line1\nline2\r\nline3',
	'\u2028\u2029',
	'\u202eevil.pdf\u202c',
	'\u200b\u200c\u200d\ufeff',
	'\ud800',
	'\udfff\ud800x',
	'Zu\u0308rich',
	'A\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
	'👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦',
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'; drop table workflows; --",
	"' OR '1'='1",
	'../../../../etc/passwd',
	'..\\..\\windows\\win.ini',
	'%00%0d%0a',
	'${jndi:ldap://127.0.0.1/a}',
	'{{7*7}}',
	'\\',
	'"',
	'null',
	'undefined',
	'NaN',
	'-0',
	'0x1F',
	'1e999',
	'Infinity',
	'true',
	'[]',
	'{}',
	'__proto__',
	'constructor',
	'data:text/html;base64,PHNjcmlwdD4=',
	'javascript:alert(1)',
	'file:///etc/passwd',
	'http://169.254.169.254/latest/meta-data/',
	'http://[::1]:22/',
	'gopher://127.0.0.1:25/',
	'%',
	'%zz',
	'\u0085next line',
	'\ud83d', // half an emoji
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
	{ arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
	{ arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 40 }), weight: 2 },
	{
		arbitrary: fc.tuple(fc.constantFrom('A', 'é', '😀', 'e\u0301', '\u0000', 'ש'), fc.integer({ min: 200, max: 120_000 })).map(([unit, times]) => unit.repeat(times)),
		weight: 1,
	},
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
	fc.constantFrom(-1, 0, -0, 0.5, 1.5, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1, 1e-300, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 4.9e-324),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.integer(),
);

/** Nested arrays or objects `depth` deep, as raw JSON text (built only when the request is sent). */
const deepNesting = fc
	.tuple(fc.constantFrom('array', 'object'), fc.integer({ min: 30, max: 20_000 }))
	.map(([shape, depth]) => new Slot('rawJson', 0, 'self', shape === 'array' ? `[${depth}` : `{${depth}`));

const rawNumbers = fc.constantFrom('1e999', '-1e999', '1E+400', '0.0000000000000000000000000001', '123456789012345678901234567890', '-0.0').map((text) => new Slot('rawJson', 0, 'self', text));

/** A value of any type where a particular one was expected. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	{ arbitrary: hostileString, weight: 6 },
	{ arbitrary: hostileNumber, weight: 3 },
	{ arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': '' }), weight: 3 },
	{ arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')), weight: 1 },
	{ arbitrary: deepNesting, weight: 1 },
	{ arbitrary: rawNumbers, weight: 1 },
	{ arbitrary: fc.array(fc.constant('x'), { minLength: 1000, maxLength: 3000 }), weight: 1 },
	{ arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.constant(1), { minKeys: 200, maxKeys: 600 }), weight: 1 },
	{ arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
);
