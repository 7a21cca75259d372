/**
 * Every email the engine sends, in English (the reference for the other languages). Signers read
 * the invitation (also sent again on resend, after a correction, a reassignment or a delegation,
 * to whoever holds the new link), the reminder (on request and on the reminder policy), the
 * completion email, the verification code, and the news that the workflow was declined, expired or
 * was cancelled (to whoever still held a link, or had acted); an organization's admin reads the alerts.
 */
export const en = {
	invitationSubjectSigner: '{organization}: please sign “{workflow}”',
	invitationSubjectApprover: '{organization}: please review and approve “{workflow}”',
	invitationSubjectViewer: '{organization}: please view “{workflow}”',
	reminderSubjectSigner: 'Reminder: please sign “{workflow}”',
	reminderSubjectApprover: 'Reminder: please review and approve “{workflow}”',
	reminderSubjectViewer: 'Reminder: please view “{workflow}”',
	requestSigner: '{organization} asks you to sign “{workflow}”.',
	requestApprover: '{organization} asks you to review and approve “{workflow}”.',
	requestViewer: '{organization} shared “{workflow}” with you.',
	buttonSigner: 'Review and sign',
	buttonApprover: 'Review and approve',
	buttonViewer: 'View the document',
	completedSubject: 'Completed: {workflow}',
	completedLead:
		'Everyone has signed “{workflow}”. Download the signed documents, each with its certificate of completion, from the link below; small ones are attached too.',
	completedButton: 'Download the signed documents',
	greeting: 'Hello {name},',
	messageFrom: 'Message from {organization}:',
	/** The plain-text part's button: its label, then the link. */
	linkLine: '{button}: {url}',
	openLink: 'Or open this link: {url}',
	actBefore: 'Please act before {expires}.',
	personalLink: 'This link is personal to you; do not forward it.',
	sentWith: 'Sent with Signflow.',
	/** A workflow ended without completing: told to the parties whose links it voided. {name} is who declined. */
	refusedSubject: 'Declined: {workflow}',
	refusedLead: '{name} has declined “{workflow}” from {organization}. The signing request has therefore ended, and the document can no longer be signed.',
	refusedReason: 'Reason given:',
	/** {expired} is the date and time the workflow expired, with its time zone. */
	expiredSubject: 'Expired: {workflow}',
	expiredLead: 'The signing request for “{workflow}” from {organization} expired on {expired}, before everyone had signed. The document can no longer be signed.',
	cancelledSubject: 'Cancelled: {workflow}',
	cancelledLead: '{organization} has cancelled the signing request for “{workflow}”. The document can no longer be signed.',
	cancelledReason: 'Reason given by {organization}:',
	endedNothingToDo: 'Nothing more is needed from you. Your link to the document no longer works.',

	codeSubject: '{code} is your code for “{workflow}”',
	codeEnter: 'Enter this code on the signing page to open “{workflow}” from {organization}:',
	codeValidity: 'It works until {until}, once. If you did not ask for it, ignore this email; nobody can open the document without it.',

	webhookDisabledSubject: '{organization}: webhook "{webhook}" was disabled',
	webhookDisabledWhat: 'The webhook configuration "{webhook}" ({url}) of {organization} was disabled.',
	/** {enable} and {replay} are API calls, left as they are. */
	webhookDisabledNext:
		'Its events are kept, not sent. Fix the receiving end, then enable the configuration again ({enable}): the kept events go out. Send the deliveries that failed for good again with {replay}.',
	/** Why the engine disabled it (domain/webhook.ts WebhookDisableCause), said in the alert's "Why". */
	webhookGone: 'The receiver answered 410 Gone: it no longer wants these events.',
	webhookDeadInARow: '{deliveries, plural, one {# delivery} other {# deliveries in a row}} failed every attempt.',
	webhookFailingFor: 'No delivery succeeded for {hours, plural, one {# hour} other {# hours}} while failing.',
	finalizationFailedSubject: '{organization}: the signed PDF of "{workflow}" could not be made',
	finalizationFailedWhat:
		'Every party of the signing workflow "{workflow}" ({id}) of {organization} has signed, but the engine could not make its signed PDF, after {attempts, plural, one {# attempt} other {# attempts}}.',
	/** {audit} is an API call, {completed} and {failed} are event names: left as they are. */
	finalizationFailedNext:
		'The signatures are recorded ({audit}). The n8n flows waiting for {completed} received {failed} instead. Please report the error above.',
	alertWhy: 'Why:',
	alertLastError: 'Last error:',
	/** Added to a signed PDF's file name: "contract-signed.pdf". One word, no spaces. */
	signedSuffix: 'signed',
};
