/**
 * The certificate of completion appended to every signed PDF, in the organization's language.
 * The consent texts it quotes are not here: each is printed as the party read it (consent/).
 */
export const en = {
	title: 'Certificate of completion',
	titleContinued: 'Certificate of completion (continued)',
	subtitle: '{organization} · signed electronically with Signflow',
	footer: 'Certificate of completion · {workflowId}',
	pageOf: 'Page {page} of {pages}',

	workflowHeading: 'Signing workflow',
	workflowName: 'Name',
	workflowId: 'Workflow id',
	organization: 'Organization',
	created: 'Created',
	sent: 'Sent',
	completed: 'Completed',
	timeZone: 'Time zone',

	documentsHeading: 'Documents',
	file: 'File',
	fileValue: '{name} ({pages, plural, one {# page} other {# pages}})',
	originalHash: 'Original SHA-256',
	signedHash: 'Signed SHA-256',
	signedHashNote: 'Signed SHA-256: of the signed pages, before this certificate and the seal were added.',

	partiesHeading: 'Parties',
	roleOrder: 'Role, order',
	roleOrderValue: '{role}, {order}',
	roleSigner: 'signer',
	roleApprover: 'approver',
	roleViewer: 'viewer',
	roleCc: 'copy recipient',
	viewed: 'Viewed',
	signed: 'Signed',
	approved: 'Approved',
	part: 'Part',
	partViewer: 'Viewer',
	partCc: 'Receives a copy',
	delegatedBy: 'Delegated by',
	consent: 'Consent to e-sign',
	consentGiven: 'Given',
	consentGivenBelow: 'Given (text below)',
	consentGivenLettered: 'Given (text {letter} below)',
	notRecorded: 'Not recorded',
	ipAddress: 'IP address',
	userAgent: 'User agent',

	consentHeadingOne: 'Consent to sign electronically',
	consentHeadingMany: 'Consents to sign electronically',
	consentLanguage: 'Language: {language} ({code}), version {version}',

	auditHeading: 'Audit trail',
	events: 'Events',
	headHash: 'Head hash',
	auditNote:
		'Every event of the audit trail includes the hash of the event before it. The head hash above is the hash of the newest event when this certificate was made; GET {auditPath} returns the trail and checks the chain.',

	sealReason: 'Signed by all parties of "{workflow}"',
	testWatermark: 'TEST - NOT VALID',
};
