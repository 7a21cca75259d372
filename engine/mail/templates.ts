import type { AlertEmailKind, EmailKind, EndingEmailKind, Signer, Workflow } from '../domain';
import { html, type SafeHtml } from '../render/html';
import { formatInZone } from '../render/time';
import { mailTexts, type EmailText, type MailTexts } from './mailTexts';

export interface MailBranding {
	organizationName: string;
	primaryColor: string;
	/** Content id of the inline logo, when the organization has one. */
	logoCid: string | null;
	/** The logo's address instead of a content id: the console's preview shows the email outside a message. */
	logoSrc?: string;
}

export interface MailContent {
	subject: string;
	text: string;
	html: string;
}

/** What each role is asked to do: its subjects, the request and the button. */
const ROLE_TEXTS: Record<'signer' | 'approver' | 'viewer', { invitation: EmailText; reminder: EmailText; request: EmailText; button: EmailText }> = {
	signer: { invitation: 'invitationSubjectSigner', reminder: 'reminderSubjectSigner', request: 'requestSigner', button: 'buttonSigner' },
	approver: { invitation: 'invitationSubjectApprover', reminder: 'reminderSubjectApprover', request: 'requestApprover', button: 'buttonApprover' },
	viewer: { invitation: 'invitationSubjectViewer', reminder: 'reminderSubjectViewer', request: 'requestViewer', button: 'buttonViewer' },
};

/**
 * Invitation, reminder and completion emails in the signer's language (`locale`): plain text plus
 * branded HTML, every value escaped.
 */
export function renderEmail(
	kind: Exclude<EmailKind, AlertEmailKind | EndingEmailKind>,
	context: {
		workflow: Pick<Workflow, 'name' | 'message' | 'expiresAt' | 'timeZone'>;
		signer: Pick<Signer, 'name' | 'role'>;
		signingUrl: string;
		branding: MailBranding;
		locale: string;
	},
): MailContent {
	const { workflow, signer, signingUrl, branding } = context;
	const t = mailTexts(context.locale);
	const organization = branding.organizationName || 'Signflow';
	const names = { organization, workflow: workflow.name };
	const role = ROLE_TEXTS[signer.role === 'approver' || signer.role === 'signer' ? signer.role : 'viewer'];
	const completed = kind === 'completed';

	const subject = completed ? t.text('completedSubject', names) : t.text(kind === 'reminder' ? role.reminder : role.invitation, names);
	const lead: EmailText = completed ? 'completedLead' : role.request;
	const button: EmailText = completed ? 'completedButton' : role.button;
	const message = completed ? null : workflow.message;
	const expires = !completed && workflow.expiresAt ? formatInZone(workflow.expiresAt, workflow.timeZone, t.locale) : null;

	const text = [
		t.text('greeting', { name: signer.name }),
		'',
		t.text(lead, names),
		message ? `\n${t.text('messageFrom', names)}\n${message}\n` : '',
		t.text('linkLine', { button: t.text(button), url: signingUrl }),
		expires ? t.text('actBefore', { expires }) : '',
		'',
		t.text('personalLink'),
	]
		.filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
		.join('\n');

	const link = html`<a href="${signingUrl}" dir="ltr">${signingUrl}</a>`;
	const body = brandedPage(t, branding, organization, html`<tr><td style="padding:16px 24px;text-align:${t.start}">
<p>${t.html('greeting', { name: signer.name })}</p>
<p>${t.html(lead, names)}</p>
${message ? html`<p style="white-space:pre-wrap;background:#f3f4f6;padding:12px;border-radius:6px" dir="auto">${message}</p>` : ''}
<p style="text-align:center;margin:24px 0"><a href="${signingUrl}" style="background:${branding.primaryColor};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold;display:inline-block">${t.html(button)}</a></p>
<p style="font-size:12px;color:#6b7280">${t.html('openLink', { url: link })}</p>
${expires ? html`<p style="color:#6b7280">${t.html('actBefore', { expires })}</p>` : ''}
</td></tr>
<tr><td style="padding:12px 24px 20px;font-size:12px;color:#6b7280;text-align:${t.start}">${t.html('personalLink')} ${t.html('sentWith')}</td></tr>`);
	return { subject, text, html: body.value };
}

/** The example the console's branding preview shows: an invitation about no real workflow. */
export function previewInvitationEmail(branding: { organizationName: string; primaryColor: string; logoSrc: string | null }, locale: string, signingUrl: string): string {
	return renderEmail('invitation', {
		workflow: { name: 'Employment contract – example', message: 'Please sign before Friday. Thank you!', expiresAt: null, timeZone: 'UTC' },
		signer: { name: 'Alex Example', role: 'signer' },
		signingUrl,
		branding: { organizationName: branding.organizationName, primaryColor: branding.primaryColor, logoCid: null, ...(branding.logoSrc ? { logoSrc: branding.logoSrc } : {}) },
		locale,
	}).html;
}

/** What each ending says: its subject, what happened, and the label of the reason given (if any). */
const ENDING_TEXTS: Record<EndingEmailKind, { subject: EmailText; lead: EmailText; reason: EmailText | null }> = {
	refused: { subject: 'refusedSubject', lead: 'refusedLead', reason: 'refusedReason' },
	expired: { subject: 'expiredSubject', lead: 'expiredLead', reason: null },
	cancelled: { subject: 'cancelledSubject', lead: 'cancelledLead', reason: 'cancelledReason' },
};

/**
 * Tells a party, in its language, that a workflow it was invited to ended without completing:
 * refused by another party (`refuser`, with the reason they typed), expired, or cancelled by the
 * sender (with the sender's reason, if given). No button: the signing link no longer works.
 */
export function renderEndingEmail(
	kind: EndingEmailKind,
	context: { workflow: Workflow; signer: Signer; refuser: Pick<Signer, 'name' | 'refusalReason'> | null; branding: MailBranding; locale: string },
): MailContent {
	const { workflow, signer, refuser, branding } = context;
	const t = mailTexts(context.locale);
	const organization = branding.organizationName || 'Signflow';
	const texts = ENDING_TEXTS[kind];
	const ended = workflow.expiresAt ?? workflow.endedAt ?? workflow.updatedAt;
	const values = {
		organization,
		workflow: workflow.name,
		name: refuser?.name ?? '',
		expired: formatInZone(ended, workflow.timeZone, t.locale),
	};
	const reason = kind === 'refused' ? refuser?.refusalReason : kind === 'cancelled' ? workflow.cancelReason : null;
	const reasonLabel = reason && texts.reason ? t.text(texts.reason, values) : null;

	const subject = t.text(texts.subject, values);
	const text = [
		t.text('greeting', { name: signer.name }),
		'',
		t.text(texts.lead, values),
		reasonLabel ? `\n${reasonLabel}\n${reason}\n` : '',
		t.text('endedNothingToDo'),
	]
		.filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
		.join('\n');
	const body = brandedPage(t, branding, organization, html`<tr><td style="padding:16px 24px;text-align:${t.start}">
<p>${t.html('greeting', { name: signer.name })}</p>
<p>${t.html(texts.lead, values)}</p>
${reason && texts.reason ? html`<p>${t.html(texts.reason, values)}</p><p style="white-space:pre-wrap;background:#f3f4f6;padding:12px;border-radius:6px" dir="auto">${reason}</p>` : ''}
<p>${t.html('endedNothingToDo')}</p>
</td></tr>
<tr><td style="padding:12px 24px 20px;font-size:12px;color:#6b7280;text-align:${t.start}">${t.html('sentWith')}</td></tr>`);
	return { subject, text, html: body.value };
}

/** The one-time code a signer enters on the signing page (verification "email_otp"), in the signer's language. */
export function renderVerificationCodeEmail(context: {
	workflow: Workflow;
	signer: Signer;
	code: string;
	expiresAt: string;
	branding: MailBranding;
	locale: string;
}): MailContent {
	const { workflow, signer, code, expiresAt, branding } = context;
	const t = mailTexts(context.locale);
	const organization = branding.organizationName || 'Signflow';
	const names = { organization, workflow: workflow.name };
	const until = formatInZone(expiresAt, workflow.timeZone, t.locale);
	const subject = t.text('codeSubject', { code, workflow: workflow.name });
	const text = [
		t.text('greeting', { name: signer.name }),
		'',
		t.text('codeEnter', names),
		'',
		`    ${code}`,
		'',
		t.text('codeValidity', { until }),
	].join('\n');
	const body = brandedPage(t, branding, organization, html`<tr><td style="padding:16px 24px;text-align:${t.start}">
<p>${t.html('greeting', { name: signer.name })}</p>
<p>${t.html('codeEnter', names)}</p>
<p style="text-align:center;font-size:32px;letter-spacing:8px;font-weight:bold;margin:24px 0" class="code" dir="ltr">${code}</p>
<p style="color:#6b7280">${t.html('codeValidity', { until })}</p>
</td></tr>`);
	return { subject, text, html: body.value };
}

/** A signer's email page in its language and direction: the organization's color and logo (or name) above `rows` (table rows). */
function brandedPage(t: MailTexts, branding: MailBranding, organization: string, rows: SafeHtml): SafeHtml {
	return html`<!doctype html>
<html lang="${t.locale}" dir="${t.dir}"><body dir="${t.dir}" style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">
<table role="presentation" dir="${t.dir}" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;border-top:4px solid ${branding.primaryColor}">
<tr><td style="padding:20px 24px 0;text-align:${t.start}">
${branding.logoSrc || branding.logoCid ? html`<img src="${branding.logoSrc ?? `cid:${branding.logoCid}`}" alt="${organization}" style="max-height:40px;max-width:200px">` : html`<strong>${organization}</strong>`}
</td></tr>
${rows}
</table></td></tr></table>
</body></html>`;
}
