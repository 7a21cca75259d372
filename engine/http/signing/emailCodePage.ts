import type { EmailCodeStep } from '../../app/signing/emailCodes';
import { EMAIL_CODE_TTL_MS } from '../../domain';
import { html, type SafeHtml } from '../../render/html';
import { pageTexts } from './pages';
import { richMessage } from './richMessage';

/** What the code step tells the signer after a try: a wrong code, an expired one, a resend asked for too soon. */
export type EmailCodeNotice =
	| { kind: 'wrong'; attemptsLeft: number }
	| { kind: 'expired' }
	| { kind: 'malformed' }
	/** A new code was asked for too soon: another can be sent after this many seconds. */
	| { kind: 'too_soon'; seconds: number }
	/** This engine sends no email, so no code can reach the signer. */
	| { kind: 'no_mail' }
	/** A test workflow emails no one: its code is shown here instead. */
	| { kind: 'test_code'; code: string };

/**
 * The step before the document for a signer who must enter a code sent to their email
 * (verification "email_otp"): first a button that emails the code (a link checker fetching
 * the page sends nothing), then the form for the code. Plain forms: no JavaScript needed.
 * `query` keeps the language the signer chose on the forms' addresses.
 */
export function emailCodeBody(token: string, step: EmailCodeStep, notice: EmailCodeNotice | null, locale: string, query = ''): SafeHtml {
	const t = pageTexts(locale);
	const action = `/sign/${token}/email-code`;
	const email = html`<strong dir="ltr">${step.sentTo}</strong>`;
	return html`<section class="card access email-code" data-state="email_code">
<h1>${t('emailCodeTitle')}</h1>
${
	step.pending
		? html`<p>${step.test ? richMessage(t, 'emailCodeSentTest', {}, { email }) : richMessage(t, 'emailCodeSent', {}, { email })} ${t('emailCodeEnter', { minutes: EMAIL_CODE_TTL_MS / 60_000 })}</p>
<form method="post" action="${action}${query}" class="access-form">
<label for="code">${t('emailCodeLabel')}</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" autocomplete="one-time-code" required autofocus>
${notice ? noticeLine(notice, t) : ''}
<button type="submit" class="primary">${t('continue')}</button>
</form>
<form method="post" action="${action}/send${query}" class="resend-form">
<p>${richMessage(t, 'emailCodeResend', {}, { button: html`<button type="submit" class="link">${t('emailCodeResendButton')}</button>` })}</p>
</form>`
		: html`<p>${step.test ? t('emailCodeBeforeTest') : richMessage(t, 'emailCodeBefore', {}, { email })}</p>
<form method="post" action="${action}/send${query}" class="access-form">
${notice ? noticeLine(notice, t) : ''}
<button type="submit" class="primary">${t(step.test ? 'emailCodeShow' : 'emailCodeSend')}</button>
</form>`
}
</section>`;
}

function noticeLine(notice: EmailCodeNotice, t: ReturnType<typeof pageTexts>): SafeHtml {
	if (notice.kind === 'test_code')
		return html`<p class="notice" role="status">${richMessage(t, 'emailCodeTestNotice', {}, { code: html`<strong dir="ltr">${notice.code}</strong>` })}</p>`;
	const text =
		notice.kind === 'wrong'
			? t('codeWrong', { attemptsLeft: notice.attemptsLeft })
			: notice.kind === 'expired'
				? t('emailCodeExpired')
				: notice.kind === 'too_soon'
					? t('emailCodeTooSoon', { seconds: notice.seconds })
					: notice.kind === 'no_mail'
						? t('emailCodeNoMail')
						: t('emailCodeMalformed');
	return html`<p class="error" role="alert">${text}</p>`;
}
