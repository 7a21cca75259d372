import type { SignerLink } from '../../app/signing/signerLink';
import { DEFAULT_PRIMARY_COLOR, MAX_ACCESS_ATTEMPTS, signedFileName, type SigningState } from '../../domain';
import { html, SafeHtml, type HtmlValue } from '../../render/html';
import { formatInZone } from '../../render/time';
import { jsonForHtml } from './inlineJson';
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
	const load = (file) => fetch(base + '/document/' + file.id, { credentials: 'same-origin' }).then((response) => (response.ok ? response.arrayBuffer() : null), () => null);
	window.signflowBoot = { session: boot.session, messages: boot.messages, worker: new Worker(boot.worker, { type: 'module' }), documents: Object.fromEntries(boot.session.files.map((file) => [file.id, load(file)])) };
})();`;

/** The page frame: branding, strict styles (a nonce for the one dynamic color), no external resources. */
export function layout(options: {
	title: string;
	nonce: string;
	branding: Branding;
	body: SafeHtml;
	assets: SigningAssets;
	app?: AppBoot;
	refreshSeconds?: number;
}): string {
	const { branding, assets, app } = options;
	return html`<!doctype html>
<html lang="en">
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
</header>
<main>
${options.body}
</main>
<footer class="footer">Secured by Signflow</footer>
${app ? html`<script defer src="${assets.url('signature_pad.umd.min.js')}"></script><script type="module" src="${assets.url('signing-app.js')}"></script>` : ''}
</body>
</html>`.value;
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
export function statusBody(state: SigningState, link: SignerLink, token: string, mailEnabled: boolean): SafeHtml {
	const { workflow, signers } = link.aggregate;
	const { signer } = link;
	const name = `“${workflow.name}”`;
	switch (state) {
		case 'done':
			return card(
				'done',
				signer.status === 'approved' ? 'You approved this document' : 'You have signed',
				`Thank you, ${signer.name}. Your ${signer.status === 'approved' ? 'approval' : 'signature'} on ${name} is recorded.`,
				mailEnabled
					? 'Once everyone has signed, you will get the signed document by email, and this link offers it for download.'
					: 'Once everyone has signed, this link offers the signed document for download.',
			);
		case 'completed': {
			const ready = signedDocumentsReady(link);
			return html`<section class="card status status-completed" data-state="completed">
<h1>Everyone has signed</h1>
<p>${name} is complete.</p>
${
	ready
		? html`<p>Download the signed documents (each sealed, with its certificate of completion):</p>
<ul class="downloads">${link.aggregate.files.map(
				(file) =>
					html`<li><a href="/sign/${token}/signed/${file.id}" download><span class="icon" aria-hidden="true">PDF</span><span class="name">${signedFileName(file.name)}</span><span class="action">Download</span></a></li>`,
			)}</ul>`
		: html`<p class="preparing" role="status">The signed documents are being prepared. This page updates itself in a moment.</p>`
}
</section>`;
		}
		case 'refused': {
			const refuser = signers.find((other) => other.status === 'refused');
			const declined = refuser?.role === 'approver';
			return refuser?.id === signer.id
				? card('refused', declined ? 'You declined to approve' : 'You refused to sign', `You ${declined ? 'declined' : 'refused'} ${name}.`, `Your reason: ${signer.refusalReason ?? ''}`)
				: card('refused', 'This document was declined', `${name} was declined by another party, so no signature is needed any more.`);
		}
		case 'expired':
			return card('expired', 'This signing request has expired', `${name} expired on ${workflow.expiresAt ? formatInZone(workflow.expiresAt, workflow.timeZone) : 'its deadline'}.`, 'Ask the sender to send it again.');
		case 'cancelled':
			return card('cancelled', 'This signing request was cancelled', `The sender cancelled ${name}.`, workflow.cancelReason ? `Reason: ${workflow.cancelReason}` : '');
		case 'locked':
			return card('locked', 'This link is locked', `${signer.verification === 'email_otp' ? 'A code' : 'The access code'} was entered wrongly ${MAX_ACCESS_ATTEMPTS} times.`, 'Ask the sender for a new link.');
		default:
			return card(state, 'Nothing to do here', '');
	}
}

export function waitingBody(link: SignerLink, waitingOn: string[], mailEnabled: boolean): SafeHtml {
	return card(
		'waiting',
		'It is not your turn yet',
		`${link.aggregate.workflow.name}: you ${link.signer.role === 'approver' ? 'approve' : 'sign'} after ${waitingOn.join(', ')}.`,
		mailEnabled
			? 'You will get an email when it is your turn; this link will work then.'
			: 'Open this link again once they are done; it will work then.',
	);
}

export function invalidBody(): SafeHtml {
	return card('invalid', 'This link is not valid', 'It may be mistyped, or a newer link may have replaced it.', 'Ask the sender for a new link.');
}

export function accessCodeBody(error: { attemptsLeft: number } | null): SafeHtml {
	return html`<section class="card access" data-state="access_code">
<h1>Enter your access code</h1>
<p>The sender protected this document with an access code they gave you separately.</p>
<form method="post" action="" class="access-form">
<label for="code">Access code</label>
<input id="code" name="code" type="password" autocomplete="one-time-code" required autofocus>
${error ? html`<p class="error" role="alert">That code is not right. ${error.attemptsLeft} attempt${error.attemptsLeft === 1 ? '' : 's'} left.</p>` : ''}
<button type="submit" class="primary">Continue</button>
</form>
</section>`;
}

/** The signing app's shell; signing-app.js fills it from the session the page carries. */
export function appBody(): SafeHtml {
	return html`<div id="app" class="app" data-state="loading"><p class="loading">Loading the document…</p></div>
<noscript><p class="card">This page needs JavaScript to show and sign the document.</p></noscript>`;
}
