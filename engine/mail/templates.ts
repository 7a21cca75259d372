import type { AlertEmailKind, EmailKind, Signer, Workflow } from '../domain';
import { html, type SafeHtml } from '../render/html';
import { formatInZone } from '../render/time';

export interface MailBranding {
	organizationName: string;
	primaryColor: string;
	/** Content id of the inline logo, when the organization has one. */
	logoCid: string | null;
}

export interface MailContent {
	subject: string;
	text: string;
	html: string;
}

/** Invitation, reminder and completion emails: plain text plus branded HTML, every value escaped. */
export function renderEmail(
	kind: Exclude<EmailKind, AlertEmailKind>,
	context: { workflow: Workflow; signer: Signer; signingUrl: string; branding: MailBranding },
): MailContent {
	const { workflow, signer, signingUrl, branding } = context;
	const org = branding.organizationName || 'Signflow';
	const expires = workflow.expiresAt ? formatInZone(workflow.expiresAt, workflow.timeZone) : null;
	const action = signer.role === 'approver' ? 'review and approve' : signer.role === 'signer' ? 'sign' : 'view';

	let subject: string;
	let lead: string;
	let button: string | null;
	if (kind === 'completed') {
		subject = `Completed: ${workflow.name}`;
		lead = `Everyone has signed “${workflow.name}”. Download the signed documents, each with its certificate of completion, from the link below; small ones are attached too.`;
		button = 'Download the signed documents';
	} else {
		subject = kind === 'reminder' ? `Reminder: please ${action} “${workflow.name}”` : `${org}: please ${action} “${workflow.name}”`;
		lead =
			signer.role === 'viewer'
				? `${org} shared “${workflow.name}” with you.`
				: `${org} asks you to ${action} “${workflow.name}”.`;
		button = signer.role === 'viewer' ? 'View the document' : signer.role === 'approver' ? 'Review and approve' : 'Review and sign';
	}
	const message = kind === 'completed' ? null : workflow.message;
	const expiry = kind !== 'completed' && expires ? `Please act before ${expires}.` : null;

	const text = [
		`Hello ${signer.name},`,
		'',
		lead,
		message ? `\nMessage from ${org}:\n${message}\n` : '',
		button ? `${button}: ${signingUrl}` : '',
		expiry ?? '',
		'',
		'This link is personal to you; do not forward it.',
	]
		.filter((line, index, lines) => line !== '' || lines[index - 1] !== '')
		.join('\n');

	const body = brandedPage(branding, org, html`<tr><td style="padding:16px 24px">
<p>Hello ${signer.name},</p>
<p>${lead}</p>
${message ? html`<p style="white-space:pre-wrap;background:#f3f4f6;padding:12px;border-radius:6px">${message}</p>` : ''}
${
	button
		? html`<p style="text-align:center;margin:24px 0"><a href="${signingUrl}" style="background:${branding.primaryColor};color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold;display:inline-block">${button}</a></p>
<p style="font-size:12px;color:#6b7280">Or open this link: <a href="${signingUrl}">${signingUrl}</a></p>`
		: ''
}
${expiry ? html`<p style="color:#6b7280">${expiry}</p>` : ''}
</td></tr>
<tr><td style="padding:12px 24px 20px;font-size:12px;color:#6b7280">This link is personal to you; do not forward it. Sent with Signflow.</td></tr>`);
	return { subject, text, html: body.value };
}

/** The alert an organization's admin gets when a webhook configuration is disabled. */
export function renderWebhookDisabledEmail(context: { organizationName: string; webhookName: string; url: string; reason: string }): MailContent {
	const { organizationName, webhookName, url, reason } = context;
	return renderAdminAlert({
		subject: `${organizationName}: webhook "${webhookName}" was disabled`,
		what: {
			text: [`The webhook configuration "${webhookName}" (${url}) of ${organizationName} was disabled.`],
			html: html`The webhook configuration <strong>${webhookName}</strong> (<code>${url}</code>) of ${organizationName} was disabled.`,
		},
		reasonLabel: 'Why',
		reason,
		next: {
			text: [
				'Its events are kept, not sent. Fix the receiving end, then enable the configuration again',
				'(PATCH /api/v1/webhooks/{id} with {"enabled": true}): the kept events go out. Send the',
				'deliveries that failed for good again with POST /api/v1/webhooks/{id}/replay.',
			],
			html: html`Its events are kept, not sent. Fix the receiving end, then enable the configuration again: the kept events go out. Send the deliveries that failed for good again with <code>POST /api/v1/webhooks/{id}/replay</code>.`,
		},
	});
}

/** The alert an organization's admin gets when a completed workflow's signed PDF could not be made. */
export function renderFinalizationFailedEmail(context: { organizationName: string; workflowName: string; workflowId: string; reason: string; attempts: number }): MailContent {
	const { organizationName, workflowName, workflowId, reason, attempts } = context;
	return renderAdminAlert({
		subject: `${organizationName}: the signed PDF of "${workflowName}" could not be made`,
		what: {
			text: [
				`Every party of the signing workflow "${workflowName}" (${workflowId}) of ${organizationName} has signed,`,
				`but the engine could not make its signed PDF, after ${attempts} attempts.`,
			],
			html: html`Every party of the signing workflow <strong>${workflowName}</strong> (<code>${workflowId}</code>) of ${organizationName} has signed, but the engine could not make its signed PDF, after ${attempts} attempts.`,
		},
		reasonLabel: 'Last error',
		reason,
		next: {
			text: [
				'The signatures are recorded (GET /api/v1/workflows/{id}/audit). The n8n flows waiting for',
				'workflow.completed received workflow.finalization_failed instead. Please report the error above.',
			],
			html: html`The signatures are recorded (<code>GET /api/v1/workflows/{id}/audit</code>). The n8n flows waiting for <code>workflow.completed</code> received <code>workflow.finalization_failed</code> instead. Please report the error above.`,
		},
	});
}

/** Text lines, and the same said as one HTML paragraph. */
interface Paragraph {
	text: string[];
	html: SafeHtml;
}

/** An alert to an organization's admin: what happened, why, what to do; plain text and a bare HTML page. */
function renderAdminAlert(alert: { subject: string; what: Paragraph; reasonLabel: string; reason: string; next: Paragraph }): MailContent {
	const { subject, what, reasonLabel, reason, next } = alert;
	const text = [...what.text, '', `${reasonLabel}: ${reason}`, '', ...next.text].join('\n');
	const body = html`<!doctype html>
<html><body style="font-family:Arial,Helvetica,sans-serif;color:#111827">
<p>${what.html}</p>
<p><strong>${reasonLabel}:</strong> ${reason}</p>
<p>${next.html}</p>
</body></html>`;
	return { subject, text, html: body.value };
}

/** The one-time code a signer enters on the signing page (verification "email_otp"). */
export function renderVerificationCodeEmail(context: {
	workflow: Workflow;
	signer: Signer;
	code: string;
	expiresAt: string;
	branding: MailBranding;
}): MailContent {
	const { workflow, signer, code, expiresAt, branding } = context;
	const org = branding.organizationName || 'Signflow';
	const until = formatInZone(expiresAt, workflow.timeZone);
	const subject = `${code} is your code for “${workflow.name}”`;
	const text = [
		`Hello ${signer.name},`,
		'',
		`Enter this code on the signing page to open “${workflow.name}” from ${org}:`,
		'',
		`    ${code}`,
		'',
		`It works until ${until}, once. If you did not ask for it, ignore this email; nobody can open the document without it.`,
	].join('\n');
	const body = brandedPage(branding, org, html`<tr><td style="padding:16px 24px">
<p>Hello ${signer.name},</p>
<p>Enter this code on the signing page to open “${workflow.name}” from ${org}:</p>
<p style="text-align:center;font-size:32px;letter-spacing:8px;font-weight:bold;margin:24px 0" class="code">${code}</p>
<p style="color:#6b7280">It works until ${until}, once. If you did not ask for it, ignore this email; nobody can open the document without it.</p>
</td></tr>`);
	return { subject, text, html: body.value };
}

/** A signer's email page: the organization's color and logo (or name) above `rows` (table rows). */
function brandedPage(branding: MailBranding, org: string, rows: SafeHtml): SafeHtml {
	return html`<!doctype html>
<html><body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;border-top:4px solid ${branding.primaryColor}">
<tr><td style="padding:20px 24px 0">
${branding.logoCid ? html`<img src="cid:${branding.logoCid}" alt="${org}" style="max-height:40px;max-width:200px">` : html`<strong>${org}</strong>`}
</td></tr>
${rows}
</table></td></tr></table>
</body></html>`;
}
