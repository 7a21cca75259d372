import type { EmailCodeStep } from '../../app/signing/emailCodes';
import { html, type SafeHtml } from '../../render/html';

/** What the code step tells the signer after a try: a wrong code, an expired one, a resend asked for too soon. */
export type EmailCodeNotice =
	| { kind: 'wrong'; attemptsLeft: number }
	| { kind: 'expired' }
	| { kind: 'malformed'; message: string }
	| { kind: 'refused'; message: string }
	/** A test workflow emails no one: its code is shown here instead. */
	| { kind: 'test_code'; code: string };

/**
 * The step before the document for a signer who must enter a code sent to their email
 * (verification "email_otp"): first a button that emails the code (a link checker fetching
 * the page sends nothing), then the form for the code. Plain forms: no JavaScript needed.
 */
export function emailCodeBody(token: string, step: EmailCodeStep, notice: EmailCodeNotice | null): SafeHtml {
	const action = `/sign/${token}/email-code`;
	return html`<section class="card access email-code" data-state="email_code">
<h1>Confirm it is you</h1>
${
	step.pending
		? html`<p>${step.test ? html`This is a test workflow: the code is shown below, not emailed to <strong>${step.sentTo}</strong>.` : html`We emailed a 6-digit code to <strong>${step.sentTo}</strong>.`} Enter it to open the document; it works for 10 minutes.</p>
<form method="post" action="${action}" class="access-form">
<label for="code">Code from the email</label>
<input id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]{6,7}" maxlength="7" autocomplete="one-time-code" required autofocus>
${notice ? noticeLine(notice) : ''}
<button type="submit" class="primary">Continue</button>
</form>
<form method="post" action="${action}/send" class="resend-form">
<p>No email? Look in your spam folder, or <button type="submit" class="link">send a new code</button>.</p>
</form>`
		: html`<p>${step.test ? html`Before the document opens, you enter a 6-digit code. This is a test workflow: the code is shown on this page, not emailed.` : html`Before the document opens, we email a 6-digit code to <strong>${step.sentTo}</strong>.`}</p>
<form method="post" action="${action}/send" class="access-form">
${notice ? noticeLine(notice) : ''}
<button type="submit" class="primary">${step.test ? 'Show me a code' : 'Email me a code'}</button>
</form>`
}
</section>`;
}

function noticeLine(notice: EmailCodeNotice): SafeHtml {
	if (notice.kind === 'test_code')
		return html`<p class="notice" role="status">Test workflow: no email is sent. Your code is <strong>${notice.code}</strong>.</p>`;
	const text =
		notice.kind === 'wrong'
			? `That code is not right. ${notice.attemptsLeft} attempt${notice.attemptsLeft === 1 ? '' : 's'} left.`
			: notice.kind === 'expired'
				? 'That code has expired. Send a new code and enter the new one.'
				: notice.kind === 'refused' || notice.kind === 'malformed'
					? notice.message
					: '';
	return html`<p class="error" role="alert">${text}</p>`;
}
