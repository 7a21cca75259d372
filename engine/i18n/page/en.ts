/*
 * The texts of the signer's server-rendered pages (engine/http/signing/pages.ts and
 * emailCodePage.ts): the frame, every state's card, the access code and the emailed code.
 * Quotation marks around a workflow's name are part of each text: every language has its own.
 * {email}, {code} and {button} stand for markup the page puts in (bold text, a button).
 */
export const en = {
	// The frame
	securedBy: 'Secured by Signflow',
	languages: 'Language',
	linkNotValidTitle: 'Link not valid',

	// Signed or approved, others still to go
	doneSignedTitle: 'You have signed',
	doneApprovedTitle: 'You approved this document',
	doneSignedThanks: 'Thank you, {name}. Your signature on “{workflow}” is recorded.',
	doneApprovedThanks: 'Thank you, {name}. Your approval of “{workflow}” is recorded.',
	doneByEmail: 'Once everyone has signed, you will get the signed document by email, and this link offers it for download.',
	doneByLink: 'Once everyone has signed, this link offers the signed document for download.',

	// Everyone has signed
	completedTitle: 'Everyone has signed',
	completedLine: '“{workflow}” is complete.',
	completedDownloads: 'Download the signed documents (each sealed, with its certificate of completion):',
	download: 'Download',
	completedPreparing: 'The signed documents are being prepared. This page updates itself in a moment.',

	// Refused or declined
	refusedOwnTitle: 'You refused to sign',
	declinedOwnTitle: 'You declined to approve',
	refusedOwnLine: 'You refused “{workflow}”.',
	declinedOwnLine: 'You declined “{workflow}”.',
	ownReason: 'Your reason: {reason}',
	refusedOtherTitle: 'This document was declined',
	refusedOtherLine: '“{workflow}” was declined by another party, so no signature is needed any more.',

	// Expired
	expiredTitle: 'This signing request has expired',
	expiredOn: '“{workflow}” expired on {date}.',
	expiredNoDate: '“{workflow}” has expired.',
	askToSendAgain: 'Ask the sender to send it again.',

	// Cancelled
	cancelledTitle: 'This signing request was cancelled',
	cancelledLine: 'The sender cancelled “{workflow}”.',
	cancelledReason: 'Reason: {reason}',

	// Locked
	lockedTitle: 'This link is locked',
	lockedAccessCode: 'The access code was entered wrongly {attempts, plural, one {# time} other {# times}}.',
	lockedEmailCode: 'A code was entered wrongly {attempts, plural, one {# time} other {# times}}.',
	askForNewLink: 'Ask the sender for a new link.',

	// Not this signer's turn
	waitingTitle: 'It is not your turn yet',
	waitingSign: '“{workflow}”: you sign after {names}.',
	waitingApprove: '“{workflow}”: you approve after {names}.',
	waitingByEmail: 'You will get an email when it is your turn; this link will work then.',
	waitingByLink: 'Open this link again once they are done; it will work then.',

	// Other states
	invalidTitle: 'This link is not valid',
	invalidLine: 'It may be mistyped, or a newer link may have replaced it.',
	nothingTitle: 'Nothing to do here',

	// The access code
	accessTitle: 'Enter your access code',
	accessLine: 'The sender protected this document with an access code they gave you separately.',
	accessLabel: 'Access code',
	codeWrong: 'That code is not right. {attemptsLeft, plural, one {# attempt left} other {# attempts left}}.',
	continue: 'Continue',

	// The signing app, before its script runs
	loading: 'Loading the document…',
	needsJavaScript: 'This page needs JavaScript to show and sign the document.',

	// The code sent by email
	emailCodeTitle: 'Confirm it is you',
	emailCodeSent: 'We emailed a 6-digit code to {email}.',
	emailCodeSentTest: 'This is a test workflow: the code is shown below, not emailed to {email}.',
	emailCodeEnter: 'Enter it to open the document; it works for {minutes, plural, one {# minute} other {# minutes}}.',
	emailCodeLabel: 'Code from the email',
	emailCodeResend: 'No email? Look in your spam folder, or {button}.',
	emailCodeResendButton: 'send a new code',
	emailCodeBefore: 'Before the document opens, we email a 6-digit code to {email}.',
	emailCodeBeforeTest: 'Before the document opens, you enter a 6-digit code. This is a test workflow: the code is shown on this page, not emailed.',
	emailCodeSend: 'Email me a code',
	emailCodeShow: 'Show me a code',
	emailCodeTestNotice: 'Test workflow: no email is sent. Your code is {code}.',
	emailCodeExpired: 'That code has expired. Send a new code and enter the new one.',
	emailCodeMalformed: 'The code has 6 digits.',
	emailCodeTooSoon: 'A code was sent a moment ago; you can ask for another in {seconds, plural, one {# second} other {# seconds}}.',
	emailCodeNoMail: 'No code can be sent by email from here. Please ask the sender.',
	/** Added to a signed PDF's file name: "contract-signed.pdf". One word, no spaces. */
	signedSuffix: 'signed',
};
