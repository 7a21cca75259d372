import { z } from 'zod';

/*
 * Embedded signing: the origins an organization lets frame its signing pages, and the address a
 * signer is sent to after acting on a page opened outside a frame.
 */

export const MAX_EMBED_ORIGINS = 20;

/** Whether a URL's host is this machine (http is accepted there only: a developer's receiver). */
function isLoopbackHost(hostname: string): boolean {
	return hostname === 'localhost' || hostname.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === '[::1]';
}

function parsedUrl(text: string): URL | null {
	try {
		return new URL(text);
	} catch {
		return null;
	}
}

/**
 * One origin exactly as a browser writes it (scheme, host, port when not the default): what the
 * CSP's frame-ancestors and postMessage's targetOrigin compare against. No wildcard, path or slash.
 */
export const EmbedOrigin = z
	.string()
	.max(300, 'Must be at most 300 characters.')
	.superRefine((text, context) => {
		const url = parsedUrl(text);
		const fail = (message: string) => context.addIssue({ code: 'custom', message });
		if (!url) return fail('Must be an origin such as https://portal.example.com.');
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('Must start with https:// (or http://).');
		if (text.includes('*')) return fail('Must name one origin: wildcards are not allowed.');
		if (url.username || url.password) return fail('Must not contain a user name or password.');
		if (url.origin !== text)
			return fail(`Must be the origin alone, written as a browser does (${url.origin}): no path, query, fragment or trailing slash.`);
	});

export const EmbedOrigins = z
	.array(EmbedOrigin)
	.max(MAX_EMBED_ORIGINS, `Must list at most ${MAX_EMBED_ORIGINS} origins.`)
	.refine((origins) => new Set(origins).size === origins.length, 'Must not list an origin twice.')
	.describe(
		'Origins (e.g. https://portal.example.com) whose pages may show the signing page in a frame and receive its messages; empty: no page may frame it',
	);

/** Where a signer is sent after signing or refusing on a page opened outside a frame: https, or http on this machine. */
export const RedirectUrl = z
	.string()
	.max(2000, 'Must be at most 2000 characters.')
	.superRefine((text, context) => {
		const url = parsedUrl(text);
		const fail = (message: string) => context.addIssue({ code: 'custom', message });
		if (!url) return fail('Must be an absolute URL such as https://portal.example.com/signed.');
		if (url.username || url.password) return fail('Must not contain a user name or password.');
		if (url.protocol === 'https:') return;
		if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
		fail('Must be an https:// URL (http:// only for localhost).');
	})
	.describe(
		'After signing or refusing on a page opened outside a frame, the signer is sent here with signflow_event (signed, refused or declined), workflowId and signerId added to the query',
	);

/** The address a signer goes to after acting: their own, else their workflow's, else none. */
export function redirectUrlFor(workflow: { redirectUrl: string | null }, signer: { redirectUrl: string | null }): string | null {
	return signer.redirectUrl ?? workflow.redirectUrl;
}
