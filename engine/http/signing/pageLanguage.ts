import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptedLanguages, chooseLocale, Locale } from '../../domain';

/** The language the signer picked with the page's switcher (`?lang=de`), when the engine speaks it; else null. */
export function requestedLocale(request: FastifyRequest): string | null {
	const lang = (request.query as Record<string, unknown> | undefined)?.lang;
	return typeof lang === 'string' ? supported(lang) : null;
}

/** The browser's languages (Accept-Language), most wanted first. */
export function browserLanguages(request: FastifyRequest): string[] {
	return acceptedLanguages(request.headers['accept-language']);
}

/**
 * The page's language: the switcher's choice, then the link's own (the signer's, the workflow's,
 * the organization's default), then the browser's, else English. When the browser's header was
 * reached, the answer varies with it: caches are told so.
 */
export function pageLocale(request: FastifyRequest, reply: FastifyReply, ...own: ReadonlyArray<string | null | undefined>): string {
	const chosen = requestedLocale(request) ?? own.map(supported).find(Boolean);
	if (chosen) return chosen;
	varyByLanguage(reply);
	return chooseLocale(...browserLanguages(request));
}

/** A tag in a language the engine speaks, canonical; else null. */
function supported(tag: string | null | undefined): string | null {
	if (!tag) return null;
	const parsed = Locale.safeParse(tag);
	return parsed.success ? parsed.data : null;
}

/** Tells caches that the answer depends on the browser's languages. */
export function varyByLanguage(reply: FastifyReply): void {
	addVary(reply, 'accept-language');
}

/** Adds a request header to the answer's Vary, keeping those already named. */
export function addVary(reply: FastifyReply, header: string): void {
	const vary = String(reply.getHeader('vary') ?? '');
	if (!vary.toLowerCase().split(/\s*,\s*/).includes(header)) reply.header('vary', vary ? `${vary}, ${header}` : header);
}

/** The query that keeps the switcher's choice on the page's forms and redirects ("?lang=de"), or "". */
export function langQuery(request: FastifyRequest): string {
	const locale = requestedLocale(request);
	return locale ? `?lang=${encodeURIComponent(locale)}` : '';
}
