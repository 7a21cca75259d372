import { z } from 'zod';
import { DateTime, Duration } from 'luxon';

export const Id = z.uuid();

export const Timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date and time');

export const TimeZone = z
	.string()
	.refine((zone) => DateTime.now().setZone(zone).isValid, {
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

const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f]/;

/** A person's or document's display name: trimmed, no control characters. */
export function displayName(max: number) {
	return z
		.string()
		.trim()
		.min(1, 'Must not be empty.')
		.max(max, `Must be at most ${max} characters.`)
		.refine((text) => !FORBIDDEN_NAME_CHARS.test(text), 'Must not contain control characters.');
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

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
