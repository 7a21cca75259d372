/**
 * What the signing page's script shows (engine/http/signing/assets: the document view, its fields,
 * the action bar, the dialogs, saving for later, handing over). The page carries the texts of its
 * language in its boot data; assets/i18n.js formats them.
 */
export const en = {
	// The introduction above the document.
	introSign: '{organization} asks you to sign this document.',
	introApprove: '{organization} asks you to review and approve this document.',
	introView: '{organization} shared this document with you to view.',
	introFor: 'For {name} ({email})',
	completedNote: 'What others have filled in and signed is shown in place, as it will appear on the signed document.',
	deadline: 'Please act before {deadline}.',
	pageNumber: '{page} / {pages}',

	// The document's fields, and what others filled in.
	signedBy: 'Signed by {name}',
	filledInBy: 'Filled in by {name}',
	signatureOf: 'Signature of {name}',
	signatureField: 'signature field',
	initialsField: 'initials field',
	checkboxField: 'Checkbox',
	signHere: 'Sign here',
	initialsHere: 'Initials',
	yourSignatureImage: 'Your signature',
	dateField: 'Date',
	textField: 'Text',

	// The action bar.
	sign: 'Sign',
	approve: 'Approve',
	refuse: 'Refuse',
	decline: 'Decline',
	progressCount: '{done} of {total, plural, one {# required field} other {# required fields}} done',
	progressCountShort: '{done} of {total} done',
	progressAllDone: '✓ All required fields done',
	progressAllDoneShort: '✓ All done',
	progressReview: 'Review the document, then approve',
	progressReviewShort: 'Review, then approve',
	fieldsLeft: '{count, plural, one {Fill in the last required field first.} other {Fill in the # required fields left first.}}',

	// The signature dialog.
	signatureTitle: 'Your signature',
	initialsTitle: 'Your initials',
	drawTab: 'Draw',
	typeTab: 'Type',
	drawPad: 'Draw your signature here',
	typedLabel: 'Your name',
	typedPlaceholder: 'Type your full name',
	typedReplaced: 'The signature font cannot draw some of these characters: they appear as “?” on the signed document. Draw your signature to keep them.',
	applyToOtherSignatures: '{count, plural, one {Also use it for my # other signature field} other {Also use it for my # other signature fields}}',
	applyToOtherInitials: '{count, plural, one {Also use it for my # other initials field} other {Also use it for my # other initials fields}}',
	drawFirst: 'Draw your signature, or switch to Type.',
	typeFirst: 'Type your name.',
	clear: 'Clear',
	cancel: 'Cancel',
	apply: 'Apply',
	ok: 'OK',

	// The last step: consent.
	signTitle: 'Sign this document',
	approveTitle: 'Approve this document',
	back: 'Back',
	consentMissingSign: 'Tick the box to agree to sign electronically.',
	consentMissingApprove: 'Tick the box to agree to approve electronically.',

	// Refusing or declining.
	refuseTitle: 'Refuse to sign',
	declineTitle: 'Decline to approve',
	refuseConfirm: 'Refuse to sign',
	declineConfirm: 'Decline',
	refuseExplanation: 'The sender will see your reason. This ends the signing for everyone.',
	reason: 'Reason',
	refuseReasonMissing: 'Say why you refuse.',
	declineReasonMissing: 'Say why you decline.',

	// Save and finish later.
	save: 'Save',
	saveHint: 'Save what you filled in and finish later',
	saving: 'Saving…',
	saved: 'Saved. Open your link again to finish.',
	savedDrawAgain: 'Saved. Open your link again to finish (draw your signature again then).',
	draftRestored: 'What you saved on {savedAt} is filled in again.',

	// Handing the document to someone else.
	delegateQuestion: 'Not the right person to sign?',
	delegateOffer: 'Hand it to someone else',
	delegateTitle: 'Hand this document to someone else',
	delegateExplanation:
		'The person you name gets their own link and takes your place, with the same fields. Your link stops working. The sender sees who you chose and why.',
	delegateName: 'Their name',
	delegateEmail: 'Their email address',
	delegateConfirm: 'Hand over',
	delegateNameMissing: 'Enter the name of the person who signs instead of you.',
	delegateEmailMissing: 'Enter their email address.',
	delegateOwnEmail: 'Enter the email address of someone else: this one is yours.',
	delegateReasonMissing: 'Say why you hand it over.',
	delegatedTitle: 'You handed this document over',
	delegatedTo: '{name} ({email}) gets a link to sign in your place.',
	delegatedLinkEnded: 'Your link no longer works.',

	// A request that failed, by the engine's error code.
	errorNetwork: 'The connection failed. Check your internet connection and try again.',
	errorFailed: 'Something went wrong ({status}). Try again in a moment.',
	errorLinkInvalid: 'This link is no longer valid. Ask the sender for a new one.',
	errorLinkLocked: 'This link is locked. Ask the sender for a new one.',
	errorAccessExpired: 'Your access has expired. Reload the page and enter your code again.',
	errorAlreadyActed: 'You have already responded to this document. Reload the page to see where it stands.',
	errorClosed: 'This document can no longer be signed here. Reload the page to see where it stands.',
	errorDelegationNotAllowed: 'The sender does not allow handing this document to someone else.',
	errorDraftNotAllowed: 'What you filled in cannot be saved now. Reload the page to see where the document stands.',
	errorInvalid: 'Some of what you entered was not accepted. Check the fields and try again.',
	errorTooLarge: 'What you entered is too large to send. Type your signature, or draw it with fewer strokes.',
	errorRateLimited: 'Too many attempts. Wait a moment and try again.',
};
