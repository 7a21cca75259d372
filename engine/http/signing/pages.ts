import type { SignerLink } from '../../app/signing/signerLink';
import { DEFAULT_PRIMARY_COLOR, LANGUAGES, languageOf, MAX_ACCESS_ATTEMPTS, signedFileName, textDirection, type SigningState } from '../../domain';
import { LANGUAGE_NAMES, pageCatalogue, translator } from '../../i18n';
import { html, SafeHtml, type HtmlValue } from '../../render/html';
import { formatInZone } from '../../render/time';
import { jsonForHtml } from './inlineJson';
import { isolatedList, isolatedMessage } from './richMessage';
import type { SigningAssets } from './servedAssets';

export interface Branding {
	organizationName: string;
	primaryColor: string;
	logoUrl: string | null;
	iconUrl: string | null;
}

export const DEFAULT_BRANDING: Branding = { organizationName: '', primaryColor: DEFAULT_PRIMARY_COLOR, logoUrl: null, iconUrl: null };

/** What the signing app's page carries inline, so its first paint waits for no request of its own. */
export interface AppBoot {
	/** What GET /sign/{token}/session answers. */
	session: unknown;
	/** The pdf.js worker, started before the page's modules arrive. */
	worker: string;
	/** The page script's texts (engine/i18n/app) in the session's language, as ICU messages. */
	messages: Record<string, string>;
	/** Who may frame the page and hear its messages, the ids those carry, and where the signer goes after acting outside a frame (embed.js). */
	embed: { origins: string[]; workflowId: string; signerId: string; redirectUrl: string | null };
	/** The access grant, when the page is framed by another site and carries it (frameAccess.ts): sent in X-Signflow-Access. */
	access: string | null;
}

/*
 * Started by the page as soon as its head is parsed, before the modules it
 * loads arrive: the pdf.js worker and the document downloads, the two largest
 * things the first drawn page waits for. Reads only the data block above it.
 * Allowed by the CSP through the page's nonce.
 */
const BOOT_SCRIPT = `(() => {
	const boot = JSON.parse(document.getElementById('signflow-boot').textContent);
	const base = location.pathname.replace(/\\/+$/, '');
	const headers = boot.access ? { 'x-signflow-access': boot.access } : {};
	const load = (file) => fetch(base + '/document/' + file.id, { credentials: 'same-origin', headers }).then((response) => (response.ok ? response.arrayBuffer() : null), () => null);
	window.signflowBoot = { session: boot.session, messages: boot.messages, embed: boot.embed, access: boot.access, worker: new Worker(boot.worker, { type: 'module' }), documents: Object.fromEntries(boot.session.files.map((file) => [file.id, load(file)])) };
})();`;

/** The page's texts in a locale's language. */
export function pageTexts(locale: string) {
	return translator(pageCatalogue, locale);
}

/** The page frame: branding, strict styles (a nonce for the one dynamic color), no external resources. */
export function layout(options: {
	title: string;
	nonce: string;
	branding: Branding;
	body: SafeHtml;
	assets: SigningAssets;
	/** The page's language, and its own address (no query) for the language switcher's links. */
	locale: string;
	path: string;
	/** A parameter the page's own links keep ("access=…"), or "". */
	keepQuery?: string;
	app?: AppBoot;
	refreshSeconds?: number;
}): string {
	const { branding, assets, app, locale } = options;
	const t = pageTexts(locale);
	return html`<!doctype html>
<html lang="${locale}" dir="${textDirection(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<link rel="icon" href="${branding.iconUrl ?? 'data:,'}">
<title>${options.title}</title>
${
	app
		? html`<script type="application/json" id="signflow-boot">${new SafeHtml(jsonForHtml(app))}</script>
<script nonce="${options.nonce}">${new SafeHtml(BOOT_SCRIPT)}</script>
<link rel="modulepreload" href="${assets.url('signing-app.js')}">
${assets.moduleUrls('signing-app.js').map((url) => html`<link rel="modulepreload" href="${url}">
`)}`
		: ''
}<link rel="stylesheet" href="${assets.url('signing.css')}">
<style nonce="${options.nonce}">:root{--primary:${safeColor(branding.primaryColor)}}</style>
</head>
<body>
<header class="brand">
${branding.logoUrl ? html`<img class="logo" src="${branding.logoUrl}" alt="${branding.organizationName}">` : ''}
<span class="org">${branding.organizationName || 'Signflow'}</span>
${languageSwitcher(locale, options.path, t('languages'), options.keepQuery ?? '')}
</header>
<main>
${options.body}
</main>
<footer class="footer">${t('securedBy')}</footer>
${app ? html`<script defer src="${assets.url('signature_pad.umd.min.js')}"></script><script type="module" src="${assets.url('signing-app.js')}"></script>` : ''}
</body>
</html>`.value;
}

/** A link per language, each named in its own language; the page's own is marked current. */
function languageSwitcher(locale: string, path: string, label: string, keepQuery: string): SafeHtml {
	const current = languageOf(locale);
	return html`<nav class="languages" aria-label="${label}"><ul>${LANGUAGES.map(
		(language) =>
			html`<li><a href="${path}?lang=${language}${keepQuery ? `&${keepQuery}` : ''}" hreflang="${language}" lang="${language}"${textDirection(language) === 'rtl' ? html` dir="rtl"` : ''}${
				language === current ? html` aria-current="true"` : ''
			}>${LANGUAGE_NAMES[language]}</a></li>`,
	)}</ul></nav>`;
}

function safeColor(color: string): string {
	return /^#[0-9a-fA-F]{6}$/.test(color) ? color : DEFAULT_PRIMARY_COLOR;
}

function card(kind: string, title: string, ...lines: HtmlValue[]): SafeHtml {
	return html`<section class="card status status-${kind}" data-state="${kind}">
<h1>${title}</h1>
${lines.filter(Boolean).map((line) => html`<p>${line}</p>`)}
</section>`;
}

/** Whether every file's signed version exists (finalization runs a moment after the last signature). */
export function signedDocumentsReady(link: SignerLink): boolean {
	return link.aggregate.files.every((file) => file.signedSha256);
}

/** The page for every state in which the signer has nothing (more) to do. Email is promised only when the engine sends it. */
export function statusBody(state: SigningState, link: SignerLink, token: string, mailEnabled: boolean, locale: string, keepQuery = ''): SafeHtml {
	const t = pageTexts(locale);
	// Sentences naming the workflow, a person or a reason: each name isolated for the text's direction.
	const say = (key: Parameters<typeof t>[0], values: Record<string, string> = {}) => isolatedMessage(t, key, values);
	const { workflow, signers } = link.aggregate;
	const { signer } = link;
	const named = { workflow: workflow.name };
	switch (state) {
		case 'done': {
			const approved = signer.status === 'approved';
			return card(
				'done',
				t(approved ? 'doneApprovedTitle' : 'doneSignedTitle'),
				say(approved ? 'doneApprovedThanks' : 'doneSignedThanks', { ...named, name: signer.name }),
				t(mailEnabled ? 'doneByEmail' : 'doneByLink'),
			);
		}
		case 'completed': {
			const ready = signedDocumentsReady(link);
			return html`<section class="card status status-completed" data-state="completed">
<h1>${t('completedTitle')}</h1>
<p>${say('completedLine', named)}</p>
${
	ready
		? html`<p>${t('completedDownloads')}</p>
<ul class="downloads">${link.aggregate.files.map(
				(file) =>
					html`<li><a href="/sign/${token}/signed/${file.id}?lang=${locale}${keepQuery ? `&${keepQuery}` : ''}" download><span class="icon" aria-hidden="true">PDF</span><span class="name">${signedFileName(file.name, t('signedSuffix'))}</span><span class="action">${t('download')}</span></a></li>`,
			)}</ul>`
		: html`<p class="preparing" role="status">${t('completedPreparing')}</p>`
}
</section>`;
		}
		case 'refused': {
			const refuser = signers.find((other) => other.status === 'refused');
			const declined = refuser?.role === 'approver';
			return refuser?.id === signer.id
				? card(
						'refused',
						t(declined ? 'declinedOwnTitle' : 'refusedOwnTitle'),
						say(declined ? 'declinedOwnLine' : 'refusedOwnLine', named),
						say('ownReason', { reason: signer.refusalReason ?? '' }),
					)
				: card('refused', t('refusedOtherTitle'), say('refusedOtherLine', named));
		}
		case 'expired':
			return card(
				'expired',
				t('expiredTitle'),
				workflow.expiresAt ? say('expiredOn', { ...named, date: formatInZone(workflow.expiresAt, workflow.timeZone, locale) }) : say('expiredNoDate', named),
				t('askToSendAgain'),
			);
		case 'cancelled':
			return card('cancelled', t('cancelledTitle'), say('cancelledLine', named), workflow.cancelReason ? say('cancelledReason', { reason: workflow.cancelReason }) : '');
		case 'locked':
			return card(
				'locked',
				t('lockedTitle'),
				t(signer.verification === 'email_otp' ? 'lockedEmailCode' : 'lockedAccessCode', { attempts: MAX_ACCESS_ATTEMPTS }),
				t('askForNewLink'),
			);
		default:
			return card(state, t('nothingTitle'), '');
	}
}

export function waitingBody(link: SignerLink, waitingOn: string[], mailEnabled: boolean, locale: string): SafeHtml {
	const t = pageTexts(locale);
	return card(
		'waiting',
		t('waitingTitle'),
		isolatedMessage(t, link.signer.role === 'approver' ? 'waitingApprove' : 'waitingSign', {
			workflow: link.aggregate.workflow.name,
			names: isolatedList(waitingOn, locale),
		}),
		t(mailEnabled ? 'waitingByEmail' : 'waitingByLink'),
	);
}

export function invalidBody(locale: string): SafeHtml {
	const t = pageTexts(locale);
	return card('invalid', t('invalidTitle'), t('invalidLine'), t('askForNewLink'));
}

/** The access code form; it posts to `action` (the page's address, keeping the language chosen). */
export function accessCodeBody(error: { attemptsLeft: number } | null, locale: string, action: string): SafeHtml {
	const t = pageTexts(locale);
	return html`<section class="card access" data-state="access_code">
<h1>${t('accessTitle')}</h1>
<p>${t('accessLine')}</p>
<form method="post" action="${action}" class="access-form">
<label for="code">${t('accessLabel')}</label>
<input id="code" name="code" type="password" autocomplete="one-time-code" required autofocus>
${error ? html`<p class="error" role="alert">${t('codeWrong', { attemptsLeft: error.attemptsLeft })}</p>` : ''}
<button type="submit" class="primary">${t('continue')}</button>
</form>
</section>`;
}

/** The signing app's shell; signing-app.js fills it from the session the page carries. */
export function appBody(locale: string): SafeHtml {
	const t = pageTexts(locale);
	return html`<div id="app" class="app" data-state="loading"><p class="loading">${t('loading')}</p></div>
<noscript><p class="card">${t('needsJavaScript')}</p></noscript>`;
}
