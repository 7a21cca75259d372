import type { WebhookDisableCause } from '../domain';
import { html, type SafeHtml } from '../render/html';
import { mailTexts, type EmailText, type MailTexts } from './mailTexts';
import type { MailContent } from './templates';

// Alerts to an organization's admin, in the organization's language (`locale`).

/** The alert an organization's admin gets when a webhook configuration is disabled. */
export function renderWebhookDisabledEmail(context: {
	organizationName: string;
	webhookId: string | null;
	webhookName: string;
	url: string;
	/** Why, in the organization's language; `reason` (English) for an alert queued without it. */
	cause: WebhookDisableCause | null;
	reason: string;
	locale: string;
}): MailContent {
	const { organizationName: organization, webhookName: webhook, url } = context;
	const t = mailTexts(context.locale);
	const path = `/api/v1/webhooks/${context.webhookId ?? '{id}'}`;
	const enable = `PATCH ${path} {"enabled": true}`;
	const replay = `POST ${path}/replay`;
	return renderAdminAlert(t, {
		subject: t.text('webhookDisabledSubject', { organization, webhook }),
		what: paragraph(t, 'webhookDisabledWhat', { organization, webhook, url }, { webhook: strong(webhook), url: code(url) }),
		reasonLabel: 'alertWhy',
		reason: context.cause ? disableCauseText(t, context.cause) : context.reason,
		next: paragraph(t, 'webhookDisabledNext', { enable, replay }, { enable: code(enable), replay: code(replay) }),
	});
}

function disableCauseText(t: MailTexts, cause: WebhookDisableCause): string {
	switch (cause.kind) {
		case 'gone':
			return t.text('webhookGone');
		case 'dead_in_a_row':
			return t.text('webhookDeadInARow', { deliveries: cause.deliveries });
		case 'failing_for':
			return t.text('webhookFailingFor', { hours: cause.hours });
	}
}

/** The alert an organization's admin gets when a completed workflow's signed PDF could not be made. */
export function renderFinalizationFailedEmail(context: {
	organizationName: string;
	workflowName: string;
	workflowId: string;
	reason: string;
	attempts: number;
	locale: string;
}): MailContent {
	const { organizationName: organization, workflowName: workflow, workflowId: id, reason, attempts } = context;
	const t = mailTexts(context.locale);
	const events = { audit: 'GET /api/v1/workflows/{id}/audit', completed: 'workflow.completed', failed: 'workflow.finalization_failed' };
	return renderAdminAlert(t, {
		subject: t.text('finalizationFailedSubject', { organization, workflow }),
		what: paragraph(t, 'finalizationFailedWhat', { organization, workflow, id, attempts }, { workflow: strong(workflow), id: code(id) }),
		reasonLabel: 'alertLastError',
		reason,
		next: paragraph(t, 'finalizationFailedNext', events, { audit: code(events.audit), completed: code(events.completed), failed: code(events.failed) }),
	});
}

/** One text said as plain text and as HTML, where `marked` values wear their markup. */
interface Paragraph {
	text: string;
	html: SafeHtml;
}

function paragraph(t: MailTexts, key: EmailText, values: Record<string, string | number>, marked: Record<string, SafeHtml>): Paragraph {
	return { text: t.text(key, values), html: t.html(key, { ...values, ...marked }) };
}

const strong = (text: string) => html`<strong>${text}</strong>`;
const code = (text: string) => html`<code dir="ltr">${text}</code>`;

/** An alert to an organization's admin: what happened, why, what to do; plain text and a bare HTML page. */
function renderAdminAlert(t: MailTexts, alert: { subject: string; what: Paragraph; reasonLabel: EmailText; reason: string; next: Paragraph }): MailContent {
	const { subject, what, reasonLabel, reason, next } = alert;
	const text = [what.text, '', `${t.text(reasonLabel)} ${reason}`, '', next.text].join('\n');
	const body = html`<!doctype html>
<html lang="${t.locale}" dir="${t.dir}"><body dir="${t.dir}" style="font-family:Arial,Helvetica,sans-serif;color:#111827;text-align:${t.start}">
<p>${what.html}</p>
<p><strong>${t.html(reasonLabel)}</strong> <span dir="auto">${reason}</span></p>
<p>${next.html}</p>
</body></html>`;
	return { subject, text, html: body.value };
}
