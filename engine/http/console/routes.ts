import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import { SignflowError } from '../../domain';
import { validationError } from '../errors';
import type { RateLimits } from '../rateLimits';
import { chooseCoding, type Coding } from '../signing/assetEncoding';
import { IMMUTABLE } from '../signing/assetRoute';
import { compressHtml } from '../signing/compressedHtml';
import { signingAssets } from '../signing/servedAssets';
import { consoleAssets, type ConsoleAsset } from './consoleAssets';
import { clearConsoleCookie, consoleCookieOf, setConsoleCookie } from './cookie';
import { checkCsrf, checkOrigin } from './csrf';
import { consolePage, loginLinkGonePage, loginLinkPage, type ConsoleBoot, type PdfJsUrls } from './page';

/** No inline script runs (the boot data is a JSON block), nothing is loaded from elsewhere. */
const CONTENT_SECURITY_POLICY = [
	"default-src 'none'",
	// pdf.js (the field editor) may decode some images with WebAssembly and load fonts it embeds, as on the signing page.
	"script-src 'self' 'wasm-unsafe-eval'",
	"style-src 'self'",
	"img-src 'self' data: blob:",
	"font-src 'self' data:",
	"worker-src 'self'",
	"connect-src 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'",
	"base-uri 'none'",
].join('; ');

const SignInBody = z.strictObject({ apiKey: z.string().trim().min(1, 'Enter an API key.').max(200) });

interface ConsoleRoutesOptions {
	service: SignflowService;
	publicUrl: () => string;
	limits: RateLimits;
}

/**
 * The console at /console: its page (the app reads and changes everything through /api/v1 with
 * the session's cookie), its files, signing in with an API key or a one-time login link, and
 * signing out. A plugin, so that its hooks apply to these routes only.
 */
export const consoleRoutes: FastifyPluginCallback<ConsoleRoutesOptions> = (app, options, done) => {
	const { service } = options;
	const secure = () => options.publicUrl().startsWith('https://');

	app.addHook('onSend', (request, reply, payload, hookDone) => {
		reply.header('referrer-policy', 'no-referrer');
		reply.header('x-frame-options', 'DENY');
		if (!request.url.startsWith('/console/assets/')) reply.header('cache-control', 'no-store');
		hookDone(null, payload);
	});

	app.get('/console/assets/:name', async (request, reply) => {
		const { name } = request.params as { name: string };
		const assets = await consoleAssets();
		const asset = assets.find((candidate) => candidate.hashed === name) ?? assets.find((candidate) => candidate.name === name);
		if (!asset) return reply.status(404).send({ error: { code: 'asset_not_found', message: 'No such file of the console.', details: [] } });
		const coding = chooseCoding(request.headers['accept-encoding'], new Set(Object.keys(asset.bodies).filter((key): key is Coding => key !== 'identity')));
		const etag = `"${asset.digest}${coding ? `-${coding}` : ''}"`;
		reply
			.header('cache-control', asset.hashed === name ? IMMUTABLE : 'public, max-age=300')
			.header('vary', 'accept-encoding')
			.header('etag', etag)
			.type(asset.contentType);
		if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return reply.status(304).send();
		if (coding) reply.header('content-encoding', coding);
		return reply.send(asset.bodies[coding ?? 'identity']);
	});

	const page = async (request: FastifyRequest, reply: FastifyReply) => {
		const assets = await consoleAssets();
		const boot = await bootOf(service, consoleCookieOf(request));
		if (!boot.signedIn && consoleCookieOf(request)) clearConsoleCookie(reply, secure());
		return sendHtml(request, reply, consolePage(boot, { script: assetUrl(assets, 'console.js'), style: assetUrl(assets, 'console.css') }));
	};
	app.get('/console', page);
	// The app's own addresses (/console/workflows/<id>): the same page, which routes in the browser.
	app.get('/console/workflows', page);
	app.get('/console/workflows/:workflowId', page);
	app.get('/console/workflows/:workflowId/fields', page);
	app.get('/console/templates', page);
	app.get('/console/templates/:templateId', page);
	app.get('/console/webhooks', page);
	app.get('/console/webhooks/:webhookId', page);

	app.post('/console/sign-in', async (request, reply) => {
		checkOrigin(request, options.publicUrl());
		// Counted per address as an API request without a valid key: guessing keys here is limited as there.
		await options.limits.api(request, reply, null);
		const parsed = SignInBody.safeParse(request.body ?? {});
		if (!parsed.success) throw validationError('body', parsed.error);
		const opened = await service.console.signInWithKey(parsed.data.apiKey);
		if (!opened) throw new SignflowError('unauthorized', 'invalid_api_key', 'The API key is unknown or revoked.');
		setConsoleCookie(reply, opened.token, opened.maxAgeSeconds, secure());
		return { signedIn: true, mode: opened.principal.mode };
	});

	app.get('/console/login/:token', async (request, reply) => {
		const { token } = request.params as { token: string };
		const assets = await consoleAssets();
		if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return sendHtml(request, reply.status(410), loginLinkGonePage(assetUrl(assets, 'console.css')));
		return sendHtml(request, reply, loginLinkPage(assetUrl(assets, 'console.css'), token));
	});

	app.post('/console/login/:token', async (request, reply) => {
		checkOrigin(request, options.publicUrl());
		await options.limits.api(request, reply, null);
		const { token } = request.params as { token: string };
		const opened = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await service.console.signInWithLink(token) : null;
		if (!opened) {
			const assets = await consoleAssets();
			return sendHtml(request, reply.status(410), loginLinkGonePage(assetUrl(assets, 'console.css')));
		}
		setConsoleCookie(reply, opened.token, opened.maxAgeSeconds, secure());
		return reply.redirect('/console', 303);
	});

	app.post('/console/sign-out', async (request, reply) => {
		const token = consoleCookieOf(request);
		const session = token ? await service.console.resolve(token) : null;
		if (token && session) {
			checkCsrf(request, session.csrfToken, options.publicUrl());
			await service.console.signOut(token);
		}
		clearConsoleCookie(reply, secure());
		return { signedIn: false };
	});

	// The sign-in link's form and the sign-out posts may come with no body or a form's.
	app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, _body, parsed) => parsed(null, {}));
	done();
};

async function bootOf(service: SignflowService, token: string | null): Promise<ConsoleBoot> {
	const session = token ? await service.console.resolve(token) : null;
	if (!session) return { signedIn: false };
	const organization = await service.getOrganization(session.principal);
	return {
		signedIn: true,
		csrfToken: session.csrfToken,
		organization: { id: organization.id, name: organization.name },
		mode: session.principal.mode,
		signedInWith: session.signedInWith,
		pdfjs: pdfjsUrls(),
	};
}

/** The signing page's vendored pdf.js, which the field editor loads from the same origin. */
function pdfjsUrls(): PdfJsUrls {
	const assets = signingAssets();
	return {
		module: assets.url('pdf.min.mjs'),
		worker: assets.url('pdf.worker.min.mjs'),
		standardFontDataUrl: '/sign/assets/standard_fonts/',
		cMapUrl: '/sign/assets/cmaps/',
		wasmUrl: '/sign/assets/wasm/',
	};
}

function assetUrl(assets: ConsoleAsset[], name: string): string {
	const asset = assets.find((candidate) => candidate.name === name);
	if (!asset) throw new Error(`the console has no ${name}`);
	return `/console/assets/${asset.hashed}`;
}

async function sendHtml(request: FastifyRequest, reply: FastifyReply, html: string): Promise<FastifyReply> {
	const { body, coding } = await compressHtml(request.headers['accept-encoding'], html);
	reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('vary', 'accept-encoding').type('text/html; charset=utf-8');
	if (coding) reply.header('content-encoding', coding);
	return reply.send(body);
}
