import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import type { SignerLink } from '../../app/signing/signerLink';
import { AccessCodeInput, DelegateInput, DraftInput, RefuseInput, SignInput, SignflowError, blockingSigners, DEFAULT_LOCALE, redirectUrlFor, signedFileName, type EventContext, type Principal } from '../../domain';
import { appCatalogue, messagesFor } from '../../i18n';
import { pooledRandomBytes } from '../../security/randomPool';
import { contentDisposition } from '../contentDisposition';
import { validationError } from '../errors';
import { sendAsset } from './assetRoute';
import { compressHtml } from './compressedHtml';
import { emailCodeBody, type EmailCodeNotice } from './emailCodePage';
import { registerEmailCodeRoutes } from './emailCodeRoutes';
import { accessParam, grantInHeader, grantInUrl, isFramedNavigation, withAccess } from './frameAccess';
import { addVary, browserLanguages, langQuery, pageLocale, requestedLocale, varyByLanguage } from './pageLanguage';
import { accessCodeBody, appBody, DEFAULT_BRANDING, invalidBody, layout, pageTexts, signedDocumentsReady, statusBody, waitingBody, type Branding } from './pages';
import { signingAssets } from './servedAssets';

const ACCESS_COOKIE = 'sf_access';

const CONTENT_SECURITY_POLICY = (nonce: string, frameAncestors: readonly string[]) =>
	[
		"default-src 'none'",
		// The nonce admits the page's one inline script (pages.ts BOOT_SCRIPT); data blocks (type="application/json") are not run.
		`script-src 'self' 'wasm-unsafe-eval' 'nonce-${nonce}'`,
		`style-src 'self' 'nonce-${nonce}'`,
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		"connect-src 'self'",
		"worker-src 'self' blob:",
		"form-action 'self'",
		// The organization's embedOrigins (validated origins: no spaces or semicolons), else no page may frame this one.
		`frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'"}`,
		"base-uri 'none'",
	].join('; ');

/** Pages whose organization lets other origins frame them: X-Frame-Options, which cannot name a list, is left to the CSP. */
const framable = new WeakSet<FastifyReply>();

interface SigningRoutesOptions {
	service: SignflowService;
	secureCookies: () => boolean;
	mailEnabled: boolean;
}

/**
 * The signer's public routes, authorised by the token in the link: the page,
 * its JSON session, the documents, sign and refuse. Fixed by DESIGN.md.
 * A plugin, so that its content type parser and hook apply to these routes only.
 */
export const signingRoutes: FastifyPluginCallback<SigningRoutesOptions> = (app, options, done) => {
	const signing = options.service.signing;

	// The access-code form posts urlencoded; only these routes accept that.
	app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
		done(null, Object.fromEntries(new URLSearchParams(body as string)));
	});
	app.addHook('onSend', (request, reply, payload, hookDone) => {
		reply.header('referrer-policy', 'no-referrer');
		if (!framable.has(reply)) reply.header('x-frame-options', 'DENY');
		if (!request.url.startsWith('/sign/assets/')) reply.header('cache-control', 'no-store');
		hookDone(null, payload);
	});

	app.get('/sign/assets/*', (request, reply) => sendAsset(signingAssets(), request, reply));

	app.get('/sign/:token', async (request, reply) => {
		const { token } = request.params as { token: string };
		return renderPage(request, reply, token, null);
	});

	// The access-code form (works without JavaScript): a right code sets a cookie scoped to this link,
	// and inside a frame, where that cookie may be a third-party one, the page carries it too (frameAccess.ts).
	app.post('/sign/:token', async (request, reply) => {
		const { token } = request.params as { token: string };
		const code = codeOf(request.body);
		const result = await withLink(request, reply, () => signing.enterAccessCode(token, code, eventContext(request)));
		if (!result) return reply;
		if ('grant' in result) {
			setAccessCookie(reply, token, result.grant, result.maxAgeSeconds, options.secureCookies());
			const query = isFramedNavigation(request) ? withAccess(langQuery(request), result.grant) : langQuery(request);
			return reply.redirect(`/sign/${token}${query}`, 303);
		}
		return renderPage(request, reply.status(401), token, result.locked ? null : { attemptsLeft: result.attemptsLeft });
	});

	app.post('/sign/:token/access-code', async (request, reply) => {
		const { token } = request.params as { token: string };
		const { code } = parse(AccessCodeInput, request.body);
		const result = await signing.enterAccessCode(token, code, eventContext(request));
		if ('grant' in result) {
			setAccessCookie(reply, token, result.grant, result.maxAgeSeconds, options.secureCookies());
			return { ok: true };
		}
		if (result.locked)
			throw new SignflowError('conflict', 'link_locked', 'This link is locked after too many wrong access codes. Ask the sender for a new link.');
		throw new SignflowError('unauthorized', 'access_code_wrong', `That access code is not right; ${result.attemptsLeft} attempt(s) left.`, [
			{ message: 'attempts left', attemptsLeft: result.attemptsLeft },
		]);
	});

	// Signers who must enter a code sent to their email (verification "email_otp").
	registerEmailCodeRoutes(app, {
		emailCodes: options.service.emailCodes,
		grantOf: accessGrant,
		setGrant: (reply, token, grant, maxAgeSeconds) => setAccessCookie(reply, token, grant, maxAgeSeconds, options.secureCookies()),
		eventContext,
		renderPage: (request, reply, token, notice) => renderPage(request, reply, token, null, notice),
	});

	// The page carries its session inline; this stays for pages opened before an upgrade and for other clients.
	// In the language asked for (?lang=), else the link's own, else the browser's.
	app.get('/sign/:token/session', async (request, reply) => {
		const { token } = request.params as { token: string };
		const requested = requestedLocale(request);
		if (!requested) varyByLanguage(reply);
		return signing.session(token, accessGrant(request), eventContext(request), { locale: requested, browser: browserLanguages(request) });
	});

	// The page says it shows the document: the first time is recorded as signer.viewed.
	app.post('/sign/:token/viewed', async (request) => {
		const { token } = request.params as { token: string };
		await signing.recordView(token, accessGrant(request), eventContext(request));
		return { ok: true };
	});

	app.get('/sign/:token/document/:fileId', async (request, reply) => {
		const { token, fileId } = request.params as { token: string; fileId: string };
		const content = await signing.document(token, accessGrant(request), fileId);
		return reply.type('application/pdf').header('content-disposition', 'inline').header('content-length', content.size).send(content.body);
	});

	app.get('/sign/:token/signed/:fileId', async (request, reply) => {
		const { token, fileId } = request.params as { token: string; fileId: string };
		const { name: original, content } = await signing.signedDocument(token, accessGrant(request), fileId);
		// The page links it with its language (?lang=), which names the file.
		const name = signedFileName(original, pageTexts(requestedLocale(request) ?? DEFAULT_LOCALE)('signedSuffix'));
		return reply.type('application/pdf').header('content-disposition', contentDisposition(name)).header('content-length', content.size).send(content.body);
	});

	for (const which of ['logo', 'icon'] as const)
		app.get(`/sign/:token/${which}`, async (request, reply) => {
			const { token } = request.params as { token: string };
			const link = await signing.resolve(token);
			const image = await options.service.getBrandingImage(organizationPrincipal(link), which);
			return reply.header('cache-control', 'private, max-age=300').type(image.mimeType).send(image.bytes);
		});

	app.post('/sign/:token/sign', { bodyLimit: 8 * 1024 * 1024 }, async (request) => {
		const { token } = request.params as { token: string };
		return signing.sign(token, accessGrant(request), parse(SignInput, request.body), eventContext(request));
	});

	app.post('/sign/:token/refuse', async (request) => {
		const { token } = request.params as { token: string };
		const { reason } = parse(RefuseInput, request.body);
		return signing.refuse(token, accessGrant(request), reason, eventContext(request));
	});

	// Delegation and finish later (signing-app.js delegateDialog, saveDraft).
	app.post('/sign/:token/delegate', async (request) => {
		const { token } = request.params as { token: string };
		return signing.delegate(token, accessGrant(request), parse(DelegateInput, request.body), eventContext(request));
	});

	app.post('/sign/:token/draft', { bodyLimit: 256 * 1024 }, async (request) => {
		const { token } = request.params as { token: string };
		return signing.saveDraft(token, accessGrant(request), parse(DraftInput, request.body), eventContext(request));
	});

	async function renderPage(
		request: FastifyRequest,
		reply: FastifyReply,
		token: string,
		accessError: { attemptsLeft: number } | null,
		codeNotice: EmailCodeNotice | null = null,
	) {
		const page = await withLink(request, reply, () => signing.pageState(token, accessGrant(request)));
		if (!page) return reply;
		const { link, state, needsAccessCode } = page;
		const { branding, defaultLocale, embedOrigins } = await brandingOf(link, token);
		const nonce = htmlResponse(reply, embedOrigins);
		const assets = signingAssets();
		const locale = pageLocale(request, reply, link.signer.locale, link.aggregate.workflow.locale, defaultLocale);
		const path = pagePath(token);
		// A framed page that carries its grant in its address keeps it on its own links and gives it to its script.
		const carried = grantInUrl(request) && !cookieGrant(request) && !needsAccessCode ? grantInUrl(request) : undefined;
		const frame = { nonce, branding, assets, locale, path, keepQuery: accessParam(carried) };
		// Behind an access code even the document's name waits for the code.
		const guarded = needsAccessCode || accessError !== null || (state === 'locked' && (link.signer.hasAccessCode || link.signer.verification === 'email_otp'));
		const title = guarded ? branding.organizationName : link.aggregate.workflow.name;
		if (needsAccessCode || accessError)
			return sendPage(request, reply, layout({ ...frame, title, body: accessCodeBody(accessError, locale, path + langQuery(request)) }));
		// Then the code sent to the signer's email, when they need one; the document's name waits for it too.
		const codeStep = state === 'locked' ? null : await options.service.emailCodes.step(link, accessGrant(request));
		if (codeStep)
			return sendPage(
				request,
				reply,
				layout({ ...frame, title: branding.organizationName, body: emailCodeBody(token, codeStep, codeNotice, locale, withAccess(langQuery(request), carried)) }),
			);
		if (state === 'waiting') {
			const waitingOn = blockingSigners(link.aggregate.signers, link.signer).map((other) => other.name);
			return sendPage(request, reply, layout({ ...frame, title, body: waitingBody(link, waitingOn, options.mailEnabled, locale) }));
		}
		if (state === 'ready' || state === 'view_only') {
			// The session inline: the first paint needs no request of the page's own (the view is recorded when the page shows the document).
			const organization = { name: branding.organizationName, primaryColor: branding.primaryColor, hasLogo: branding.logoUrl !== null };
			const session = await signing.sessionOf(link, { organization, locale, draft: page.draft });
			const embed = { origins: embedOrigins, workflowId: link.aggregate.workflow.id, signerId: link.signer.id, redirectUrl: redirectUrlFor(link.aggregate.workflow, link.signer) };
			const app = { session, messages: messagesFor(appCatalogue, session.locale), worker: assets.url('pdf.worker.min.mjs'), embed, access: carried ?? null };
			return sendPage(request, reply, layout({ ...frame, title, body: appBody(locale), app }));
		}
		// While the signed documents are being made, the completed page reloads itself until it can offer them.
		const refreshSeconds = state === 'completed' && !signedDocumentsReady(link) ? 3 : undefined;
		return sendPage(request, reply, layout({ ...frame, title, body: statusBody(state, link, token, options.mailEnabled, locale, accessParam(carried)), refreshSeconds }));
	}

	/** The organization's branding for the page, its default language and who may frame it (one read of the organization serves them). */
	async function brandingOf(link: SignerLink, token: string): Promise<{ branding: Branding; defaultLocale: string | null; embedOrigins: string[] }> {
		const principal = organizationPrincipal(link);
		const [branding, organization] = await Promise.all([
			options.service.getBranding(principal),
			options.service.getOrganization(principal),
		]);
		return {
			branding: {
				organizationName: organization.name,
				primaryColor: branding.primaryColor,
				logoUrl: branding.logoFileId ? `/sign/${token}/logo` : null,
				iconUrl: branding.iconFileId ? `/sign/${token}/icon` : null,
			},
			defaultLocale: organization.defaultLocale ?? null,
			embedOrigins: organization.embedOrigins,
		};
	}

	done();
};

/** The access code the form posted: a text, or a number from a client that sent JSON. */
function codeOf(body: unknown): string {
	const code = (body as { code?: unknown } | null | undefined)?.code;
	return typeof code === 'string' || typeof code === 'number' ? String(code) : '';
}

/** The page's own address, where the language switcher's links and the access code form go. */
function pagePath(token: string): string {
	return `/sign/${encodeURIComponent(token)}`;
}

/** Reads of the organization's branding on behalf of a signer, whose link is the authority. */
function organizationPrincipal(link: SignerLink): Principal {
	return { organizationId: link.organizationId, apiKeyId: '', mode: 'live' };
}

/** Runs a token-based action for an HTML route; an invalid link renders the invalid page. */
async function withLink<T>(request: FastifyRequest, reply: FastifyReply, action: () => Promise<T>): Promise<T | null> {
	try {
		return await action();
	} catch (error) {
		if (error instanceof SignflowError && error.code === 'link_invalid') {
			const nonce = htmlResponse(reply.status(404));
			// No link, so no signer's language: the one chosen on the page, else the browser's.
			const locale = pageLocale(request, reply);
			const { token } = request.params as { token: string };
			const title = pageTexts(locale)('linkNotValidTitle');
			await sendPage(request, reply, layout({ title, nonce, branding: DEFAULT_BRANDING, assets: signingAssets(), locale, path: pagePath(token), body: invalidBody(locale) }));
			return null;
		}
		throw error;
	}
}

/** Sends a page compressed as the browser accepts. */
async function sendPage(request: FastifyRequest, reply: FastifyReply, page: string): Promise<FastifyReply> {
	const { body, coding } = await compressHtml(request.headers['accept-encoding'], page);
	addVary(reply, 'accept-encoding');
	if (coding) reply.header('content-encoding', coding);
	return reply.send(body);
}

/** Prepares an HTML answer with its own CSP nonce, framable by `frameAncestors` only (none: by no page), and returns the nonce. */
function htmlResponse(reply: FastifyReply, frameAncestors: readonly string[] = []): string {
	const nonce = pooledRandomBytes(16).toString('base64');
	if (frameAncestors.length > 0) framable.add(reply);
	reply.header('content-security-policy', CONTENT_SECURITY_POLICY(nonce, frameAncestors)).type('text/html; charset=utf-8');
	return nonce;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
	const result = schema.safeParse(body ?? {});
	if (!result.success) throw validationError('body', result.error);
	return result.data;
}

function eventContext(request: FastifyRequest): EventContext {
	return {
		actor: { type: 'signer', id: null },
		ip: request.ip ?? null,
		userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
	};
}

/** The signer's access grant: the cookie, else what a framed page carries (frameAccess.ts). */
function accessGrant(request: FastifyRequest): string | undefined {
	return cookieGrant(request) ?? grantInHeader(request) ?? grantInUrl(request);
}

function cookieGrant(request: FastifyRequest): string | undefined {
	const header = request.headers.cookie;
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const [name, ...value] = part.trim().split('=');
		if (name === ACCESS_COOKIE) return decodeURIComponent(value.join('='));
	}
	return undefined;
}

function setAccessCookie(reply: FastifyReply, token: string, grant: string, maxAgeSeconds: number, secure: boolean): void {
	reply.header(
		'set-cookie',
		`${ACCESS_COOKIE}=${encodeURIComponent(grant)}; Path=/sign/${token}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
	);
}
