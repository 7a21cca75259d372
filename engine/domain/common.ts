import { Duration, Info } from 'luxon';
import { z } from 'zod';

export const Id = z.uuid();

export const Timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date and time');

export const TimeZone = z
	.string()
	// The zone setZone would use, without computing an offset (luxon keeps each named zone it made).
	.refine((zone) => Info.normalizeZone(zone)?.isValid === true, {
		message: 'Must be an IANA time zone such as "Europe/Berlin" or "UTC".',
	});

export const IsoDuration = z
	.string()
	.refine((text) => Duration.fromISO(text).isValid, {
		message: 'Must be an ISO 8601 duration such as "PT5M" or "P1D".',
	});

export const HexColor = z
	.string()
	.regex(/^#[0-9a-fA-F]{6}$/, 'Must be a color in the form #RRGGBB.');

/*
 * The one rule for free text people type (names, messages, reasons, field
 * values): Unicode NFC (a name typed in decomposed form is stored, shown and
 * stamped as one), trimmed, and no control characters: none at all on one
 * line, only tab and line breaks where text may span lines. NUL in particular
 * would be refused by PostgreSQL and breaks PDF text.
 */
const CONTROL_ON_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROL_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function text(max: number, min: number, forbidden: RegExp, message: string) {
	return z
		.string()
		.normalize('NFC')
		.trim()
		.min(min, min === 1 ? 'Must not be empty.' : `Must be at least ${min} characters.`)
		.max(max, `Must be at most ${max} characters.`)
		.refine((value) => !forbidden.test(value), message);
}

export function singleLineText(max: number, min = 0) {
	return text(max, min, CONTROL_ON_ONE_LINE, 'Must be one line without control characters.');
}

export function multiLineText(max: number, min = 0) {
	return text(max, min, CONTROL_IN_LINES, 'Must not contain control characters (tabs and line breaks are fine).');
}

/** Whether a string passes the multi-line rule (for values checked outside a schema, such as JSON metadata). */
export function hasControlCharacters(text: string): boolean {
	return CONTROL_IN_LINES.test(text);
}

/** A person's or document's display name: one line, not empty. */
export function displayName(max: number) {
	return singleLineText(max, 1);
}

/** Base64 with an optional `data:...;base64,` prefix, as n8n expressions often produce. */
export const Base64Content = z
	.string()
	.min(1, 'Must not be empty.')
	.transform((text) => text.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, ''))
	.refine((text) => /^[A-Za-z0-9+/_-]*={0,2}$/.test(text), 'Must be base64-encoded content.');

/** A rectangle on a page in PDF points, origin at the bottom-left corner. */
export const Box = {
	page: z.int().min(1).describe('Page number, starting at 1'),
	x: z.number().min(0).describe('Distance from the left edge of the page, in PDF points'),
	y: z.number().min(0).describe('Distance from the bottom edge of the page, in PDF points'),
};

/** A field's place: its page and box in PDF points. */
export interface Placement {
	page: number;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The place of a field, for a field copied to another file or owner (a template's to a workflow's and back). */
export function placementOf(field: Placement): Placement {
	return { page: field.page, x: field.x, y: field.y, width: field.width, height: field.height };
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** What a list's `q` searches names for (GET /workflows, GET /templates). */
export const SearchText = z
	.string()
	.trim()
	.max(200)
	// PostgreSQL cannot take NUL in a text parameter: refused here as bad input, not a 500.
	.refine((text) => !text.includes('\u0000'), 'Must not contain NUL characters.');
